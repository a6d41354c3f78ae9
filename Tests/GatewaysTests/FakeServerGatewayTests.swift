import AgentCore
import AgentTesting
import Foundation
import Synchronization
import Testing

@testable import Gateways

/// Edge cases no real server can be made to produce, against an in-process fake server.
@Suite("IRC gateway edge cases")
struct FakeServerGatewayTests {
    func configuration(_ server: FakeIRCServer) -> NetworkConfiguration {
        var configuration = networkConfiguration(port: server.port, nick: "agent", channels: [])
        configuration.pingInterval = 0.4
        configuration.pingTimeout = 0.6
        return configuration
    }

    @Test func silentServerLeadsToPingTimeoutAndReconnect() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        let probe = GatewayProbe(configuration(server))
        try await probe.waitFor { $0.isConnected }
        try await probe.waitFor(seconds: 10) { event in
            if case .disconnected(_, let reason) = event { return reason.contains("ping timeout") }
            return false
        }
        #expect(server.lines.contains { $0.hasPrefix("PING agent-") })
        try await server.waitUntil { server.accepted >= 2 }
        try await probe.waitFor { _ in probe.count { $0.isConnected } >= 2 }
        await probe.stop()
    }

    @Test func halfLinesSplitAcrossReadsAreJoined() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        let probe = GatewayProbe(configuration(server))
        try await probe.waitFor { $0.isConnected }
        server.send(":alice!a@h PRIVMSG agent :hel")
        try await Task.sleep(for: .milliseconds(150))
        server.send("lo wor")
        try await Task.sleep(for: .milliseconds(150))
        server.send("ld\r\n")
        try await probe.waitFor { $0.isMessage("hello world") }
        await probe.stop()
    }

    @Test func overlongLineIsDroppedAndTheConnectionCarriesOn() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        let probe = GatewayProbe(configuration(server))
        try await probe.waitFor { $0.isConnected }
        server.send(":alice!a@h PRIVMSG agent :" + String(repeating: "x", count: 20_000) + "\r\n")
        server.send(":alice!a@h PRIVMSG agent :still here\r\n")
        try await probe.waitFor { $0.isMessage("still here") }
        #expect(probe.logs.entries.contains { $0.message == "over-long line dropped" })
        #expect(!probe.recorded.contains { $0.isDisconnected })
        await probe.stop()
    }

    @Test func garbageIsLoggedAndSkipped() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        let probe = GatewayProbe(configuration(server))
        try await probe.waitFor { $0.isConnected }
        var generator = SystemRandomNumberGenerator()
        var garbage: [UInt8] = []
        for _ in 0..<200 {
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                let byte = UInt8.random(in: 0...255, using: &generator)
                if byte != 0x0A { garbage.append(byte) }
            }
            garbage += [0x0D, 0x0A]
        }
        server.send(garbage)
        server.send(":only-a-source\r\n@=bad PRIVMSG x :y\r\n:a!b@c PRIV-MSG x :y\r\n")
        server.send(Array(":alice!a@h PRIVMSG agent :caf".utf8) + [0xE9] + Array(" latin1\r\n".utf8))
        server.send(":alice!a@h PRIVMSG agent :after the garbage\r\n")
        try await probe.waitFor { $0.isMessage("after the garbage") }
        #expect(probe.recorded.contains { $0.isMessage("café latin1") })
        #expect(probe.logs.entries.contains { $0.message == "malformed line skipped" })
        #expect(probe.count { $0.isConnected } == 1)
        await probe.stop()
    }

    @Test func aMultiLineReplyKeepsItsLinesApartAndAheadOfTheSamePersonsNextReply() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        var configuration = configuration(server)
        // One line at once, then one per 0.2 s: everything below waits behind the budget. The
        // fake server answers no PING, so none is sent during the test.
        configuration.outboxBurst = 1
        configuration.outboxInterval = 0.2
        configuration.pingInterval = 60
        configuration.pingTimeout = 60
        let probe = GatewayProbe(configuration)
        try await probe.waitFor { $0.isConnected }
        let channel = Conversation.channel("#c", on: "local")
        await probe.gateway.perform(.say(channel, "warm-up"))
        await probe.gateway.perform([
            .reply(channel, "Upcoming events: a", to: "alice"), .reply(channel, "Details: b", to: "alice"),
        ])
        await probe.gateway.perform(.reply(channel, "Noted.", to: "alice"))
        await probe.gateway.perform(.reply(channel, "pong", to: "bob"))
        try await server.waitUntil { server.lines.contains { $0.contains("Noted.") } }
        let sent = server.lines.filter { $0.hasPrefix("PRIVMSG #c") }
        #expect(sent.contains("PRIVMSG #c :Upcoming events: a"))
        #expect(sent.contains("PRIVMSG #c :Details: b"))
        let order = ["Upcoming events: a", "Details: b", "Noted."].compactMap { text in
            sent.firstIndex { $0.contains(text) }
        }
        #expect(order == order.sorted() && order.count == 3, "\(sent)")
        await probe.stop()
    }

    @Test func repliesThatCannotBeSerializedNeverReachTheWire() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        let probe = GatewayProbe(configuration(server))
        try await probe.waitFor { $0.isConnected }
        await probe.gateway.perform(.say(.channel("#bad channel", on: "local"), "x"))
        await probe.gateway.perform(.say(.channel("#c", on: "local"), "one\r\nQUIT :injected\nthree\0four"))
        try await server.waitUntil { server.lines.contains("PRIVMSG #c threefour") }
        #expect(server.lines.contains("PRIVMSG #c one"))
        #expect(server.lines.contains("PRIVMSG #c :QUIT :injected"))
        #expect(!server.lines.contains { $0.hasPrefix("QUIT") })
        #expect(!server.lines.contains { $0.contains("#bad channel") })
        #expect(probe.logs.entries.contains { $0.message == "refused to send an invalid line" })
        await probe.stop()
    }

    @Test func connectionRefusedIsRetriedWithBackoff() async throws {
        // A port bound and never listened on refuses every connection, and no other test's
        // server can take it meanwhile (a merely free port once was, and the gateway connected).
        let bound = try #require(Peers.bindLoopback(listening: false))
        defer { close(bound.descriptor) }
        var configuration = networkConfiguration(port: bound.port)
        configuration.reconnectMinimum = 0.1
        configuration.reconnectMaximum = 0.4
        let probe = GatewayProbe(configuration)
        // Generous: at the start of a full run hundreds of tests share two cores; the loop ends
        // as soon as the third attempt has failed.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, probe.logs.entries.filter({ $0.message == "connection failed" }).count < 3 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(probe.logs.entries.filter { $0.message == "connection failed" }.count >= 3)
        await probe.stop()
    }

    /// The delays the gateway announced before reconnecting, in seconds.
    static func reconnectDelays(_ probe: GatewayProbe) -> [Double] {
        probe.logs.entries.filter { $0.message == "reconnecting later" }.compactMap {
            $0.metadata["delay_s"].flatMap(Double.init)
        }
    }

    @Test func aServerThatKillsRightAfterRegistrationGetsAGrowingBackoff() async throws {
        let server = try FakeIRCServer(killAfterWelcome: true)
        defer { server.stop() }
        var configuration = configuration(server)
        configuration.reconnectMinimum = 0.1
        configuration.reconnectMaximum = 5
        let probe = GatewayProbe(configuration)
        try await server.waitUntil(seconds: 30) { Self.reconnectDelays(probe).count >= 4 }
        await probe.stop()
        let delays = Self.reconnectDelays(probe)
        #expect(probe.count { $0.isConnected } >= 4)
        // 0.1, 0.2, 0.4, 0.8 s (±25%): registering is not enough to start again from the minimum.
        #expect(delays.count >= 4 && delays[3] >= 0.6, "\(delays)")
    }

    @Test func aSessionThatStayedUpStartsTheBackoffAgainFromTheMinimum() async throws {
        let server = try FakeIRCServer(killAfterWelcome: true)
        defer { server.stop() }
        var configuration = configuration(server)
        configuration.reconnectMinimum = 0.1
        configuration.reconnectMaximum = 5
        configuration.stableSessionSeconds = 0
        let probe = GatewayProbe(configuration)
        try await server.waitUntil(seconds: 30) { Self.reconnectDelays(probe).count >= 4 }
        await probe.stop()
        #expect(Self.reconnectDelays(probe).prefix(4).allSatisfy { $0 <= 0.13 }, "\(Self.reconnectDelays(probe))")
    }

    @Test func backoffGrowsIsCappedAndNeverGoesBelowTheMinimum() {
        for failures in 0...30 {
            for _ in 0..<50 {
                let delay = IRCGateway.backoff(failures: failures, minimum: 2, maximum: 300)
                let base = min(300, 2 * pow(2, Double(max(failures, 1) - 1)))
                #expect(delay >= 2 && delay <= 300)
                #expect(delay >= base * 0.75 && delay <= base * 1.25)
            }
        }
    }
}

