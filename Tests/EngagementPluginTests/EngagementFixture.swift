import AgentCore
import AgentTesting
import Community
import EngagementPlugin
import Foundation
import Storage

/// The Engagement plugin over real SQLite services and the sample catalog, driven in-process
/// with a manual clock.
struct EngagementFixture {
    let directory: URL
    let database: Database
    let members: MemberDirectory
    let catalog: CatalogStore
    let subscriptions: SubscriptionService
    let engagement: EngagementService
    let plugin: Engagement
    let recommendations: RecommendationService?
    let bot: TestAgent
    var clock: ManualClock { bot.clock }

    init(
        settings: Engagement.Settings = Engagement.Settings(), language: Language = .en,
        clock: ManualClock = ManualClock(), databaseAt path: URL? = nil, recommending: Bool = false
    ) async throws {
        directory =
            path ?? FileManager.default.temporaryDirectory.appendingPathComponent("engagement-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try Database(path: directory.appendingPathComponent("e.sqlite").path)
        catalog = try await CatalogStore(database: database)
        members = try await MemberDirectory(database: database)
        subscriptions = try await SubscriptionService(
            database: database, catalog: catalog, members: members, checkoutTemplate: "https://pay.test/{order}")
        engagement = try await EngagementService(
            database: database, members: members, model: settings.model, lookbackDays: settings.lookbackDays,
            timeZone: settings.timeZone)
        if try await catalog.count() == 0 {
            let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
            _ = try await catalog.importCourses(try CatalogFile.parse(try Data(contentsOf: sample)).get())
        }
        var settings = settings
        settings.agentNicks = ["test": ["agent"]]
        recommendations =
            recommending
            ? try await RecommendationService(database: database, catalog: catalog, members: members) : nil
        plugin = Engagement(
            engagement: engagement, subscriptions: subscriptions, settings: settings, recommendations: recommendations,
            clock: clock)
        var router = RouterSettings(rateLimit: .init(enabled: false))
        router.language = language
        bot = try await TestAgent([plugin], roles: ["mod": .moderator], settings: router, clock: clock)
        try await plugin.prepare()
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}
