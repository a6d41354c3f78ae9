public import AgentCore
import Foundation
import IRC

extension IRCGateway {
    func apply(_ actions: [SessionAction]) async {
        for action in actions {
            switch action {
            case .send(let message, let priority, let kind):
                enqueue(message, priority: priority, kind: kind)
            case .emit(let event):
                await handler?(event)
            case .registered:
                registrations += 1
                outbox.normalLinesAllowed = true
                log.info(
                    "registered",
                    metadata: [
                        "nick": session.nick, "account": session.ownAccount ?? "none",
                        "caps": session.enabledCapabilities.sorted().joined(separator: ","),
                    ])
                outboxSignal?.yield()
            case .disconnect(let reason):
                log.log(shuttingDown ? .debug : .warning, "giving up on this connection", metadata: ["reason": reason])
                connection?.close(flushTimeout: 1, reason: reason)
            case .rejoinLater(let channel, let delay):
                log.notice("kicked; rejoining later", metadata: ["channel": channel, "delay_s": "\(delay)"])
                pendingRejoins.append((channel, .now + .milliseconds(Int(delay * 1000))))
            case .pongReceived(let token):
                if let ping, ping.token == token {
                    lag = ContinuousClock.now - ping.sentAt
                    self.ping = nil
                    log.debug("lag measured", metadata: ["lag": "\(lag ?? .zero)"])
                }
            case .ownPrefixKnown(let nick, let user, let host):
                splitter.prefixLength = LineSplitter.prefixLength(nick: nick, user: user, host: host)
            }
        }
    }

    func enqueue(_ message: Message, priority: Outbox.Priority = .normal, kind: Outbox.Kind = .chat) {
        outbox.enqueue(message, priority: priority, kind: kind, at: Date())
        outboxSignal?.yield()
    }

    /// Sends what the outbox releases, waiting for tokens or new lines in between.
    func writeLoop(_ connection: LineConnection, signals: AsyncStream<Void>) async {
        var wakeups = signals.makeAsyncIterator()
        while !Task.isCancelled {
            let (entry, wait) = outbox.next(at: Date())
            if let entry {
                do {
                    let line = try entry.message.serialized()
                    connection.send(Array(line.utf8) + [0x0D, 0x0A])
                } catch {
                    log.error(
                        "refused to send an invalid line",
                        metadata: ["error": "\(error)", "command": entry.message.command])
                }
                continue
            }
            if let wait {
                try? await Task.sleep(for: .milliseconds(max(1, Int(wait * 1000))))
            } else if await wakeups.next() == nil {
                return
            }
        }
    }

    /// Keep-alive, registration timeout, rejoins after KICK and regaining the configured nick.
    func tickLoop(_ connection: LineConnection) async {
        let tick = max(0.05, min(1, configuration.pingInterval / 4, configuration.pingTimeout / 4))
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(tick * 1000)))
            guard !Task.isCancelled else { return }
            await self.tick(connection)
        }
    }

    private func tick(_ connection: LineConnection) async {
        let now = ContinuousClock.now
        if let ping, now - ping.sentAt > .milliseconds(Int(configuration.pingTimeout * 1000)) {
            connection.close(reason: "ping timeout: no reply for \(Int(configuration.pingTimeout)) s")
            return
        }
        if ping == nil, now - lastReceived > .milliseconds(Int(configuration.pingInterval * 1000)) {
            let token = "agent-\(Int(Date().timeIntervalSince1970 * 1000))"
            ping = (token, now)
            enqueue(Message(command: "PING", parameters: [token]), priority: .urgent, kind: .session)
        }
        if !session.isRegistered, now - connectedAt > .seconds(max(60, configuration.connectTimeout * 4)) {
            connection.close(reason: "registration timed out")
            return
        }
        let due = pendingRejoins.filter { $0.due <= now }
        pendingRejoins.removeAll { $0.due <= now }
        for rejoin in due {
            if let action = session.rejoin(rejoin.channel) { await apply([action]) }
        }
        if session.wantsPreferredNick, now - lastNickRegain > .seconds(60), let regain = session.regainNick() {
            lastNickRegain = now
            await apply([regain])
        }
    }

    public func perform(_ request: GatewayRequest) async {
        guard !shuttingDown else {
            log.warning("not delivered: shutting down", metadata: ["request": "\(request)"])
            return
        }
        switch request {
        case .say(let conversation, let text):
            for message in splitter.messages("PRIVMSG", target: conversation.name, text: text) { enqueue(message) }
        case .notice(let conversation, let text):
            for message in splitter.messages("NOTICE", target: conversation.name, text: text) { enqueue(message) }
        case .action(let conversation, let text):
            for message in splitter.messages("PRIVMSG", target: conversation.name, text: text, action: true) {
                enqueue(message)
            }
        case .mode(let channel, let modes, let arguments):
            enqueue(Message(command: "MODE", parameters: [channel, modes] + arguments))
        case .ban(let channel, let mask):
            enqueue(Message(command: "MODE", parameters: [channel, "+b", mask]))
        case .kick(let channel, let nick, let reason):
            enqueue(Message(command: "KICK", parameters: [channel, nick, Self.oneLine(reason)]))
        case .invite(let nick, let channel):
            enqueue(Message(command: "INVITE", parameters: [nick, channel]))
        case .topic(let channel, let text):
            enqueue(Message(command: "TOPIC", parameters: [channel, Self.oneLine(text)]))
        }
    }

    public func shutdown(message: String) async {
        guard !shuttingDown else { return }
        shuttingDown = true
        guard let connection else { return }
        if session.isRegistered {
            enqueue(Message(command: "QUIT", parameters: [Self.oneLine(message)]), priority: .urgent, kind: .session)
            for _ in 0..<20 where outbox.count > 0 {
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        connection.close(flushTimeout: 2, reason: "shut down: \(message)")
    }

    /// A state snapshot for tests and diagnostics.
    public var snapshot: (nick: String, registered: Bool, channels: [String], account: String?) {
        (session.nick, session.isRegistered, session.joinedChannels, session.ownAccount)
    }

    /// The account the gateway believes `nick` is logged in as.
    public func account(of nick: String) -> String? { session.account(of: nick) }

    /// Members of a joined channel.
    public func members(of channel: String) -> [String] { session.members(of: channel) }

    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\0" ? " " : $0 })
    }
}
