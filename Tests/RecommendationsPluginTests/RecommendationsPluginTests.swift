import AgentCore
import AgentTesting
import Community
import Foundation
import RecommendationsPlugin
import Storage
import Testing

/// The Recommendations plugin over real SQLite services and the sample catalog.
struct RecommendationsFixture {
    let directory: URL
    let members: MemberDirectory
    let catalog: CatalogStore
    let subscriptions: SubscriptionService
    let service: RecommendationService
    let bot: TestAgent

    init(language: Language = .en) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("recs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try Database(path: directory.appendingPathComponent("r.sqlite").path)
        catalog = try await CatalogStore(database: database)
        members = try await MemberDirectory(database: database)
        subscriptions = try await SubscriptionService(
            database: database, catalog: catalog, members: members, checkoutTemplate: "https://pay.test/{order}")
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
        _ = try await catalog.importCourses(try CatalogFile.parse(try Data(contentsOf: sample)).get())
        service = try await RecommendationService(database: database, catalog: catalog, members: members)
        var router = RouterSettings(rateLimit: .init(enabled: false))
        router.language = language
        let clock = ManualClock()
        bot = try await TestAgent(
            [Recommendations(service: service, catalog: catalog, clock: clock)], settings: router, clock: clock)
    }

    /// Ten members who took swift-basics then swift-concurrency, five who took rust-intro.
    func community() async throws {
        let now = bot.clock.now
        for index in 0..<10 {
            let member = Identity(network: "test", account: "s\(index)")
            try await members.updateProfile(of: member) {
                $0.interests = ["swift"]
                $0.level = .beginner
            }
            try await members.record(
                .subscribe, of: member, course: "swift-basics", at: now.addingTimeInterval(-86_400 * 20))
            try await members.record(
                .subscribe, of: member, course: "swift-concurrency", at: now.addingTimeInterval(-86_400 * 10))
        }
        for index in 0..<5 {
            let member = Identity(network: "test", account: "r\(index)")
            try await members.updateProfile(of: member) { $0.interests = ["rust"] }
            try await members.record(
                .subscribe, of: member, course: "rust-intro", at: now.addingTimeInterval(-86_400 * 5))
        }
        try await service.refit(at: now)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

@Suite("Recommendations plugin")
struct RecommendationsPluginTests {
    @Test func examplesHoldAndEveryTextIsInBothLanguages() async throws {
        let fixture = try await RecommendationsFixture()
        defer { fixture.cleanUp() }
        try await fixture.community()
        let failures = await fixture.bot.exampleFailures()
        #expect(failures.isEmpty, "\(failures)")
        #expect(Recommendations.messages.problems().isEmpty, "\(Recommendations.messages.problems())")
        #expect(fixture.bot.missingTranslations().isEmpty)
        let chinese = try await RecommendationsFixture(language: .zh)
        defer { chinese.cleanUp() }
        try await chinese.community()
        let untranslated = await chinese.bot.untranslatedReplies()
        #expect(untranslated.isEmpty, "\(untranslated)")
    }

    @Test func aMemberWhoTookACourseIsToldWhatOthersTookNextAndCanHideIt() async throws {
        let fixture = try await RecommendationsFixture()
        defer { fixture.cleanUp() }
        try await fixture.community()
        let alice = Identity(network: "test", account: "alice")
        let now = fixture.bot.clock.now
        for kind in [InteractionKind.view, .subscribe, .mention] {
            try await fixture.members.record(
                kind, of: alice, course: "swift-basics", at: now.addingTimeInterval(-3_600))
        }
        try await fixture.service.refit(at: now)
        let reply = await fixture.bot.send("!recommend")
        #expect(reply.first == "Recommended for you:")
        #expect(
            reply.dropFirst().first
                == "swift-concurrency — Swift Concurrency 并发编程: because you took Swift Basics", "\(reply)")
        #expect(reply.count == 5)
        #expect(reply.last == "Not for you? !notinterested <course> hides one.")
        #expect(!reply.contains { $0.hasPrefix("swift-basics ") })
        // Every course shown is an impression, with its reason.
        let shown = try await fixture.service.outcomes(since: now.addingTimeInterval(-60))
        #expect(shown.reduce(0) { $0 + $1.impressions } == 3)
        #expect(shown.first { $0.reason == .similar }?.impressions ?? 0 >= 1)

        #expect(
            await fixture.bot.send("!notinterested swift-concurrency") == [
                "Swift Concurrency 并发编程 will not be recommended to you again."
            ])
        let after = await fixture.bot.send("!recommend")
        #expect(!after.contains { $0.hasPrefix("swift-concurrency ") }, "\(after)")
        #expect(
            await fixture.bot.send("!similar swift-basics").dropFirst().first
                == "swift-concurrency — Swift Concurrency 并发编程")
    }

    @Test func aNewMemberIsStartedFromTheirProfileAndBadInputGetsAClearAnswer() async throws {
        let fixture = try await RecommendationsFixture()
        defer { fixture.cleanUp() }
        try await fixture.community()
        let newcomer = Identity(network: "test", account: "newcomer")
        // Without a profile: what the community takes most.
        #expect(
            await fixture.bot.send("!recommend 1", nick: "newcomer", account: "newcomer").dropFirst().first
                == "swift-concurrency — Swift Concurrency 并发编程: popular in the community")
        // The profile is read when answering, not when the model was fitted.
        try await fixture.members.updateProfile(of: newcomer) { $0.interests = ["rust"] }
        let reply = await fixture.bot.send("!recommend 1", nick: "newcomer", account: "newcomer")
        #expect(
            reply.dropFirst().first == "rust-intro — Rust for Beginners: popular with members learning rust", "\(reply)"
        )
        #expect(
            await fixture.bot.send("!recommend rsut").first == "There is no course tag \"rsut\". Did you mean rust?")
        #expect(
            await fixture.bot.send("!recommend", account: nil).first?.hasPrefix("You need to be identified") == true)
        #expect(
            await fixture.bot.send("!recommend 50") == [
                "[n] must be a whole number from 1 to 10, not \"50\". Usage: !recommend [n] [tag]"
            ])
    }

    @Test func aTopicTheMemberNeverNamedIsExplainedByWhatTheyLookedAt() async throws {
        let fixture = try await RecommendationsFixture()
        defer { fixture.cleanUp() }
        let learner = Identity(network: "test", account: "learner")
        try await fixture.members.updateProfile(of: learner) { $0.interests = ["swift"] }
        // swift-basics is tagged swift and programming; only swift was declared.
        try await fixture.members.record(.view, of: learner, course: "swift-basics", at: fixture.bot.clock.now)
        let reply = await fixture.bot.send("!recommend 5", nick: "learner", account: "learner")
        #expect(reply.contains("swiftui-apps — SwiftUI 应用开发实战: matches your interest in swift"), "\(reply)")
        #expect(
            reply.contains("rust-intro — Rust for Beginners: about programming, like courses you have looked at"),
            "\(reply)")
        #expect(!reply.contains { $0.contains("your interest in programming") }, "\(reply)")
    }

    @Test func feedbackReweightsTheTermsWithinBounds() async throws {
        let fixture = try await RecommendationsFixture()
        defer { fixture.cleanUp() }
        let now = fixture.bot.clock.now
        let basics = try #require(try await fixture.catalog.course("swift-basics"))
        let rust = try #require(try await fixture.catalog.course("rust-intro"))
        // 100 members shown a "similar" and a "popular" course; every similar one converts, no popular one.
        for index in 0..<100 {
            let member = Identity(network: "test", account: "m\(index)")
            try await fixture.service.recordImpressions(
                [Recommendation(course: basics, reason: .similar), Recommendation(course: rust, reason: .popular)],
                for: member, at: now)
            try await fixture.members.record(.view, of: member, course: "swift-basics", at: now.addingTimeInterval(60))
        }
        let factors = try await fixture.service.reweight(at: now.addingTimeInterval(3_600))
        #expect(factors[.similar] == 1.25)
        #expect(factors[.popular] == 0.8)
        #expect(factors[.peers] == nil)
        // A few clicks do not move anything.
        let quiet = try await RecommendationsFixture()
        defer { quiet.cleanUp() }
        for index in 0..<5 {
            let member = Identity(network: "test", account: "q\(index)")
            try await quiet.service.recordImpressions(
                [Recommendation(course: basics, reason: .similar)], for: member, at: now)
            try await quiet.members.record(.view, of: member, course: "swift-basics", at: now.addingTimeInterval(60))
        }
        #expect(try await quiet.service.reweight(at: now.addingTimeInterval(3_600)).isEmpty)
    }
}
