public import AgentCore
import Foundation
import IRC

/// A gateway to one IRC network that keeps itself connected.
///
/// It connects (TCP or TLS), registers with CAP/SASL, joins the configured channels and then
/// serves: incoming lines become `ChatEvent`s, requests become paced lines in the outbox.
/// Any loss (EOF, reset, ping timeout, ERROR, K-line) leads to a reconnect with exponential
/// backoff and jitter, re-registration, re-authentication and re-joining. A disconnect for
/// flooding slows its pacing down for good (remembered in `memory` across restarts).
///
/// The gateway runs on its network's `NetworkLoop`, the thread that also reads and writes its
/// socket, and offers that loop to the agent for the network's commands (`taskExecutor`).
public actor IRCGateway: Gateway {
    public nonisolated let network: String
    /// The thread this gateway, its socket and its network's commands run on.
    nonisolated let loop: NetworkLoop
    let configuration: NetworkConfiguration
    let log: Logger
    let memory: NetworkMemory?
    var outbox: Outbox
    var splitter: LineSplitter
    var session: IRCSession
    var connection: LineConnection?
    var handler: ChatEventHandler?
    var shuttingDown = false
    /// `run` has returned: requests can no longer be sent and are reported instead.
    var stopped = false
    /// While requests are being queued on a live connection: the lines that go at once, written
    /// together when they are all queued (nil otherwise).
    var atOnce: [UInt8]?
    /// `atOnce`'s storage between batches, so a reply costs no new buffer.
    var sendBuffer: [UInt8] = []
    /// Rung when lines are queued or may go; the write loop waits on it.
    let outboxAlarm = Alarm()
    /// Rung when a line has been written, for a shutdown waiting for the outbox to empty.
    let flushedAlarm = Alarm()
    /// Rung by `shutdown`, to cut short a reconnect delay.
    let stopAlarm = Alarm()
    /// Rung when a timer-driven duty (rejoin, nick regain) is added.
    let tickAlarm = Alarm()
    var connectTask: Task<LineConnection, any Error>?
    /// Why the session gave up on the connection (a server's ERROR), which beats the socket's reason.
    var disconnectReason: String?
    var lastReceived = ContinuousClock.now
    var connectedAt = ContinuousClock.now
    var ping: (token: String, sentAt: ContinuousClock.Instant)?
    /// When the last keep-alive PING went out (the connection's start before the first).
    var lastPingSent = ContinuousClock.now
    var pendingRejoins: [(channel: String, due: ContinuousClock.Instant)] = []
    var lastNickRegain = ContinuousClock.now
    /// Round-trip time of the last keep-alive PING, when measured.
    public internal(set) var lag: Duration?
    /// How many times the gateway has completed registration (1 after the first connect).
    public internal(set) var registrations = 0
    /// Chat lines given up because they waited too long or the agent stopped (each is logged).
    public internal(set) var undeliveredLines = 0
    /// Of `undeliveredLines`, those that waited longer than the outbox allows.
    public internal(set) var expiredLines = 0
    /// Lines written to the server.
    public internal(set) var sentLines = 0
    /// When the current connection finished registering.
    var registeredAt: Date?
    /// Replies joined into another line because they waited for the same channel.
    public internal(set) var coalescedReplies = 0
    /// The most received lines that waited for the agent at once, over every connection.
    public var highestReceiveBacklog: Int { max(pastReceiveBacklog, connection?.highestBacklog ?? 0) }
    var pastReceiveBacklog = 0

    /// Creates a gateway for one configured IRC network; nothing happens until `run`.
    /// `memory`, when given, keeps a learned slower pacing across restarts.
    public init(configuration: NetworkConfiguration, log: Logger, memory: NetworkMemory? = nil) {
        self.network = configuration.name
        self.configuration = configuration
        self.log = log
        self.memory = memory
        var settings = Outbox.Settings()
        settings.coalesce = configuration.outboxCoalesce
        settings.maximumWait = configuration.outboxMaximumWait
        self.outbox = Outbox(pacing: Self.configuredPacing(configuration), settings: settings)
        self.splitter = LineSplitter(prefixLength: LineSplitter.assumedPrefixLength(nick: configuration.nick))
        self.session = IRCSession(settings: Self.sessionSettings(configuration))
        self.loop = NetworkLoop(name: LineConnection.Endpoint.loopThreadName(label: configuration.name))
        // A handler that never yields holds up its whole network: say so, loudly and often.
        // (The loop keeps this closure: it must not keep the loop.)
        loop.reportStalls(after: .seconds(10), every: .seconds(5)) { [log, name = loop.name] busy in
            log.error(
                "the network's thread has been busy without a break; its socket is not being served "
                    + "(a command or plugin that computes without ever awaiting?)",
                metadata: ["thread": name, "busy_s": String(format: "%.0f", busy.inSeconds)])
        }
    }

    deinit { loop.stop() }

    /// The gateway runs on its network's loop thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    /// The network's commands run on the gateway's loop thread too (see `Gateway.taskExecutor`).
    public nonisolated var taskExecutor: (any TaskExecutor)? { loop }

    static func configuredPacing(_ configuration: NetworkConfiguration) -> Pacing {
        Pacing(
            burst: configuration.outboxBurst, interval: configuration.outboxInterval,
            bytesPerToken: configuration.outboxBytesPerLine)
    }

    static func sessionSettings(_ configuration: NetworkConfiguration) -> IRCSessionSettings {
        let sasl = configuration.sasl.map { sasl in
            IRCSessionSettings.SASLSettings(
                mechanism: sasl.mechanism == .external ? .external : .plain, account: sasl.account,
                password: sasl.password ?? "")
        }
        return IRCSessionSettings(
            network: configuration.name, nick: configuration.nick, alternativeNicks: configuration.alternativeNicks,
            user: configuration.user, realName: configuration.realName, serverPassword: configuration.serverPassword,
            sasl: sasl,
            requireSASL: configuration.requireSASL, nickServPassword: configuration.nickServPassword,
            channels: configuration.channels.map { (name: $0.name, key: $0.key) },
            rejoinDelay: configuration.rejoinDelay,
            versionReply: "Community Agent \(AgentInfo.version)")
    }

    var endpoint: LineConnection.Endpoint {
        var tls: TLSOptions?
        if configuration.tls.enabled {
            tls = TLSOptions(
                verify: configuration.tls.verify, caFile: configuration.tls.caFile,
                fingerprints: configuration.tls.fingerprints,
                clientCertificate: configuration.tls.clientCertificate, clientKey: configuration.tls.clientKey)
        }
        return LineConnection.Endpoint(
            host: configuration.host, port: configuration.port, tls: tls,
            connectTimeout: configuration.connectTimeout, label: configuration.name)
    }

    /// The pacing in force (slower than configured after a flood disconnect).
    public var pacing: Pacing { outbox.pacing }

    public func run(_ handler: @escaping ChatEventHandler) async {
        self.handler = handler
        await loadLearnedPacing()
        var failures = 0
        while !shuttingDown, !Task.isCancelled {
            if configuration.tls.enabled, !configuration.tls.verify, configuration.tls.fingerprints.isEmpty {
                log.warning(
                    "TLS CERTIFICATE VERIFICATION IS OFF: anyone on the path can read and change this connection",
                    metadata: ["host": configuration.host])
            }
            log.info(
                "connecting",
                metadata: [
                    "host": configuration.host, "port": "\(configuration.port)",
                    "tls": "\(configuration.tls.enabled)",
                ])
            do {
                let connection = try await connect()
                let stable = await serve(connection)
                failures = stable ? 0 : failures + 1
            } catch {
                if !shuttingDown { log.warning("connection failed", metadata: ["error": "\(error)"]) }
                failures += 1
            }
            guard !shuttingDown, !Task.isCancelled else { break }
            let delay = Self.backoff(
                failures: failures, minimum: configuration.reconnectMinimum, maximum: configuration.reconnectMaximum)
            log.info("reconnecting later", metadata: ["delay_s": String(format: "%.1f", delay)])
            await stopAlarm.wait(until: .now + .milliseconds(Int(delay * 1000)))
        }
        stopped = true
        reportUndelivered(outbox.drain(), reason: "agent stopped")
    }

    /// Connects in a task `shutdown` can cancel, so a stop never waits out a connect timeout.
    private func connect() async throws -> LineConnection {
        let log = self.log
        let endpoint = self.endpoint
        let loop = self.loop
        let task = Task {
            try await LineConnection.connect(to: endpoint, loop: loop) { length in
                log.warning("over-long line dropped", metadata: ["bytes": "\(length)"])
            }
        }
        connectTask = task
        defer { connectTask = nil }
        let connection = try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
        if shuttingDown {
            connection.close(reason: "shut down while connecting")
            throw CancellationError()
        }
        return connection
    }

    /// Exponential backoff from `minimum`, capped at `maximum`, with ±25% jitter that never goes
    /// below `minimum` or above `maximum`.
    static func backoff(failures: Int, minimum: Double, maximum: Double) -> Double {
        let exponent = min(max(failures - 1, 0), 20)
        let base = min(maximum, minimum * pow(2, Double(exponent)))
        return min(maximum, max(minimum, base * Double.random(in: 0.75...1.25)))
    }

    /// Serves one connection until it closes; returns whether it stayed registered long enough
    /// (`stable_session_seconds`) to start the backoff afresh.
    private func serve(_ connection: LineConnection) async -> Bool {
        self.connection = connection
        session = IRCSession(settings: Self.sessionSettings(configuration))
        lastReceived = .now
        connectedAt = .now
        lastPingSent = .now
        ping = nil
        pendingRejoins = []
        disconnectReason = nil
        log.info("connected", metadata: ["address": connection.remoteAddress, "tls": connection.tlsVersion ?? "none"])
        await apply(session.start())
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.readLoop(connection) }
            group.addTask { await self.writeLoop(connection) }
            group.addTask { await self.tickLoop(connection) }
            await group.next()
            connection.close(reason: "connection ended")
            group.cancelAll()
        }
        self.connection = nil
        pastReceiveBacklog = max(pastReceiveBacklog, connection.highestBacklog)
        let registeredFor = session.isRegistered ? ContinuousClock.now - connectedAt : .zero
        let reason = disconnectReason ?? connection.closeReason ?? "connection closed"
        if shuttingDown {
            log.info("disconnected", metadata: ["reason": reason])
        } else {
            log.warning("disconnected", metadata: ["reason": reason])
            await learnFromDisconnect(reason)
        }
        reportUndelivered(outbox.connectionLost(at: .now), reason: "queued too long while disconnected")
        await handler?(.disconnected(network: network, reason: reason))
        return registeredFor >= .milliseconds(Int(configuration.stableSessionSeconds * 1000))
    }

    private func readLoop(_ connection: LineConnection) async {
        for await batch in connection.lines {
            await handleLines(batch)
            connection.consumed(batch.count)
        }
    }

    private func handleLines(_ batch: [[UInt8]]) async {
        lastReceived = .now
        for bytes in batch {
            let message: Message
            do {
                message = try Message(bytes: bytes)
            } catch {
                log.warning("malformed line skipped", metadata: ["error": "\(error)"])
                continue
            }
            log.trace("<< \(message.command)", metadata: ["parameters": "\(message.parameters.count)"])
            await apply(session.receive(message))
            if outbox.caseMapping != session.caseMapping { outbox.caseMapping = session.caseMapping }
        }
    }
}
