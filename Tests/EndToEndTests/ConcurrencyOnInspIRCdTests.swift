import AgentCore
import AgentTesting
import Foundation
import Gateways
import IRC
import Storage
import Testing

/// Commands that take their time, for the concurrency tests.
struct SlowCommands: Plugin {
    static let id = "slow"

    var commands: [Command] {
        Command("slow", summary: "Answers after two seconds.", examples: [Example("!slow", replies: "slow done")]) {
            _ in
            try await Task.sleep(for: .seconds(2))
            return .text("slow done")
        }
        Command(
            "stuck", summary: "Never answers in time.",
            examples: [Example("!stuck", matches: "Sorry, !stuck took too long .*")]
        ) { _ in
            try await Task.sleep(for: .seconds(60))
            return .text("too late")
        }
    }
}

/// The whole runtime (gateway, dispatcher, router) in-process on a real InspIRCd.
@Suite("Concurrent commands on InspIRCd")
struct ConcurrencyOnInspIRCdTests {
    static func makeAgent(port: Int, directory: URL, logs: CapturingLogSink) async throws -> (Agent, Database) {
        let database = try Database(path: directory.appendingPathComponent("agent.sqlite").path)
        let roles = try await RoleBook(database: database, configured: [])
        let log = Logger(label: "agent", level: .debug, sink: logs)
        var network = NetworkConfiguration(name: "local", kind: .irc)
        network.port = port
        network.nick = "coursebot"
        network.channels = [.init(name: "#harness")]
        network.outboxInterval = 0
        let gateway = IRCGateway(configuration: network, log: log.child("irc"))
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.handlerTimeout = 3
        let info = AgentInfo(startedAt: Date(), roles: roles)
        let agent = try await Agent(
            gateways: [gateway], plugins: [CoreCommands(info: info), SlowCommands()], settings: settings,
            roles: roles, info: info, database: database, clock: SystemClock(), calendar: Calendar.current, log: log)
        return (agent, database)
    }

    @Test func aSlowCommandDelaysNobodyElseAndEachPersonKeepsTheirOrder() async throws {
        guard try Peers.available("inspircd") else { return }
        try await InspIRCdServer.with(.withoutServices()) { server in
            let logs = CapturingLogSink()
            let (agent, _) = try await Self.makeAgent(port: server.port, directory: server.directory, logs: logs)
            let running = Task { await agent.run() }
            let alice = try await TestIRCClient.connect(port: server.port, nick: "alice")
            let bob = try await TestIRCClient.connect(port: server.port, nick: "bob")
            try await alice.join("#harness")
            try await bob.join("#harness")
            try await bob.waitForMember("coursebot", in: "#harness")

            alice.say("coursebot", "!slow")
            alice.say("coursebot", "!ping")
            bob.say("coursebot", "!ping")
            #expect(try await bob.reply(from: "coursebot", in: "bob", seconds: 15) == "pong")
            // Bob did not wait for Alice's slow command: when his answer came, hers had not.
            // (An order, not a time limit, so a loaded machine cannot make it fail.)
            #expect(!alice.messages.contains { $0.command == .privmsg && $0.parameters.last == "slow done" })
            // Alice's own commands stay in order: her pong only after her slow answer.
            #expect(try await alice.reply(from: "coursebot", in: "alice", seconds: 15) == "slow done")
            #expect(try await alice.reply(from: "coursebot", in: "alice", seconds: 15) == "pong")

            // A command that overruns its time limit gets a clear answer and an error id in the log.
            bob.say("coursebot", "!stuck")
            let answer = try await bob.reply(from: "coursebot", in: "bob", seconds: 15)
            #expect(answer.hasPrefix("Sorry, !stuck took too long to answer (error "))
            #expect(logs.entries.contains { $0.message == "command took too long" && $0.metadata["error_id"] != nil })
            bob.say("coursebot", "!ping")
            #expect(try await bob.reply(from: "coursebot", in: "bob", seconds: 15) == "pong")

            let report = await agent.shutdown(message: "test over", within: 5)
            #expect(report.isClean)
            _ = await running.value
            alice.close()
            bob.close()
        }
    }
}
