import AgentTesting
import Community
import Foundation
import Storage
import Testing

/// `community-agent events export --ics FILE`, checked strictly and parsed by a real iCalendar
/// parser (PyPI `icalendar`, in the virtualenv `.ci/run` makes).
@Suite("Calendar export")
struct CalendarExportTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The virtualenv's Python with `icalendar`, or nil (a failure under CI).
    static func python() throws -> String? {
        let path = packageRoot.appendingPathComponent(".build/peers-venv/bin/python").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        if Peers.isCI {
            throw Peers.MissingPeer(
                description:
                    "CI is set but .build/peers-venv has no icalendar (python3 -m venv .build/peers-venv && .build/peers-venv/bin/pip install icalendar==7.3.2)"
            )
        }
        return nil
    }

    /// Runs the checker on `file`; its status, its JSON lines and its problems.
    static func check(_ file: URL, python: String) async throws -> (Int32, [String], String) {
        let run = try await ProgramRun.run(
            python, [packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/ics_check.py").path, file.path],
            timeout: 30)
        return (run.status, run.output.split(separator: "\n").map(String.init), run.errors)
    }

    struct Parsed: Decodable, Equatable {
        var uid: String
        var summary: String
        var description: String
        var start: String
        var end: String
        var status: String
        var sequence: Int
        var categories: [String]
    }

    @Test func theExportIsAStrictCalendarThatARealParserReadsBackExactly() async throws {
        guard let python = try Self.python() else { return }
        let directory = try LifecycleTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let databasePath = directory.appendingPathComponent("agent.sqlite").path
        let configuration = directory.appendingPathComponent("agent.json5")
        try """
        { storage: { path: "\(databasePath)" },
          plugins: { events: { calendar_domain: "community.test" } } }
        """.write(to: configuration, atomically: false, encoding: .utf8)
        let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30T00:53:20Z
        let title = "Swift, Rust; and C\\Sharp — 并发答疑"
        let description =
            "第一行：我们会讨论 async/await、actors 和 Sendable，以及如何在真实项目里迁移到 Swift 6 严格并发检查。\nLine two, with a comma; and a semicolon."
        let id: String
        do {
            let database = try Database(path: databasePath)
            let members = try await MemberDirectory(database: database)
            let events = try await EventService(database: database, members: members)
            var draft = EventDraft(
                title: title, start: now.addingTimeInterval(86_400), network: "libera", channels: ["#swift"])
            draft.description = description
            draft.tags = ["swift", "并发"]
            draft.duration = 5_400
            id = try await events.create(draft, at: now).id
            var other = EventDraft(
                title: "Rust night", start: now.addingTimeInterval(2 * 86_400), network: "libera", channels: ["#rust"])
            other.duration = 3_600
            let cancelled = try await events.create(other, at: now)
            _ = try await events.cancel(cancelled.id, reason: "speaker ill", at: now)
            let past = EventDraft(
                title: "Yesterday", start: now.addingTimeInterval(-86_400), network: "libera", channels: ["#x"])
            _ = try await events.create(past, at: now.addingTimeInterval(-2 * 86_400))
            try await database.close()
        }
        let file = directory.appendingPathComponent("events.ics")
        let arguments = [
            "events", "export", "--ics", file.path, "--config", configuration.path, "--at", "2026-11-30T01:00:00Z",
        ]
        let (status, output) = try await LifecycleTests.runTool(arguments, in: directory)
        #expect(status == 0, "\(output)")
        let (checked, lines, problems) = try await Self.check(file, python: python)
        #expect(checked == 0, "\(problems)")
        let parsed = try lines.map { try JSONDecoder().decode(Parsed.self, from: Data($0.utf8)) }
        #expect(parsed.count == 2)
        let first = try #require(parsed.first)
        #expect(first.uid == "\(id)@community.test")
        #expect(first.summary == title)
        #expect(first.description == description)
        #expect(first.start == "2026-12-01T00:53:20+00:00")
        #expect(first.end == "2026-12-01T02:23:20+00:00")
        #expect(first.status == "CONFIRMED")
        #expect(first.categories == ["swift", "并发"])
        #expect(parsed.last?.status == "CANCELLED")
        #expect(parsed.last?.description == "Cancelled: speaker ill")
        // A change keeps the UID and raises SEQUENCE, so calendars update the event in place.
        do {
            let database = try Database(path: databasePath)
            let events = try await EventService(
                database: database, members: try await MemberDirectory(database: database))
            _ = try await events.update(id, at: now) { $0.title = "Swift office hours" }
            try await database.close()
        }
        _ = try await LifecycleTests.runTool(arguments, in: directory)
        let (_, again, _) = try await Self.check(file, python: python)
        let updated = try JSONDecoder().decode(Parsed.self, from: Data((again.first ?? "").utf8))
        #expect(updated.uid == first.uid)
        #expect(updated.sequence == first.sequence + 1)
        #expect(updated.summary == "Swift office hours")
    }
}
