import Foundation
import Testing

/// The engagement model from the shell: configuration checks, history import, the nudge plan.
@Suite("Engagement command line")
struct EngagementCommandLineTests {
    let cli = CommandLineTests()

    @Test func checkConfigRejectsANonsenseModelWithItsPath() async throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("model.json5")
        try """
        {
          networks: [ { name: "console", type: "console" } ],
          plugins: { engagement: {
            model: { gamma: -0.5, threshold: 10, weights: { likes: 3, view: -1 } },
            quiet_hours: "late", sweep_every: "now and then", colour: 1,
          } },
        }
        """.write(to: file, atomically: false, encoding: .utf8)
        let result = try await cli.run(["check-config", file.path], in: directory)
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map { $0.replacingOccurrences(of: file.path + ": ", with: "") }
        #expect(lines.contains("plugins.engagement.model.gamma: must not be negative"), "\(lines)")
        #expect(lines.contains("plugins.engagement.model.threshold: must be greater than 0 and less than alpha (10.0)"))
        #expect(lines.contains { $0.hasPrefix("plugins.engagement.model.weights.likes: is not an interaction kind") })
        #expect(lines.contains("plugins.engagement.model.weights.view: must not be negative"))
        #expect(lines.contains { $0.hasPrefix("plugins.engagement.quiet_hours: not a span of local time") })
        #expect(lines.contains { $0.hasPrefix("plugins.engagement.sweep_every: not a schedule") })
        #expect(lines.contains { $0.hasPrefix("plugins.engagement.colour: unknown option") })
        #expect(lines.last == "7 problems found")
    }

    @Test func importedHistoryShowsInThePlanAndTheActivity() async throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("agent.json5")
        try """
        {
          storage: { path: "community.sqlite" },
          networks: [ { name: "console", type: "console" } ],
          plugins: { engagement: { default_opt_in: true } },
        }
        """.write(to: config, atomically: false, encoding: .utf8)
        let sample = try await cli.run(["catalog", "sample"], in: directory)
        let catalog = directory.appendingPathComponent("catalog.json5")
        try sample.output.write(to: catalog, atomically: false, encoding: .utf8)
        #expect(
            try await cli.run(["catalog", "import", catalog.path, "--config", config.path], in: directory).status == 0)
        let csv = directory.appendingPathComponent("history.csv")
        try """
        network,account,kind,course,at
        console,alice,view,rust-ownership,2026-11-01T10:00:00+08:00
        console,alice,subscribe,swift-basics,2026-11-01T10:05:00+08:00
        console,alice,mention,swift-concurrency,2026-11-02T10:00:00+08:00
        console,bob,message,,2026-11-26T10:00:00Z
        console,bob,message,,2026-11-26T10:01:00Z
        console,bob,message,,2026-11-26T10:02:00Z
        """.write(to: csv, atomically: false, encoding: .utf8)
        let imported = try await cli.run(["interactions", "import", csv.path, "--config", config.path], in: directory)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output == "\(csv.path): imported 6, duplicates 0, members 2\n")
        let again = try await cli.run(["interactions", "import", csv.path, "--config", config.path], in: directory)
        #expect(again.output == "\(csv.path): imported 0, duplicates 6, members 0\n")

        let broken = directory.appendingPathComponent("broken.csv")
        try "network,account,kind,course,at\nconsole,carol,liked,,2026-11-01T10:00:00Z\nirc,dave,view,,2026\n".write(
            to: broken, atomically: false, encoding: .utf8)
        let refused = try await cli.run(
            ["interactions", "import", broken.path, "--config", config.path], in: directory)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("\(broken.path): line 2: kind \"liked\" is not one of"))
        #expect(refused.errors.contains("\(broken.path): line 3: network \"irc\" is not configured"))
        #expect(refused.errors.hasSuffix("nothing imported (2 invalid rows)\n"))

        let plan = try await cli.run(
            ["nudges", "plan", "--at", "2026-11-27T09:00:00Z", "--json", "--config", config.path], in: directory)
        #expect(plan.status == 0, "\(plan.errors)")
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(plan.output.utf8)) as? [[String: Any]], "\(plan.output)")
        let byAccount = Dictionary(uniqueKeysWithValues: rows.map { (($0["account"] as? String) ?? "", $0) })
        let alice = try #require(byAccount["alice"])
        #expect(alice["action"] as? String == "nudge")
        #expect(alice["cause"] is NSNull)
        #expect(alice["network"] as? String == "console")
        #expect((alice["a"] as? Double ?? 99) < 5)
        #expect((alice["peak_a"] as? Double ?? 0) >= 5)
        // alice viewed rust-ownership and mentioned swift-concurrency: neither is suggested.
        let message = try #require(alice["message"] as? String)
        #expect(message.hasPrefix("Hi alice, it's been quiet lately. You might like "), "\(message)")
        #expect(!message.contains("rust-ownership") && !message.contains("swift-concurrency"))
        #expect(message.hasSuffix("(You get these because nudges are on; !nudges off stops them.)"))
        let bob = try #require(byAccount["bob"])
        #expect(bob["action"] as? String == "skip")
        #expect(bob["cause"] as? String == "not-cooling")
        #expect(bob["message"] is NSNull)

        let table = try await cli.run(
            ["nudges", "plan", "--at", "2026-11-27T09:00:00Z", "--config", config.path], in: directory)
        #expect(table.output.hasPrefix("nudge plan at 2026-11-27T09:00:00Z: 2 members considered, 1 would be nudged"))

        // Without default_opt_in, members who never said `!nudges on` are left alone.
        let plain = directory.appendingPathComponent("plain.json5")
        try """
        { storage: { path: "community.sqlite" }, networks: [ { name: "console", type: "console" } ] }
        """.write(to: plain, atomically: false, encoding: .utf8)
        let optIn = try await cli.run(
            ["nudges", "plan", "--at", "2026-11-27T09:00:00Z", "--json", "--config", plain.path], in: directory)
        let optInRows = try #require(
            try JSONSerialization.jsonObject(with: Data(optIn.output.utf8)) as? [[String: Any]], "\(optIn.output)")
        #expect(optInRows.first { $0["account"] as? String == "alice" }?["cause"] as? String == "opted-out")

        let activity = try await cli.run(
            ["activity", "alice", "--at", "2026-11-27T09:00:00Z", "--config", config.path], in: directory)
        #expect(activity.status == 0, "\(activity.errors)")
        #expect(activity.output.contains("cooling:     yes"))
        #expect(activity.output.contains("member:      alice@console"))

        let done = try await cli.run(
            [
                "completions", "record", "alice", "swift-basics", "--at", "2026-11-27T09:00:00Z", "--config",
                config.path,
            ],
            in: directory)
        #expect(done.output == "alice@console completed swift-basics at 2026-11-27T09:00:00Z\n", "\(done.errors)")
        let twice = try await cli.run(
            ["completions", "record", "alice", "swift-basics", "--config", config.path], in: directory)
        #expect(twice.output.hasSuffix("nothing changed\n"))
        let badTime = try await cli.run(["nudges", "plan", "--at", "tomorrow"], in: directory)
        #expect(badTime.status == 2)
    }
}

