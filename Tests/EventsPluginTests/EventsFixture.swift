import AgentCore
import AgentTesting
import Community
import EventsPlugin
import Foundation
import PluginSupport
import Storage

/// The Events plugin over a fresh SQLite file, driven by a TestAgent on a manual clock.
struct EventsFixture {
    let directory: URL
    let database: Database
    let members: MemberDirectory
    let catalog: CatalogStore
    let events: EventService
    let engagement: EngagementService
    let plugin: Events
    let bot: TestAgent
    var clock: ManualClock { bot.clock }

    /// A fixture over a fresh directory, or over `path` as left by an earlier fixture (a restart:
    /// the scheduler's jobs and every table are kept); `clock` carries the time across.
    init(
        settings: Events.Settings = Events.Settings(), language: Language = .en, databaseAt path: URL? = nil,
        clock: ManualClock = ManualClock()
    ) async throws {
        directory = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try Database(path: directory.appendingPathComponent("e.sqlite").path)
        catalog = try await CatalogStore(database: database)
        members = try await MemberDirectory(database: database)
        events = try await EventService(database: database, members: members)
        engagement = try await EngagementService(database: database, members: members)
        if try await catalog.count() == 0 {
            let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
            _ = try await catalog.importCourses(try CatalogFile.parse(try Data(contentsOf: sample)).get())
        }
        var settings = settings
        settings.language = language
        plugin = Events(
            events: events, catalog: catalog, notices: MemberNotices(members: members), engagement: engagement,
            settings: settings, clock: clock)
        var router = RouterSettings(rateLimit: .init(enabled: false))
        router.language = language
        bot = try await TestAgent(
            [plugin], roles: ["mod": .moderator], settings: router, clock: clock,
            directory: path.map { $0.appendingPathComponent("agent") })
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Runs the scheduler's due jobs after moving the clock to `date`; returns what was sent.
    func advance(to date: Date) async throws -> [GatewayRequest] {
        _ = bot.outlet.take()
        clock.advance(to: date)
        try await bot.scheduler.runDue()
        return bot.outlet.take()
    }

    /// Adds an event as a moderator and lets the scheduler post its announcement; returns its id.
    func add(_ text: String) async throws -> String {
        _ = await bot.send("!event add " + text, nick: "mod", account: "mod")
        _ = try await advance(to: clock.now)
        guard let event = try await events.upcoming(from: clock.now).last else { throw NoEvent() }
        return event.id
    }

    struct NoEvent: Error {}

    /// The lines said in `channel` among `requests`.
    static func said(in channel: String, _ requests: [GatewayRequest]) -> [String] {
        requests.compactMap { request in
            if case .say(let conversation, let text) = request, conversation.name == channel { return text }
            if case .reply(let conversation, let text, _) = request, conversation.name == channel { return text }
            return nil
        }
    }

    /// The lines said privately to `nick` among `requests`.
    static func told(_ nick: String, _ requests: [GatewayRequest]) -> [String] {
        requests.compactMap { request in
            if case .say(let conversation, let text) = request, conversation.isPrivate, conversation.name == nick {
                return text
            }
            return nil
        }
    }
}
