public import AgentCore
import Foundation
import IRC

/// A gateway to one IRC network that keeps itself connected.
///
/// It connects (TCP or TLS), registers with CAP/SASL, joins the configured channels and then
/// serves: incoming lines become `ChatEvent`s, requests become paced lines in the outbox.
/// Any loss (EOF, reset, ping timeout, ERROR, K-line) leads to a reconnect with exponential
/// backoff and jitter, re-registration, re-authentication and re-joining.
public actor IRCGateway: Gateway {
    public nonisolated let network: String
    let configuration: NetworkConfiguration
    let log: Logger
    var outbox: Outbox
    var splitter: LineSplitter
    var session: IRCSession
    var connection: LineConnection?
    var handler: (@Sendable (ChatEvent) async -> Void)?
    var shuttingDown = false
    var outboxSignal: AsyncStream<Void>.Continuation?
    var lastReceived = ContinuousClock.now
    var connectedAt = ContinuousClock.now
    var ping: (token: String, sentAt: ContinuousClock.Instant)?
    var pendingRejoins: [(channel: String, due: ContinuousClock.Instant)] = []
    var lastNickRegain = ContinuousClock.now
    /// Round-trip time of the last keep-alive PING, when measured.
    public internal(set) var lag: Duration?
    /// How many times the gateway has completed registration (1 after the first connect).
    public internal(set) var registrations = 0

    /// Creates a gateway for one configured IRC network; nothing happens until `run`.
    public init(configuration: NetworkConfiguration, log: Logger) {
        self.network = configuration.name
        self.configuration = configuration
        self.log = log
        self.outbox = Outbox(burst: configuration.outboxBurst, interval: configuration.outboxInterval)
        self.splitter = LineSplitter(prefixLength: LineSplitter.assumedPrefixLength(nick: configuration.nick))
        self.session = IRCSession(settings: Self.sessionSettings(configuration))
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
            connectTimeout: configuration.connectTimeout)
    }

    public func run(_ handler: @escaping @Sendable (ChatEvent) async -> Void) async {
        self.handler = handler
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
                let log = self.log
                let connection = try await LineConnection.connect(to: endpoint) { length in
                    log.warning("over-long line dropped", metadata: ["bytes": "\(length)"])
                }
                let registered = await serve(connection)
                failures = registered ? 0 : failures + 1
            } catch {
                log.warning("connection failed", metadata: ["error": "\(error)"])
                failures += 1
            }
            guard !shuttingDown, !Task.isCancelled else { break }
            let delay = Self.backoff(
                failures: failures, minimum: configuration.reconnectMinimum, maximum: configuration.reconnectMaximum)
            log.info("reconnecting later", metadata: ["delay_s": String(format: "%.1f", delay)])
            await sleepUnlessShuttingDown(seconds: delay)
        }
        for entry in outbox.drain() {
            log.warning("not delivered: agent stopped", metadata: ["line": entry.message.description])
        }
    }

    /// Exponential backoff from `minimum`, capped at `maximum`, with jitter between 50% and 100%.
    static func backoff(failures: Int, minimum: Double, maximum: Double) -> Double {
        let exponent = min(max(failures - 1, 0), 20)
        let base = min(maximum, minimum * pow(2, Double(exponent)))
        return base * Double.random(in: 0.5...1.0)
    }

    private func sleepUnlessShuttingDown(seconds: Double) async {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !shuttingDown, !Task.isCancelled, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Serves one connection until it closes; returns whether registration completed.
    private func serve(_ connection: LineConnection) async -> Bool {
        self.connection = connection
        session = IRCSession(settings: Self.sessionSettings(configuration))
        lastReceived = .now
        connectedAt = .now
        ping = nil
        pendingRejoins = []
        let (signals, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        outboxSignal = signal
        log.info("connected", metadata: ["address": connection.remoteAddress, "tls": connection.tlsVersion ?? "none"])
        await apply(session.start())
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.readLoop(connection) }
            group.addTask { await self.writeLoop(connection, signals: signals) }
            group.addTask { await self.tickLoop(connection) }
            await group.next()
            connection.close(reason: "connection ended")
            group.cancelAll()
        }
        signal.finish()
        outboxSignal = nil
        self.connection = nil
        let wasRegistered = session.isRegistered
        let reason = connection.closeReason ?? "connection closed"
        log.warning("disconnected", metadata: ["reason": reason])
        for entry in outbox.connectionLost(at: Date()) {
            log.warning(
                "not delivered: queued too long while disconnected", metadata: ["line": entry.message.description])
        }
        await handler?(.disconnected(network: network, reason: reason))
        return wasRegistered
    }

    private func readLoop(_ connection: LineConnection) async {
        for await batch in connection.lines {
            await handleLines(batch)
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
        }
    }
}