/// The offline evaluation's contract (`../shared/recs/README.md` §2) on a small split.
@Suite("Recommendation evaluation command")
struct RecommendEvalCommandTests {
    let cli = CommandLineTests()

    @Test func writesTenRankedUnseenCatalogueCoursesForEveryMemberAndTimings() async throws {
        let directory = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let split = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/recs-split")
        let out = directory.appendingPathComponent("recs.csv")
        let result = try await cli.run(["recommend-eval", "--split", split.path, "--out", out.path], in: directory)
        #expect(result.status == 0, "\(result.errors)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
        for key in [
            "load_s", "fit_s", "recommend_s", "peak_rss_mb", "members", "courses", "events", "model_mb",
            "one_member_p50_ms", "one_member_p99_ms", "threads",
        ] {
            #expect(report[key] != nil, "\(key)")
        }
        #expect(report["members"] as? Int == 4)
        #expect(report["courses"] as? Int == 5)
        #expect(report["events"] as? Int == 8)

        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "member_id,rank,course_id")
        var byMember: [String: [(rank: Int, course: String)]] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            try #require(fields.count == 3)
            byMember[fields[0], default: []].append((Int(fields[1]) ?? 0, fields[2]))
        }
        #expect(Set(byMember.keys) == ["1", "2", "3", "4"])
        let seen: [String: Set<String>] = ["1": ["10"], "2": ["14", "12"], "3": ["10", "11", "13"], "4": []]
        for (member, list) in byMember {
            #expect(list.map(\.rank) == Array(1...list.count), "\(member)")
            #expect(list.allSatisfy { ["10", "11", "12", "13", "14"].contains($0.course) })
            #expect(seen[member, default: []].isDisjoint(with: list.map(\.course)), "\(member) got a seen course")
            #expect(Set(list.map(\.course)).count == list.count)
        }
        // Five courses: everyone gets every course they have not touched.
        #expect(byMember["4"]?.count == 5)
        #expect(byMember["3"]?.count == 2)

        // Two threads write the same file.
        let parallel = directory.appendingPathComponent("recs-2.csv")
        let twoThreads = try await cli.run(
            ["recommend-eval", "--split", split.path, "--out", parallel.path, "--threads", "2"], in: directory)
        #expect(twoThreads.status == 0)
        #expect(try Data(contentsOf: parallel) == Data(contentsOf: out))
        #expect(
            try await cli.run(
                ["recommend-eval", "--split", split.path, "--out", out.path, "--threads", "0"], in: directory
            )
            .status == 2)

        let missing = try await cli.run(
            ["recommend-eval", "--split", directory.path, "--out", out.path], in: directory)
        #expect(missing.status == 1)
        #expect(try await cli.run(["recommend-eval", "--out", out.path], in: directory).status == 2)
    }
}