@Suite("IRC gateway: lag on a busy network")
struct BusyNetworkLagTests {
    @Test func aPingStillGoesOutWhileLinesKeepComingSoTheLagIsMeasured() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        var configuration = networkConfiguration(port: server.port, nick: "agent", channels: [])
        configuration.pingInterval = 0.5
        configuration.pingTimeout = 5
        let probe = GatewayProbe(configuration)
        try await probe.waitFor { $0.isConnected }
        // Chatter every 100 ms: never a quiet interval.
        var answered = false
        for index in 0..<60 where !answered {
            server.send(":alice!a@h PRIVMSG #c :line \(index)\r\n")
            if let ping = server.lines.last(where: { $0.hasPrefix("PING agent-") }) {
                server.send(":irc.test PONG irc.test :\(ping.dropFirst(5))\r\n")
                answered = true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(answered, "no PING while the server kept talking")
        var lag: Double?
        for _ in 0..<30 where lag == nil {
            lag = await probe.gateway.health().lagSeconds
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(lag != nil)
        #expect(await probe.gateway.health().connected)
        await probe.stop()
    }
}

/// What a reply costs the network's thread: a command's reply is written by the job that
/// queued it, so the writer is not woken (a job, or more) for every reply.
@Suite("IRC gateway reply cost")
struct ReplyCostTests {
    @Test func answeringALineCostsTheNetworksThreadNoExtraJob() async throws {
        let server = try FakeIRCServer()
        defer { server.stop() }
        var configuration = networkConfiguration(port: server.port, nick: "agent", channels: [])
        configuration.outboxInterval = 0
        configuration.pingInterval = 3600
        let gateway = IRCGateway(
            configuration: configuration, log: Logger(label: "irc.test", level: .warning, sink: CapturingLogSink()))
        let connected = Mutex(false)
        let quietLines = Mutex(0)
        let running = Task {
            await gateway.run { event in
                switch event {
                case .connected: connected.withLock { $0 = true }
                case .message(_, _, let text, _) where text.hasPrefix("quiet"): quietLines.withLock { $0 += 1 }
                case .message(let speaker, _, let text, _):
                    // As a command lane does: answer from the network's own thread.
                    await gateway.perform(.say(.privateChat(with: speaker.nick, on: "local"), "re: \(text)"))
                default: break
                }
            }
        }
        try await server.waitUntil { connected.withLock { $0 } }
        server.send(":alice!a@h PRIVMSG agent :warm-up\r\n")
        try await server.waitUntil { server.lines.contains("PRIVMSG alice :re: warm-up") }
        // One line at a time, each handled before the next is sent, so each is its own read:
        // first lines that get no answer, then lines that do.
        let count = 40
        let start = gateway.loop.jobsRun
        for number in 1...count {
            server.send(":alice!a@h PRIVMSG agent :quiet \(number)\r\n")
            try await server.waitUntil { quietLines.withLock { $0 } == number }
        }
        let quietJobs = gateway.loop.jobsRun - start
        for number in 1...count {
            server.send(":alice!a@h PRIVMSG agent :line \(number)\r\n")
            try await server.waitUntil { server.lines.contains("PRIVMSG alice :re: line \(number)") }
        }
        let answeredJobs = gateway.loop.jobsRun - start - quietJobs
        #expect(quietJobs >= count)
        #expect(answeredJobs - quietJobs <= count / 4, "\(answeredJobs) jobs answered, \(quietJobs) not")
        await gateway.shutdown(message: "test over", within: 1)
        _ = await running.value
    }
}
