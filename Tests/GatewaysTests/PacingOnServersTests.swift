import AgentCore
import AgentTesting
import Foundation
import Gateways
import Storage
import Testing

/// The shipped pacing defaults against real servers' flood limits: nothing lost, nothing
/// reordered, never disconnected. Each 200-line burst takes a few minutes at about one line
/// per second; the suites run in parallel with the rest.
@Suite("Default pacing on real servers")
struct DefaultPacingTests {
    /// A network with every outbox setting left at its default.
    static func defaults(port: Int, nick: String = "coursebot") -> NetworkConfiguration {
        var configuration = NetworkConfiguration(name: "local", kind: .irc)
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.nick = nick
        configuration.channels = [.init(name: "#harness")]
        return configuration
    }

    /// Queues 200 channel lines at once and checks they all arrive, in order, on one connection.
    static func burstArrivesWhole(port: Int, nick: String) async throws {
        let probe = GatewayProbe(defaults(port: port, nick: nick))
        try await probe.waitFor(seconds: 30) { $0.isJoin(of: nick, to: "#harness") }
        let member = try await TestIRCClient.connect(port: port, nick: "counter")
        try await member.join("#harness")
        member.skipReceived()
        let lines = (1...200).map { "line \($0)" }
        await probe.gateway.perform(lines.map { .say(.channel("#harness", on: "local"), $0) })
        var received: [String] = []
        do {
            for _ in lines {
                received.append(try await member.reply(from: nick, in: "#harness", seconds: 30))
            }
        } catch {
            Issue.record(
                "\(error); gateway log: \(probe.logs.entries.suffix(15).map { "\($0.message) \($0.metadata)" })")
        }
        #expect(received == lines)
        #expect(probe.count { $0.isDisconnected } == 0)
        #expect(await probe.gateway.undeliveredLines == 0)
        member.close()
        await probe.stop()
    }

    @Test(arguments: [InspIRCdServer.FloodMode.strict, .killflood])
    func burstOf200OnInspIRCd(mode: InspIRCdServer.FloodMode) async throws {
        guard try Peers.available("inspircd") else { return }
        try await InspIRCdServer.with(.withoutServices(mode: mode)) { server in
            try await Self.burstArrivesWhole(port: server.port, nick: "coursebot")
        }
    }

    @Test func burstOf200OnNgIRCd() async throws {
        guard try Peers.available("ngircd") else { return }
        try await NgIRCdServer.with { server in
            try await Self.burstArrivesWhole(port: server.port, nick: "cagent")
        }
    }
}

@Suite("Learning a server's flood limit")
struct FloodLearningTests {
    @Test func aFloodKillSlowsThePacingDownAndItIsRemembered() async throws {
        guard try Peers.available("inspircd") else { return }
        try await InspIRCdServer.with(.withoutServices(mode: .killflood)) { server in
            let database = try Database(path: server.directory.appendingPathComponent("memory.sqlite").path)
            let memory = try await NetworkMemory(database: database)
            var configuration = networkConfiguration(port: server.port)
            // Far faster than InspIRCd's default class allows: the server will kill it.
            configuration.outboxBurst = 40
            configuration.outboxInterval = 0.01
            configuration.outboxBytesPerLine = 0
            let probe = GatewayProbe(configuration, memory: memory)
            try await probe.waitFor { $0.isJoin(of: "coursebot", to: "#harness") }
            let member = try await TestIRCClient.connect(port: server.port, nick: "counter")
            try await member.join("#harness")
            member.skipReceived()
            let lines = (1...30).map { "line \($0)" }
            await probe.gateway.perform(lines.map { .say(.channel("#harness", on: "local"), $0) })
            try await probe.waitFor(seconds: 20) { $0.isDisconnected }
            #expect(probe.logs.entries.contains { $0.message.contains("disconnected the agent for flooding") })
            let learned = await probe.gateway.pacing
            #expect(learned == .conservative)
            // Lines already written when the server closed the link are gone with it (the log
            // says the link closed); at the slower pace the next burst arrives whole.
            try await probe.waitFor(seconds: 20) { $0.isConnected }
            try await member.waitForMember("coursebot", in: "#harness")
            await probe.gateway.perform((1...12).map { .say(.channel("#harness", on: "local"), "again \($0)") })
            var received: [String] = []
            while received.last != "again 12" {
                let line = try await member.reply(from: "coursebot", in: "#harness", seconds: 30)
                if line.hasPrefix("again") { received.append(line) }
            }
            #expect(received == (1...12).map { "again \($0)" })
            #expect(probe.count { $0.isDisconnected } == 1)
            member.close()
            await probe.stop()

            // The next start remembers the slower pacing.
            let restarted = IRCGateway(
                configuration: configuration, log: Logger(label: "t", level: .error, sink: CapturingLogSink()),
                memory: memory)
            await restarted.loadLearnedPacing()
            #expect(await restarted.pacing == learned)
            // ...until the operator changes the configured pacing.
            var changed = configuration
            changed.outboxInterval = 2
            let reconfigured = IRCGateway(
                configuration: changed, log: Logger(label: "t", level: .error, sink: CapturingLogSink()),
                memory: memory)
            await reconfigured.loadLearnedPacing()
            #expect(await reconfigured.pacing.interval == 2)
        }
    }
}
