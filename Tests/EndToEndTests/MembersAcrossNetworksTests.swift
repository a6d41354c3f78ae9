import AgentTesting
import Foundation
import IRC
import Testing

/// One agent serving InspIRCd (with Atheme accounts) and its console: one person links their
/// console identity and their IRC account into one member.
@Suite("One member across networks", .serialized)
struct MembersAcrossNetworksTests {
    static let sampleCatalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5").path

    static func configuration(port: Int, directory: URL) -> String {
        """
        {
          storage: { path: "\(directory.path)/agent.sqlite" },
          catalog: "\(Self.sampleCatalog)",
          commands: { rate_limit: { enabled: false } },
          roles: [ { network: "local", account: "modacct", role: "owner" } ],
          networks: [
            { name: "local", host: "127.0.0.1", port: \(port), nick: "coursebot", tls: { enabled: false },
              sasl: { account: "botacct", password_env: "E2E_BOT_PASSWORD" }, channels: ["#harness"],
              outbox: { burst: 10, interval_seconds: 0.05 } },
            { name: "console", type: "console" },
          ],
        }
        """
    }

    @Test func subscribeOnOneNetworkLinkAndSeeItOnTheOtherThenUnlink() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            let agent = try AgentProcess(
                configuration: Self.configuration(port: server.port, directory: server.directory),
                directory: server.directory, environment: ["E2E_BOT_PASSWORD": "botacct-pw"], consoleInput: true)
            defer { kill(agent.child.pid, SIGKILL) }
            // modacct is an owner on IRC; the console's "you" is a plain member.
            let irc = try await TestIRCClient.connect(port: server.port, nick: "boss", sasl: ("modacct", "modacct-pw"))
            try await irc.join("#harness")
            try await irc.waitForMember("coursebot", in: "#harness")

            agent.type("!subscribe swift-basics")
            _ = try await agent.waitForLine(matching: "<agent> You're subscribed to Swift Basics")
            agent.type("/msg link")
            let codeLine = try await agent.waitForLine(matching: "Your link code is ")
            let code = try #require(codeLine.firstMatch(of: /[A-Z2-9]{4}-[A-Z2-9]{4}/)).output

            irc.say("coursebot", "link \(code)")
            let linked = try await irc.reply(from: "coursebot", in: "boss")
            #expect(
                linked
                    == "Linked: you are one member as you on console, modacct on local. Your subscriptions and history are shared."
            )
            _ = try await agent.waitForLine(matching: "\\[private\\] <agent> modacct on local is now linked to you")
            irc.say("coursebot", "mycourses")
            #expect(try await irc.reply(from: "coursebot", in: "boss") == "Your courses: swift-basics (no end date)")

            // Linking to an owner's account makes no one else an owner.
            agent.type("!role list")
            _ = try await agent.waitForLine(matching: "<agent> Sorry, !role list is for owners\\.")
            agent.type("!whoami")
            _ = try await agent.waitForLine(
                matching: "<agent> You are you, identified as you on console\\. Linked: modacct on local\\.")

            // An owner can give a role to the member on purpose: every identity gets it.
            irc.say("coursebot", "role grant modacct moderator member")
            #expect(
                try await irc.reply(from: "coursebot", in: "boss")
                    == "modacct is now a moderator on local, with every identity of the member: you on console, modacct on local."
            )
            irc.say("coursebot", "role revoke modacct")
            _ = try await irc.reply(from: "coursebot", in: "boss")

            irc.say("coursebot", "unlink console")
            #expect(
                try await irc.reply(from: "coursebot", in: "boss")
                    == "you on console is a member of its own again; what you shared stays with you.")
            irc.say("coursebot", "mycourses")
            #expect(try await irc.reply(from: "coursebot", in: "boss") == "Your courses: swift-basics (no end date)")
            agent.type("!mycourses")
            _ = try await agent.waitForLine(matching: "<agent> You have no courses yet")
            irc.close()
        }
    }
}
