import AgentTesting
import Foundation
import IRC
import Synchronization
import Testing

/// Ten members keep asking at 5 commands/s in all on a server with public-network flood limits,
/// the agent on its default settings: the flood budget (one line a second), not the agent,
/// limits output, and short replies are joined so that every one arrives within 10 s.
@Suite("Sustained load on InspIRCd strict")
struct SustainedLoadOnInspIRCdTests {
    @Test func tenMembersAtFiveCommandsASecondAllGetTheirRepliesWithinTenSeconds() async throws {
        guard try Peers.available("inspircd") else { return }
        try await InspIRCdServer.with(.withoutServices(mode: .strict)) { server in
            let agent = try AgentProcess(
                configuration: """
                    { storage: { path: "\(server.directory.path)/agent.sqlite" },
                      networks: [ { name: "local", host: "127.0.0.1", port: \(server.port), nick: "coursebot",
                                    channels: ["#load"] } ] }
                    """, directory: server.directory)
            var members: [TestIRCClient] = []
            for index in 0..<10 {
                let member = try await TestIRCClient.connect(port: server.port, nick: "member\(index)")
                try await member.join("#load")
                members.append(member)
            }
            let watcher = members[0]
            try await watcher.waitForMember("coursebot", in: "#load", seconds: 30)
            // Let the agent finish paying for its registration before the load starts.
            watcher.say("#load", "!ping")
            _ = try await watcher.reply(from: "coursebot", in: "#load", seconds: 30)
            watcher.skipReceived()

            // The agent's channel lines, timestamped as they arrive; joined replies are split.
            let answers = Mutex<[String: ContinuousClock.Instant]>([:])
            // Counted here, not in the task: a reply can arrive before the task first runs.
            let firstUnseen = watcher.messages.count
            let collecting = Task {
                var seen = firstUnseen
                while !Task.isCancelled {
                    let messages = watcher.messages
                    let now = ContinuousClock.now
                    for message in messages[seen...]
                    where message.command == .privmsg && message.parsedSource?.nick == "coursebot" {
                        // A reply alone is `member3-4`; joined with others, `member3: member3-4`.
                        for piece in (message.parameters.last ?? "").components(separatedBy: " · ") {
                            let token = piece.split(separator: " ").last.map(String.init) ?? ""
                            answers.withLock { $0[token] = now }
                        }
                    }
                    seen = messages.count
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            // Each member asks every 2 s, staggered: 5 commands/s in all, for 20 s.
            var sentAt: [String: ContinuousClock.Instant] = [:]
            let start = ContinuousClock.now
            for round in 0..<10 {
                for (index, member) in members.enumerated() {
                    try await Task.sleep(
                        until: start + .seconds(2 * round) + .milliseconds(200 * index), clock: .continuous)
                    let token = "\(member.nick)-\(round)"
                    member.say("#load", "!echo \(token)")
                    sentAt[token] = .now
                }
            }
            let deadline = ContinuousClock.now + .seconds(15)
            while Set(sentAt.keys).subtracting(answers.withLock { $0.keys }).count > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            collecting.cancel()
            let answeredAt = answers.withLock { $0 }
            let missing = sentAt.keys.filter { answeredAt[$0] == nil }.sorted()
            #expect(missing.isEmpty, "no reply to: \(missing)")
            let late = sentAt.compactMap { token, asked in
                answeredAt[token].flatMap { $0 - asked > .seconds(10) ? "\(token): \($0 - asked)" : nil }
            }
            #expect(late.isEmpty, "replies later than 10 s: \(late)")
            #expect(!agent.log.contains("not delivered"))
            #expect(!agent.log.contains("too fast"))
            for member in members { member.close() }
            await agent.child.stop()
        }
    }
}
