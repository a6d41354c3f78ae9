public import AgentCore
import Foundation
import IRC

extension IRCGateway {
    func enqueue(_ message: Message, priority: Outbox.Priority = .normal, kind: Outbox.Kind = .chat) {
        queue(message, priority: priority, kind: kind)
        outboxAlarm.ring()
    }

    /// Queues without waking the writer (for batches, which ring once).
    private func queue(
        _ message: Message, priority: Outbox.Priority = .normal, kind: Outbox.Kind = .chat, addressee: String? = nil,
        joinable: Bool = true
    ) {
        if priority == .normal, atOnce != nil, let entry = outbox.takeAtOnce(message, kind: kind, at: .now) {
            sentLines += 1
            atOnce?.appendLine(entry.line)
            return
        }
        guard
            outbox.enqueue(message, priority: priority, kind: kind, addressee: addressee, joinable: joinable, at: .now)
        else {
            log.error("refused to send an invalid line", metadata: ["command": message.command.verb])
            return
        }
    }

    /// Writes what the outbox releases, all of it in one write per wake, and waits exactly until
    /// the budget allows the next line or another line is queued.
    func writeLoop(_ connection: LineConnection) async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            reportUndelivered(outbox.expire(at: now), reason: "waited longer than the outbox allows", expired: true)
            if let wait = writeReleased(to: connection, at: now) {
                await outboxAlarm.wait(until: now + .microseconds(Int64(max(1, wait * 1_000_000))))
            } else {
                await outboxAlarm.wait()
            }
        }
    }

    /// Writes every line the outbox releases at `now`, in one write; returns the seconds until
    /// the budget allows the next waiting line (nil: none waits for the budget).
    private func writeReleased(to connection: LineConnection, at now: ContinuousClock.Instant) -> Double? {
        var buffer: [UInt8] = []
        var wait: Double?
        while true {
            let (entry, delay) = outbox.next(at: now)
            guard let entry else {
                wait = delay
                break
            }
            if entry.replies > 1 { coalescedReplies += entry.replies - 1 }
            sentLines += 1
            buffer.appendLine(entry.line)
        }
        if !buffer.isEmpty {
            connection.send(buffer)
            flushedAlarm.ring()
        }
        return wait
    }

    /// Sends at once what the budget allows of newly queued lines (they are on the gateway's
    /// thread already: waking the writer for them would cost a hop per reply), and wakes the
    /// writer only for lines that must wait.
    private func sendQueued() {
        guard outbox.count > 0 else { return }
        if let connection, !connection.isClosing { _ = writeReleased(to: connection, at: .now) }
        if outbox.count > 0 { outboxAlarm.ring() }
    }

    public func lookUp(nick: String) async -> NickLookup { session.lookUp(nick: nick) }

    public func health() async -> GatewayHealth {
        let connected = connection != nil && session.isRegistered
        var health = GatewayHealth(
            network: network, kind: "irc", connected: connected, since: connected ? registeredAt : nil,
            lagSeconds: lag.map(\.inSeconds),
            queuedLines: outbox.count, sentLines: sentLines, expiredLines: expiredLines,
            droppedLines: undeliveredLines - expiredLines, reconnects: max(0, registrations - 1))
        health.coalescedReplies = coalescedReplies
        return health
    }

    public func channelFacts(_ channel: String) async -> ChannelFacts? { session.channelFacts(channel) }

    public nonisolated func perform(_ request: GatewayRequest) async {
        await perform([request])
    }

    /// Queues the requests' lines. A caller already on the network's thread (its commands run
    /// there) queues them directly: that thread runs one job at a time, the gateway's included,
    /// so nothing else can touch the outbox meanwhile, and two hops per reply are saved.
    public nonisolated func perform(_ requests: [GatewayRequest]) async {
        if loop.isCurrent {
            queueOnLoop(requests)
        } else {
            await queueRequests(requests)
        }
    }

    private nonisolated func queueOnLoop(_ requests: [GatewayRequest]) {
        assumeIsolated { $0.queueRequests(requests) }
    }

    private func queueRequests(_ requests: [GatewayRequest]) {
        guard !stopped else {
            log.warning("not delivered: the gateway has stopped", metadata: ["requests": "\(requests)"])
            return
        }
        // Several reply lines to one person in one batch are one multi-line reply: they keep
        // their lines apart (only a one-line reply may be joined with others).
        var replyLines: [String: Int] = [:]
        if requests.count > 1 {
            for case .reply(let conversation, _, let nick) in requests {
                replyLines[conversation.name + "\u{1F}" + nick, default: 0] += 1
            }
        }
        // What nothing waits before and the budget allows goes out at once, in one write.
        if let connection, !connection.isClosing {
            // Moved, not shared: a shared buffer would be copied by the first append.
            atOnce = sendBuffer
            sendBuffer = []
        }
        for request in requests {
            var alone = true
            if requests.count > 1, case .reply(let conversation, _, let nick) = request {
                alone = replyLines[conversation.name + "\u{1F}" + nick, default: 0] <= 1
            }
            queue(request, joinable: alone)
        }
        if var bytes = atOnce {
            atOnce = nil
            if !bytes.isEmpty {
                connection?.send(bytes)
                flushedAlarm.ring()
            }
            bytes.removeAll(keepingCapacity: true)
            sendBuffer = bytes
        }
        sendQueued()
    }

    /// Turns a request into queued lines, without waking the writer; `joinable` is false for a
    /// line of a multi-line reply.
    private func queue(_ request: GatewayRequest, joinable: Bool = true) {
        switch request {
        case .say(let conversation, let text):
            for message in splitter.messages(.privmsg, target: conversation.name, text: text) { queue(message) }
        case .reply(let conversation, let text, let nick):
            // Every line of a reply waits in the person's lane (their replies keep their order);
            // only a reply that fits one line may be joined with others.
            let messages = splitter.messages(.privmsg, target: conversation.name, text: text)
            let addressee = conversation.isPrivate ? nil : nick
            for message in messages { queue(message, addressee: addressee, joinable: joinable && messages.count == 1) }
        case .notice(let conversation, let text):
            for message in splitter.messages(.notice, target: conversation.name, text: text) { queue(message) }
        case .action(let conversation, let text):
            for message in splitter.messages(.privmsg, target: conversation.name, text: text, action: true) {
                queue(message)
            }
        // Moderation goes ahead of chat: a mute that waits behind replies lets a flood go on.
        case .mode(let channel, let modes, let arguments):
            queue(Message(command: .mode, parameters: [channel, modes] + arguments), priority: .urgent)
        case .ban(let channel, let mask):
            queue(Message(command: .mode, parameters: [channel, "+b", mask]), priority: .urgent)
        case .kick(let channel, let nick, let reason):
            queue(Message(command: .kick, parameters: [channel, nick, reason.onOneLine]), priority: .urgent)
        case .invite(let nick, let channel):
            queue(Message(command: .invite, parameters: [nick, channel]))
        case .topic(let channel, let text):
            queue(Message(command: .topic, parameters: [channel, text.onOneLine]))
        }
    }

    /// Counts and logs chat lines that will not be sent; never silent.
    func reportUndelivered(_ entries: [Outbox.Entry], reason: String, expired: Bool = false) {
        guard !entries.isEmpty else { return }
        let replies = entries.reduce(0) { $0 + $1.replies }
        undeliveredLines += replies
        if expired { expiredLines += replies }
        log.warning(
            "lines not delivered: \(reason)", metadata: ["count": "\(replies)", "total": "\(undeliveredLines)"])
        for entry in entries {
            log.info("not delivered", metadata: ["reason": reason, "line": entry.line])
        }
    }

    // MARK: Learning the server's flood limit

    private static let pacingKey = "outbox.pacing"

    private struct LearnedPacing: Codable {
        var configured: Pacing
        var learned: Pacing
        var reason: String
    }

    /// Uses a slower pacing learned earlier, unless the configured pacing has changed since
    /// (then the learned one is forgotten). `run` does this itself.
    public func loadLearnedPacing() async {
        guard configuration.outboxLearns, let memory else { return }
        do {
            guard let text = try await memory.value(Self.pacingKey, network: network),
                let stored = try? JSONDecoder().decode(LearnedPacing.self, from: Data(text.utf8))
            else { return }
            guard stored.configured == Self.configuredPacing(configuration) else {
                log.info(
                    "configured pacing changed; forgetting the learned one", metadata: ["was": "\(stored.learned)"])
                try await memory.set(nil, for: Self.pacingKey, network: network)
                return
            }
            outbox.pacing = stored.learned
            log.notice(
                "using the slower pacing learned from an earlier flood disconnect",
                metadata: ["pacing": "\(stored.learned)", "reason": stored.reason])
        } catch {
            log.error("cannot read the learned pacing", metadata: ["error": "\(error)"])
        }
    }

    /// After a disconnect for flooding, sends slower from now on and remembers it.
    func learnFromDisconnect(_ reason: String) async {
        guard configuration.outboxLearns, Pacing.isFloodDisconnect(reason) else { return }
        let old = outbox.pacing
        outbox.pacing = old.slowed()
        log.warning(
            "the server disconnected the agent for flooding; sending slower from now on",
            metadata: ["reason": reason, "was": "\(old)", "now": "\(outbox.pacing)"])
        guard let memory else { return }
        let stored = LearnedPacing(
            configured: Self.configuredPacing(configuration), learned: outbox.pacing, reason: reason)
        do {
            let text = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
            try await memory.set(text, for: Self.pacingKey, network: network)
        } catch {
            log.error("cannot store the learned pacing", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Stopping

    public func shutdown(message: String, within seconds: Double) async {
        guard !shuttingDown else { return }
        shuttingDown = true
        let deadline = ContinuousClock.now + .milliseconds(Int(max(0.5, seconds) * 1000))
        connectTask?.cancel()
        stopAlarm.ring()
        guard let connection else { return }
        if session.isRegistered {
            // Replies first, as far as the budget allows, keeping a moment for the goodbye.
            let replyDeadline = deadline - .milliseconds(min(1000, Int(seconds * 500)))
            while outbox.count > 0, ContinuousClock.now < replyDeadline, self.connection != nil {
                await flushedAlarm.wait(until: replyDeadline)
            }
            reportUndelivered(outbox.drain(), reason: "shutdown deadline reached")
            enqueue(
                Message(command: .quit, parameters: [configuration.quitMessage.onOneLine]), priority: .urgent,
                kind: .session)
            while outbox.count > 0, ContinuousClock.now < deadline, self.connection != nil {
                await flushedAlarm.wait(until: deadline)
            }
        }
        connection.close(
            flushTimeout: max(0.1, ContinuousClock.now.duration(to: deadline).inSeconds),
            reason: "shut down: \(message)")
    }
}

extension [UInt8] {
    /// Appends `line` as it goes on the wire, CRLF included.
    fileprivate mutating func appendLine(_ line: String) {
        append(contentsOf: line.utf8)
        append(contentsOf: [0x0D, 0x0A])
    }
}
