import AgentTesting
import Foundation
import IRC
import Testing

/// Moderation against a real InspIRCd with Atheme accounts and the `muteban` module (EXTBAN
/// `R`, `U`, `m`), on a virtual clock twenty times the wall clock: a moderator mutes one member
/// for 2 minutes and bans another for 5; the mute really silences the member for everyone; the
/// agent is killed and started again; both are lifted on time. Someone using the moderator's
/// nick without the account cannot act, and a flood trips automod.
@Suite("Moderation on InspIRCd", .serialized)
struct ModerationOnInspIRCdTests {
    static func configuration(port: Int, directory: URL) -> String {
        """
        {
          storage: { path: "\(directory.path)/agent.sqlite" },
          catalog: "\(MembersAcrossNetworksTests.sampleCatalog)",
          commands: { rate_limit: { enabled: false } },
          roles: [ { network: "local", account: "modacct", role: "moderator" } ],
          networks: [
            { name: "local", host: "127.0.0.1", port: \(port), nick: "coursebot", tls: { enabled: false },
              sasl: { account: "botacct", password_env: "E2E_BOT_PASSWORD" }, channels: ["#mod"],
              outbox: { burst: 20, interval_seconds: 0.02 } },
          ],
          plugins: {
            moderation: {
              ladder: ["warn", "mute 2m"],
              automod: { "#mod": { flood: { lines: 5, seconds: 20 } } },
            },
            engagement: { sweep_every: "every 100h" },
          },
        }
        """
    }

    /// The next PRIVMSG or MODE from the agent that `client` sees in `target` and matches.
    static func fromAgent(
        _ client: TestIRCClient, _ command: IRCCommand, in target: String, seconds: Double = 10,
        _ predicate: @escaping @Sendable (String) -> Bool = { _ in true }
    ) async throws -> String {
        let message = try await client.waitFor(seconds: seconds) {
            $0.command == command && $0.parsedSource?.nick == "coursebot" && $0.parameters.first == target
                && predicate($0.parameters.dropFirst().joined(separator: " "))
        }
        return message.parameters.dropFirst().joined(separator: " ")
    }

    @Test func muteAndBanHoldThenLiftOnTimeAcrossARestart() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        var options = InspIRCdServer.Options()
        options.accounts += [("member1", "member1-pw"), ("member2", "member2-pw"), ("member3", "member3-pw")]
        options.extraModules = ["muteban"]
        try await InspIRCdServer.with(options) { server in
            let environment = [
                "E2E_BOT_PASSWORD": "botacct-pw",
                "COMMUNITY_AGENT_VIRTUAL_CLOCK": "1767603600,\(Date().timeIntervalSince1970),20",
            ]
            let configuration = Self.configuration(port: server.port, directory: server.directory)
            // The moderator opens the channel (and so holds +o there) and gives the agent +o, as
            // a channel's operators do for their bot.
            let moderator = try await TestIRCClient.connect(
                port: server.port, nick: "mod", sasl: ("modacct", "modacct-pw"))
            try await moderator.join("#mod")
            var agent = try AgentProcess(
                configuration: configuration, directory: server.directory, environment: environment)
            try await moderator.waitForMember("coursebot", in: "#mod")
            moderator.send("MODE #mod +o coursebot")
            let troll = try await TestIRCClient.connect(
                port: server.port, nick: "troll", sasl: ("member1", "member1-pw"))
            let watcher = try await TestIRCClient.connect(
                port: server.port, nick: "watcher", sasl: ("member2", "member2-pw"))
            let spammer = try await TestIRCClient.connect(
                port: server.port, nick: "spammer", sasl: ("member3", "member3-pw"))
            defer { for client in [moderator, troll, watcher, spammer] { client.close() } }
            for client in [troll, watcher, spammer] {
                try await client.join("#mod")
                try await client.waitForMember("coursebot", in: "#mod")
            }
            try await watcher.waitForMember("spammer", in: "#mod")

            moderator.say("#mod", "!mute troll 2m spamming")
            let muted = try await Self.fromAgent(moderator, .privmsg, in: "#mod") { $0.hasPrefix("Case 1:") }
            #expect(muted.hasPrefix("Case 1: muted troll in #mod for 2m"), "\(muted)")
            #expect(try await Self.fromAgent(watcher, .mode, in: "#mod") == "+b m:R:member1")
            // The mute holds for everyone: the watcher never sees troll's line.
            troll.say("#mod", "can anyone hear me?")
            moderator.say("#mod", "!ban spammer 5m links")
            let banned = try await Self.fromAgent(moderator, .privmsg, in: "#mod") { $0.hasPrefix("Case 2:") }
            #expect(banned.hasPrefix("Case 2: banned spammer from #mod for 5m"), "\(banned)")
            #expect(try await Self.fromAgent(watcher, .mode, in: "#mod") == "+b R:member3")
            _ = try await watcher.waitFor(seconds: 10) {
                $0.command == .kick && $0.parameters.dropFirst().first == "spammer"
            }
            #expect(!watcher.messages.contains { $0.command == .privmsg && $0.parsedSource?.nick == "troll" })

            // An impostor without the account cannot act, whatever the nick.
            let impostor = try await TestIRCClient.connect(port: server.port, nick: "m0d")
            defer { impostor.close() }
            try await impostor.join("#mod")
            impostor.say("#mod", "!unmute troll")
            let refused = try await Self.fromAgent(impostor, .privmsg, in: "#mod") {
                $0.contains("m0d") || $0.hasPrefix("Sorry")
            }
            #expect(refused.contains("is for moderators"), "\(refused)")

            // Killed and started again before either expires (2 min = 6 s, 5 min = 15 s here).
            kill(agent.child.pid, SIGKILL)
            await agent.child.stop()
            agent = try AgentProcess(
                configuration: configuration, directory: server.directory, environment: environment)
            defer { kill(agent.child.pid, SIGKILL) }
            _ = try await moderator.waitFor(seconds: 20) {
                $0.command == .join && $0.parsedSource?.nick == "coursebot"
            }
            moderator.send("MODE #mod +o coursebot")

            #expect(
                try await Self.fromAgent(watcher, .mode, in: "#mod", seconds: 30) { $0 == "-b m:R:member1" }
                    == "-b m:R:member1")
            troll.say("#mod", "back again")
            _ = try await watcher.waitFor(seconds: 10) {
                $0.command == .privmsg && $0.parsedSource?.nick == "troll" && $0.parameters.last == "back again"
            }
            #expect(
                try await Self.fromAgent(watcher, .mode, in: "#mod", seconds: 30) { $0 == "-b R:member3" }
                    == "-b R:member3")

            // A flood from troll: automod warns once, privately, naming the rule and the appeal.
            for index in 0..<7 { troll.say("#mod", "flood \(index)") }
            let warned = try await Self.fromAgent(troll, .privmsg, in: "troll", seconds: 15) {
                $0.hasPrefix("You were warned")
            }
            #expect(warned.contains("flood: 5 lines in 20 s"), "\(warned)")
            #expect(warned.contains("!appeal 3"), "\(warned)")
        }
    }
}
