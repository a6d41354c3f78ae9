import AgentTesting
import Community
import Foundation
import Storage
import Testing

/// The operator's HTTP side of the real executable, driven by curl, checked by promtool and a
/// strict iCalendar parser.
@Suite("Operator HTTP listener")
struct OperatorHTTPTests {
    static func configuration(directory: URL) -> String {
        """
        {
          storage: { path: "\(directory.path)/agent.sqlite" },
          catalog: "\(CoursesOnInspIRCdTests.sampleCatalog)",
          http: { listen: "127.0.0.1:0" },
          payments: { webhook_secret_env: "E2E_WEBHOOK_SECRET" },
          networks: [ { name: "console", type: "console" } ],
          roles: [ { network: "console", account: "boss", role: "owner" } ],
          plugins: { events: { calendar_domain: "community.test" } },
        }
        """
    }

    /// The port the agent says it listens on.
    static func port(of agent: AgentProcess) async throws -> Int {
        let line = try await agent.waitForLine(matching: "HTTP listener started", seconds: 20)
        let port = line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }
        return try #require(port)
    }

    @Test func everyEndpointAnswersRealClientsWithTheRightStatus() async throws {
        guard try HTTPClients.available() else { return }
        let directory = try LifecycleTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let eventID: String
        do {
            let database = try Database(path: directory.appendingPathComponent("agent.sqlite").path)
            let events = try await EventService(
                database: database, members: try await MemberDirectory(database: database))
            var draft = EventDraft(
                title: "Swift 并发答疑, live", start: Date().addingTimeInterval(86_400), network: "console",
                channels: ["#console"])
            draft.duration = 3_600
            eventID = try await events.create(draft, at: Date()).id
            try await database.close()
        }
        let agent = try AgentProcess(
            configuration: Self.configuration(directory: directory), directory: directory,
            environment: ["E2E_WEBHOOK_SECRET": "e2e-secret"], consoleInput: true)
        defer { Task { await agent.child.stop() } }
        let port = try await Self.port(of: agent)

        let health = try await HTTPClients.curl(port, "/healthz")
        #expect(health.status == 200)
        #expect(health.headers["content-type"] == "application/json; charset=utf-8")
        #expect(health.object["status"] as? String == "ok")

        // Commands typed on the console show up in the metrics, which promtool accepts.
        agent.type("!ping")
        agent.type("!courses swift")
        agent.type("!nosuchcommand")
        _ = try await agent.waitForLine(matching: "courses match")
        let metrics = try await HTTPClients.curl(port, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let (lint, complaints) = try await HTTPClients.promtool(metrics.body)
        #expect(lint == 0, "\(complaints)")
        #expect(HTTPClients.stricterProblems(metrics.body).isEmpty, "\(HTTPClients.stricterProblems(metrics.body))")
        #expect(metrics.body.contains("community_agent_commands_total{command=\"ping\",outcome=\"ok\"} 1\n"))
        #expect(metrics.body.contains("community_agent_commands_total{command=\"courses\",outcome=\"ok\"} 1\n"))
        #expect(metrics.body.contains("community_agent_unknown_commands_total 1\n"))
        #expect(
            metrics.body.contains("community_agent_events_received_total{network=\"console\",kind=\"message\"} 3\n"))
        #expect(metrics.body.contains("community_agent_gateway_connected{network=\"console\"} 1\n"))

        // The course API.
        let courses = try await HTTPClients.curl(port, "/api/courses?q=swift&limit=2")
        #expect(courses.status == 200)
        #expect((courses.object["courses"] as? [[String: Any]])?.count == 2)
        let etag = try #require(courses.headers["etag"])
        #expect(
            try await HTTPClients.curl(port, "/api/courses?q=swift&limit=2", ["-H", "If-None-Match: \(etag)"]).status
                == 304)
        #expect(
            try await HTTPClients.curl(port, "/api/courses/swift-basics").object["slug"] as? String == "swift-basics")
        #expect(try await HTTPClients.curl(port, "/api/courses/no-such-course").status == 404)

        // Calendars: the content type, then a strict parser.
        let calendar = try await HTTPClients.curl(port, "/calendar.ics")
        #expect(calendar.status == 200 && calendar.headers["content-type"] == "text/calendar; charset=utf-8")
        if let python = try CalendarExportTests.python() {
            let file = directory.appendingPathComponent("feed.ics")
            try Data(calendar.body.utf8).write(to: file)
            let (checked, lines, problems) = try await CalendarExportTests.check(file, python: python)
            #expect(checked == 0, "\(problems)")
            #expect(lines.count == 1 && lines[0].contains("\(eventID)@community.test"))
        }
        #expect(
            try await HTTPClients.curl(port, "/events/\(eventID).ics").body.contains("UID:\(eventID)@community.test"))
        #expect(try await HTTPClients.curl(port, "/events/zzzz.ics").status == 404)

        // Errors are short JSON with the right status.
        let missing = try await HTTPClients.curl(port, "/nowhere")
        #expect(missing.status == 404 && missing.object["error"] != nil)
        let wrongMethod = try await HTTPClients.curl(port, "/healthz", ["-X", "DELETE"])
        #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "GET")
        #expect(try await HTTPClients.curl(port, "/webhooks/payment", ["-X", "POST"]).status == 411)
        let chunked = try await HTTPClients.curl(
            port, "/webhooks/payment", ["-H", "Transfer-Encoding: chunked", "--data-binary", "{}"])
        #expect(chunked.status == 501)
        let big = directory.appendingPathComponent("big.json")
        try Data(repeating: 0x20, count: 1_100_000).write(to: big)
        #expect(try await HTTPClients.curl(port, "/webhooks/payment", ["--data-binary", "@\(big.path)"]).status == 413)
        #expect(try await HTTPClients.curl(port, "/webhooks/payment", ["--data-binary", "{}"]).status == 401)
        let hugeHeader = try await HTTPClients.curl(
            port, "/healthz", ["-H", "X-Padding: " + String(repeating: "a", count: 17 * 1024)])
        #expect(hugeHeader.status == 431)
        #expect(try await HTTPClients.curl(port, "/me/data/not-a-live-token").status == 410)
        #expect(try await HTTPClients.curl(port, "/api/courses/%zz").status == 400)
        let head = try await HTTPClients.curl(port, "/healthz", ["-I"])
        #expect(head.status == 200 && head.body.isEmpty)

        // Operator endpoints: refused without a token, served with one made on the command line.
        #expect(try await HTTPClients.curl(port, "/api/members/boss/subscriptions").status == 401)
        let (created, output) = try await LifecycleTests.runTool(
            ["api-token", "create", "website", "--config", directory.appendingPathComponent("agent.json5").path],
            in: directory)
        #expect(created == 0, "\(output)")
        let token = try #require(output.split(separator: "\n").first { $0.hasPrefix("cat_") }.map(String.init))
        let grant = try await HTTPClients.curl(
            port, "/api/subscriptions",
            [
                "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json", "--data-binary",
                #"{"account":"boss","course":"rust-ownership","days":7}"#,
            ])
        #expect(grant.status == 201, "\(grant.body)")
        let listed = try await HTTPClients.curl(
            port, "/api/members/boss/subscriptions", ["-H", "Authorization: Bearer \(token)"])
        #expect((listed.object["subscriptions"] as? [[String: Any]])?.first?["course"] as? String == "rust-ownership")

        // Stopping closes the listener first.
        await agent.child.stop()
        #expect(!Peers.isListening(port))
    }
}
