import AgentTesting
import Foundation
import IRC
import Testing

/// Courses and subscriptions live on a real InspIRCd with Atheme, surviving SIGKILL.
@Suite("Courses and subscriptions on InspIRCd", .serialized)
struct CoursesOnInspIRCdTests {
    static let sampleCatalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5").path

    static func configuration(port: Int, directory: URL) -> String {
        """
        {
          storage: { path: "\(directory.path)/agent.sqlite" },
          catalog: "\(sampleCatalog)",
          commands: { rate_limit: { enabled: false } },
          networks: [ {
            name: "local", host: "127.0.0.1", port: \(port), nick: "coursebot",
            sasl: { account: "botacct", password_env: "E2E_BOT_PASSWORD" }, require_sasl: true,
            channels: ["#harness"], outbox: { burst: 20, interval_seconds: 0.02 },
          } ],
          plugins: { subscriptions: { checkout_url: "https://pay.test/checkout?order={order}&course={course}" } },
        }
        """
    }

    /// Runs a data command of the binary (`codes create …`) against the same configuration.
    static func runTool(_ arguments: [String], directory: URL) async throws -> String {
        try await ProgramRun.run(
            try AgentProcess.executable().path,
            arguments + ["--config", directory.appendingPathComponent("agent.json5").path],
            environment: ProcessInfo.processInfo.environment.merging(["E2E_BOT_PASSWORD": "botacct-pw"]) { _, new in new
            }
        ).output
    }

    @Test func memberBrowsesSubscribesRedeemsAndKeepsItAllAcrossSIGKILL() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            let directory = server.directory
            let environment = ["E2E_BOT_PASSWORD": "botacct-pw"]
            var agent: AgentProcess? = try AgentProcess(
                configuration: Self.configuration(port: server.port, directory: directory),
                directory: directory, environment: environment)
            let member = try await TestIRCClient.connect(
                port: server.port, nick: "learner", sasl: ("modacct", "modacct-pw"))
            try await member.join("#harness")
            try await member.waitForMember("coursebot", in: "#harness")

            // Browse.
            member.say("#harness", "!courses rust")
            #expect(try await member.reply(from: "coursebot", in: "#harness") == "2 courses match \"rust\":")
            #expect(try await member.reply(from: "coursebot", in: "#harness").hasPrefix("rust-"))
            #expect(try await member.reply(from: "coursebot", in: "#harness").hasPrefix("rust-"))

            // A free course.
            member.say("#harness", "!subscribe swift-basics")
            #expect(
                try await member.reply(from: "coursebot", in: "#harness")
                    == "You're subscribed to Swift Basics (no end date). Enjoy!")

            // A paid course: checkout instructions privately.
            member.say("#harness", "!subscribe swift-concurrency")
            #expect(
                try await member.reply(from: "coursebot", in: "#harness")
                    == "Sent you the payment details for swift-concurrency privately.")
            #expect(
                try await member.reply(from: "coursebot", in: "learner")
                    == "Swift Concurrency 并发编程 costs 199.00 CNY for 365 days of access.")
            let pay = try await member.reply(from: "coursebot", in: "learner")
            #expect(pay.hasPrefix("Pay here: https://pay.test/checkout?order=O"))
            #expect(pay.contains("&course=swift-concurrency"))

            // A code made with the command line, redeemed privately.
            let csv = try await Self.runTool(
                ["codes", "create", "rust-ownership", "1", "--days", "30"], directory: directory)
            let code = try #require(
                csv.split(separator: "\n").dropFirst().first?.split(separator: ",").first.map(String.init))
            member.skipReceived()
            member.say("coursebot", "redeem \(code)")
            #expect(
                try await member.reply(from: "coursebot", in: "learner").hasPrefix(
                    "Code accepted: you have Rust 所有权与借用 (until "))

            member.say("#harness", "!mycourses")
            let mine = try await member.reply(from: "coursebot", in: "#harness")
            #expect(mine.hasPrefix("Your courses: rust-ownership (until "))
            #expect(mine.contains("swift-basics (no end date)"))
            #expect(mine.contains("swift-concurrency (awaiting payment, order O"))

            // Someone without an account is refused politely.
            let guest = try await TestIRCClient.connect(port: server.port, nick: "guest")
            try await guest.join("#harness")
            guest.say("#harness", "!subscribe swift-basics")
            #expect(
                try await guest.reply(from: "coursebot", in: "#harness")
                    == "You need to be identified to do that: log in with NickServ (or SASL) first, then try again.")

            // kill -9, then start again: nothing committed is lost.
            await agent?.child.killNow()
            agent = nil
            agent = try AgentProcess(
                configuration: Self.configuration(port: server.port, directory: directory), directory: directory,
                environment: environment)
            member.skipReceived()
            try await member.waitFor(seconds: 30) { $0.command == .join && $0.parsedSource?.nick == "coursebot" }
            member.say("#harness", "!mycourses")
            #expect(try await member.reply(from: "coursebot", in: "#harness") == mine)
            guest.close()
            member.close()
            await agent?.child.stop()
        }
    }
}
