import AgentTesting
import Foundation
import IRC
import Testing

/// The engagement model against a real InspIRCd with Atheme accounts: a member identified with
/// SASL chats, views and subscribes and sees it in `!activity`; with a model that decays in
/// seconds, they cool down and get exactly one private nudge.
@Suite("Engagement on InspIRCd", .serialized)
struct EngagementOnInspIRCdTests {
    static func configuration(port: Int, directory: URL) -> String {
        """
        {
          storage: { path: "\(directory.path)/agent.sqlite" },
          catalog: "\(MembersAcrossNetworksTests.sampleCatalog)",
          commands: { rate_limit: { enabled: false } },
          networks: [
            { name: "local", host: "127.0.0.1", port: \(port), nick: "coursebot", tls: { enabled: false },
              sasl: { account: "botacct", password_env: "E2E_BOT_PASSWORD" }, channels: ["#learn"],
              outbox: { burst: 10, interval_seconds: 0.05 } },
          ],
          plugins: { engagement: {
            // P halves about every 6 seconds: an active member cools within half a minute.
            model: { gamma: 10000 },
            sweep_every: "every 3s", quiet_hours: "none", default_opt_in: true, lookback_days: 1,
          } },
        }
        """
    }

    @Test func aMemberSeesTheirActivityThenCoolsAndIsNudgedOnce() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            let agent = try AgentProcess(
                configuration: Self.configuration(port: server.port, directory: server.directory),
                directory: server.directory, environment: ["E2E_BOT_PASSWORD": "botacct-pw"])
            defer { kill(agent.child.pid, SIGKILL) }
            let member = try await TestIRCClient.connect(
                port: server.port, nick: "learner", sasl: ("modacct", "modacct-pw"))
            try await member.join("#learn")
            try await member.waitForMember("coursebot", in: "#learn")

            member.say("#learn", "has anyone finished swift-basics? 我想学《Rust 所有权与借用》")
            member.say("#learn", "!course swift-basics")
            try await member.waitFor(seconds: 10) { $0.parameters.last?.hasPrefix("Tags: swift") == true }
            member.say("#learn", "!subscribe swift-basics")
            #expect(
                try await member.reply(from: "coursebot", in: "#learn")
                    == "You're subscribed to Swift Basics (no end date). Enjoy!")
            member.skipReceived()
            member.say("#learn", "!activity")
            let activity = try await member.reply(from: "coursebot", in: "#learn")
            #expect(activity.contains("(active; 5.0 is the line)"), "\(activity)")
            #expect(
                activity.hasSuffix(
                    "This week: 1 subscription, 1 course view, 2 course mentions, 2 commands, 1 message."),
                "\(activity)")

            // Quiet from now on: within about half a minute the sweep finds the member cooling.
            let nudge = try await member.reply(from: "coursebot", in: "learner", seconds: 60)
            #expect(nudge.hasPrefix("Hi learner, it's been quiet lately. You might like "), "\(nudge)")
            #expect(nudge.hasSuffix("(You get these because nudges are on; !nudges off stops them.)"))
            #expect(!nudge.contains("swift-basics"))
            // Several more sweeps: no second nudge for the same cooling spell.
            try await Task.sleep(for: .seconds(8))
            let more = member.messages.filter {
                $0.command == .privmsg && $0.parameters.first == "learner"
                    && $0.parameters.last?.hasPrefix("Hi learner") == true
            }
            #expect(more.count == 1)
            member.close()
        }
    }
}
