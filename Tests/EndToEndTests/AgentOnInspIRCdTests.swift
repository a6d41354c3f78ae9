import AgentTesting
import Foundation
import IRC
import Testing

/// The built `community-agent` binary against a real InspIRCd with Atheme, talked to by a
/// second client as a member would.
@Suite("Agent binary on InspIRCd", .serialized)
struct AgentOnInspIRCdTests {
    static func configuration(port: Int, directory: URL) -> String {
        """
        // written by the end-to-end test
        {
          log_level: "debug",
          storage: { path: "\(directory.path)/agent.sqlite" },
          commands: { rate_limit: { enabled: false } },
          roles: [ { network: "local", account: "modacct", role: "owner" } ],
          networks: [ {
            name: "local", host: "127.0.0.1", port: \(port), nick: "coursebot",
            sasl: { account: "botacct", password_env: "E2E_BOT_PASSWORD" },
            channels: ["#harness"],
            outbox: { burst: 10, interval_seconds: 0.05 },
            reconnect_min_seconds: 0.3, reconnect_max_seconds: 2,
          } ],
        }
        """
    }

    @Test func memberTalksToTheAgentInAChannel() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            let agent = try AgentProcess(
                configuration: Self.configuration(port: server.port, directory: server.directory),
                directory: server.directory, environment: ["E2E_BOT_PASSWORD": "botacct-pw"])
            let member = try await TestIRCClient.connect(port: server.port, nick: "member1")
            try await member.join("#harness")
            try await member.waitForMember("coursebot", in: "#harness")

            member.say("#harness", "!ping")
            #expect(try await member.reply(from: "coursebot", in: "#harness") == "pong")
            member.say("#harness", "!help")
            let help = try await member.reply(from: "coursebot", in: "#harness")
            #expect(help.hasPrefix("Commands: !help !ping !echo !version !uptime"))
            #expect(!help.contains("!reload"))
            member.say("#harness", "coursebot: help ping")
            #expect(
                try await member.reply(from: "coursebot", in: "#harness")
                    == "!ping — Check that the agent is alive. Example: !ping")
            member.say("#harness", "!pnig")
            #expect(
                try await member.reply(from: "coursebot", in: "#harness")
                    == "Unknown command !pnig; did you mean !ping?")
            member.say("coursebot", "version")
            #expect(try await member.reply(from: "coursebot", in: "member1").hasPrefix("Community Agent "))
            member.say("#harness", "!role list")
            #expect(try await member.reply(from: "coursebot", in: "#harness").contains("not identified"))

            // An owner, identified by SASL as modacct, sees the owner commands.
            let owner = try await TestIRCClient.connect(
                port: server.port, nick: "boss", sasl: ("modacct", "modacct-pw"))
            try await owner.join("#harness")
            try await Task.sleep(for: .milliseconds(300))
            owner.say("#harness", "!help")
            #expect(try await owner.reply(from: "coursebot", in: "#harness").contains("!reload"))
            owner.say("#harness", "!role list")
            // The owner's !help may take more than one line; the answer to !role list follows it.
            let roles = try await owner.waitFor(seconds: 10) {
                $0.command == .privmsg && $0.parameters.last?.hasPrefix("Roles on") == true
            }
            #expect(roles.parameters.last == "Roles on local: modacct (owner, config)")

            // Graceful shutdown: QUIT with a message, exit status 0.
            member.skipReceived()
            kill(agent.child.pid, SIGTERM)
            let quit = try await member.waitFor(seconds: 10) {
                $0.command == .quit && $0.parsedSource?.nick == "coursebot"
            }
            #expect(quit.parameters.last?.contains("Community Agent shutting down") == true)
            let deadline = Date().addingTimeInterval(10)
            while agent.child.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(agent.child.terminationStatus == 0, "\(agent.log.suffix(2000))")
            #expect(!agent.log.contains("botacct-pw"))
            member.close()
            owner.close()
        }
    }

    @Test func oneAgentServesTwoNetworksAtOnce() async throws {
        guard try Peers.available("inspircd", "atheme-services", "ngircd") else { return }
        try await InspIRCdServer.with { modern in
            try await NgIRCdServer.with { older in
                let configuration = """
                    {
                      storage: { path: "\(modern.directory.path)/two.sqlite" },
                      commands: { rate_limit: { enabled: false }, overrides: { "old": { prefix: "?" } } },
                      networks: [
                        { name: "modern", host: "127.0.0.1", port: \(modern.port), nick: "coursebot", channels: ["#harness"],
                          sasl: { account: "botacct", password_env: "E2E_BOT_PASSWORD" }, outbox: { interval_seconds: 0.05 } },
                        { name: "old", host: "127.0.0.1", port: \(older.port), nick: "cbot", channels: ["#legacy"],
                          outbox: { interval_seconds: 0.05 } },
                      ],
                    }
                    """
                let agent = try AgentProcess(
                    configuration: configuration, directory: modern.directory,
                    environment: ["E2E_BOT_PASSWORD": "botacct-pw"])
                let first = try await TestIRCClient.connect(port: modern.port, nick: "alpha")
                try await first.join("#harness")
                try await first.waitForMember("coursebot", in: "#harness")
                let second = try await TestIRCClient.connect(port: older.port, nick: "beta")
                try await second.join("#legacy")
                try await second.waitForMember("cbot", in: "#legacy")

                first.say("#harness", "!echo from the modern network")
                second.say("#legacy", "?echo from the old one")
                #expect(try await first.reply(from: "coursebot", in: "#harness") == "from the modern network")
                #expect(try await second.reply(from: "cbot", in: "#legacy") == "from the old one")
                // The per-network prefix applies only where it is configured.
                second.say("#legacy", "!echo ignored here")
                first.say("#harness", "?echo ignored there")
                second.say("#legacy", "?ping")
                #expect(try await second.reply(from: "cbot", in: "#legacy") == "pong")
                first.say("#harness", "!ping")
                #expect(try await first.reply(from: "coursebot", in: "#harness") == "pong")
                first.close()
                second.close()
                await agent.child.stop()
            }
        }
    }
}
