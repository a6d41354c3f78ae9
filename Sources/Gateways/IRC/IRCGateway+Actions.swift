import AgentCore
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
                registeredAt = Date()
                outbox.markLive(at: .now)
                outboxAlarm.ring()
                log.info(
                    "registered",
                    metadata: [
                        "nick": session.nick, "account": session.ownAccount ?? "none",
                        "caps": session.enabledCapabilities.sorted().joined(separator: ","),
                    ])
            case .disconnect(let reason):
                log.log(shuttingDown ? .debug : .warning, "giving up on this connection", metadata: ["reason": reason])
                // The server may close the socket before this line is handled: keep its words.
                if disconnectReason == nil { disconnectReason = reason }
                connection?.close(flushTimeout: 1, reason: reason)
            case .rejoinLater(let channel, let delay):
                log.notice("kicked; rejoining later", metadata: ["channel": channel, "delay_s": "\(delay)"])
                pendingRejoins.append((channel, .now + .milliseconds(Int(delay * 1000))))
                tickAlarm.ring()
            case .pongReceived(let token):
                if let ping, ping.token == token {
                    lag = ContinuousClock.now - ping.sentAt
                    self.ping = nil
                    log.debug("lag measured", metadata: ["lag": "\(lag ?? .zero)"])
                }
            case .ownPrefixKnown(let nick, let user, let host):
                splitter.prefixLength = LineSplitter.prefixLength(nick: nick, user: user, host: host)
            case .log(let level, let text):
                log.log(level, text, metadata: ["network": network])
            case .answerTime(let nick):
                await apply([IRCSession.ctcpAnswer(CTCP.time, Date().formatted(.iso8601), to: nick)])
            }
        }
    }

    /// Keep-alive, registration timeout, rejoins after KICK and regaining the configured nick:
    /// sleeps until the earliest of them is due (or a new one is added).
    func tickLoop(_ connection: LineConnection) async {
        while !Task.isCancelled {
            await tickAlarm.wait(until: nextDuty())
            guard !Task.isCancelled else { return }
            await self.tick(connection)
        }
    }

    /// When the next timed duty falls due.
    private func nextDuty() -> ContinuousClock.Instant {
        var due: [ContinuousClock.Instant] = []
        if let ping {
            due.append(ping.sentAt + .milliseconds(Int(configuration.pingTimeout * 1000)))
        } else {
            let interval = Duration.milliseconds(Int(configuration.pingInterval * 1000))
            due.append(min(lastReceived, lastPingSent) + interval)
        }
        if !session.isRegistered { due.append(connectedAt + registrationTimeout) }
        due += pendingRejoins.map(\.due)
        if session.wantsPreferredNick { due.append(lastNickRegain + .seconds(60)) }
        // Lines received meanwhile move the keep-alive later; waking at the old time just recomputes.
        return (due.min() ?? .now) + .milliseconds(1)
    }

    private var registrationTimeout: Duration { .seconds(max(60, configuration.connectTimeout * 4)) }

    private func tick(_ connection: LineConnection) async {
        let now = ContinuousClock.now
        if let ping, now - ping.sentAt > .milliseconds(Int(configuration.pingTimeout * 1000)) {
            connection.close(reason: "ping timeout: no reply for \(Int(configuration.pingTimeout)) s")
            return
        }
        // A PING after a quiet interval finds a dead connection; one every interval while lines
        // keep coming measures the lag (`/metrics`, `/healthz`) on a busy network too.
        let interval = Duration.milliseconds(Int(configuration.pingInterval * 1000))
        if ping == nil, now - lastReceived > interval || now - lastPingSent > interval {
            let token = "agent-\(Int(Date().timeIntervalSince1970 * 1000))"
            ping = (token, now)
            lastPingSent = now
            enqueue(Message(command: .ping, parameters: [token]), priority: .urgent, kind: .session)
        }
        if !session.isRegistered, now - connectedAt > registrationTimeout {
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

    /// A state snapshot for tests and diagnostics.
    public var snapshot: (nick: String, registered: Bool, channels: [String], account: String?) {
        (session.nick, session.isRegistered, session.joinedChannels, session.ownAccount)
    }

    /// The account the gateway believes `nick` is logged in as.
    public func account(of nick: String) -> String? { session.account(of: nick) }

    /// Members of a joined channel.
    public func members(of channel: String) -> [String] { session.members(of: channel) }
}
