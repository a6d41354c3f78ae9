import AgentTesting
import Foundation
import IRC
import Testing

/// Events against a real InspIRCd with Atheme accounts, on a virtual clock that runs two hours
/// per second: a moderator in Shanghai adds an event in Chinese time syntax, a member RSVPs,
/// the agent is killed with SIGKILL and started again, and each reminder arrives once, at its
/// virtual time, in the channel and privately.
@Suite("Events on InspIRCd", .serialized)
struct EventsOnInspIRCdTests {
    static func configuration(port: Int, directory: URL) -> String {
        """
        {
          storage: { path: "\(directory.path)/agent.sqlite" },
          catalog: "\(MembersAcrossNetworksTests.sampleCatalog)",
          time_zone: "UTC",
          commands: { rate_limit: { enabled: false } },
          roles: [ { network: "local", account: "modacct", role: "moderator" } ],
          networks: [
            { name: "local", host: "127.0.0.1", port: \(port), nick: "coursebot", tls: { enabled: false },
              sasl: { account: "botacct", password_env: "E2E_BOT_PASSWORD" }, channels: ["#learn"],
              outbox: { burst: 10, interval_seconds: 0.05 } },
          ],
          plugins: {
            // One real second is two virtual hours: 15 minutes of grace would be an eighth of a
            // second, less than a restart.
            events: { reminder_grace_minutes: 600, late_after_seconds: 3600 },
            engagement: { sweep_every: "every 100h" },
          },
        }
        """
    }

    /// The next line from the agent to `target` that starts with `prefix`.
    static func line(
        _ client: TestIRCClient, _ prefix: String, in target: String, seconds: Double = 10
    ) async throws -> String {
        let message = try await client.waitFor(seconds: seconds) {
            $0.command == .privmsg && $0.parsedSource?.nick == "coursebot" && $0.parameters.first == target
                && $0.parameters.last?.hasPrefix(prefix) == true
        }
        return message.parameters.last ?? ""
    }

    @Test func remindersArriveOnceAtTheirVirtualTimesAcrossASIGKILL() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        var options = InspIRCdServer.Options()
        options.accounts.append(("member1", "member1-pw"))
        try await InspIRCdServer.with(options) { server in
            // Virtual Sunday 4 January 2026, 20:00 UTC is now. The event (Wednesday 7 January,
            // 20:00 in Shanghai = 12:00 UTC) starts 64 virtual hours = 32 s from now; its day-before
            // reminder is at 20 s, its hour-before one at 31.5 s.
            let origin = Date()
            let environment = [
                "E2E_BOT_PASSWORD": "botacct-pw",
                "COMMUNITY_AGENT_VIRTUAL_CLOCK": "1767556800,\(origin.timeIntervalSince1970),7200",
            ]
            let configuration = Self.configuration(port: server.port, directory: server.directory)
            var agent = try AgentProcess(
                configuration: configuration, directory: server.directory, environment: environment)
            let moderator = try await TestIRCClient.connect(
                port: server.port, nick: "mod", sasl: ("modacct", "modacct-pw"))
            let member = try await TestIRCClient.connect(
                port: server.port, nick: "ann", sasl: ("member1", "member1-pw"))
            defer {
                moderator.close()
                member.close()
            }
            for client in [moderator, member] {
                try await client.join("#learn")
                try await client.waitForMember("coursebot", in: "#learn")
            }
            moderator.say("coursebot", "!timezone Asia/Shanghai")
            #expect(try await moderator.reply(from: "coursebot", in: "mod") == "Your time zone is now Asia/Shanghai.")
            moderator.say("#learn", "!event add \"Swift 并发答疑\" 1月7日 晚上8点 for 90m cap 10 swift")
            // The confirmation and the announcement are two posts to #learn from independent
            // paths (the reply, a job planned for now): either may arrive first.
            let added = try await Self.line(moderator, "Added ", in: "#learn")
            #expect(added.contains(": Swift 并发答疑 — Wed 7 Jan 20:00 CST (1h30m) in #learn, 10 places."), "\(added)")
            let id = String(added.dropFirst("Added ".count).prefix(4))
            let announced = try await Self.line(member, "New event", in: "#learn")
            #expect(announced.hasPrefix("New event \(id): Swift 并发答疑 — Wed 7 Jan 12:00 UTC."), "\(announced)")
            member.say("#learn", "!rsvp \(id)")
            let going = try await Self.line(member, "You're", in: "#learn")
            #expect(going.hasPrefix("You're going to \(id) Swift 并发答疑 (Wed 7 Jan 12:00 UTC)."), "\(going)")

            // Killed without warning between creation and the first reminder, then started again.
            kill(agent.child.pid, SIGKILL)
            await agent.child.stop()
            agent = try AgentProcess(
                configuration: configuration, directory: server.directory, environment: environment)
            defer { kill(agent.child.pid, SIGKILL) }

            let day = try await Self.line(member, "Tomorrow:", in: "#learn", seconds: 40)
            #expect(day.hasPrefix("Tomorrow: \(id) Swift 并发答疑 — Wed 7 Jan 12:00 UTC in #learn (1 going)."), "\(day)")
            let dayPrivate = try await Self.line(member, "Reminder:", in: "ann")
            #expect(dayPrivate == "Reminder: \(id) Swift 并发答疑 is tomorrow, Wed 7 Jan 12:00 UTC, in #learn.")
            let hour = try await Self.line(member, "In 1 hour:", in: "#learn", seconds: 30)
            #expect(hour.hasPrefix("In 1 hour: \(id) Swift 并发答疑"), "\(hour)")
            let hourPrivate = try await Self.line(member, "Reminder:", in: "ann")
            #expect(hourPrivate.hasPrefix("Reminder: \(id) Swift 并发答疑 starts in 1 hour"), "\(hourPrivate)")
            let start = try await Self.line(member, "Starting now:", in: "#learn")
            #expect(start == "Starting now: \(id) Swift 并发答疑 in #learn.")
            // Nothing repeated: each post exactly once, the announcement included.
            try await Task.sleep(for: .seconds(2))
            let fromAgent = member.messages.filter {
                $0.command == .privmsg && $0.parsedSource?.nick == "coursebot"
            }.compactMap { $0.parameters.last }
            for prefix in ["New event", "Tomorrow:", "In 1 hour:", "Starting now:", "Reminder:"] {
                let count = fromAgent.filter { $0.hasPrefix(prefix) }.count
                #expect(count == (prefix == "Reminder:" ? 2 : 1), "\(prefix) × \(count): \(fromAgent)")
            }
        }
    }
}
