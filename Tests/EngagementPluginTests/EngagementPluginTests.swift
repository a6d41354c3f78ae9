import AgentCore
import AgentTesting
import Community
import EngagementPlugin
import Foundation
import Storage
import Testing

@Suite("Engagement plugin")
struct EngagementPluginTests {
    /// The world the examples describe: the owner subscribed to swift-basics, example-member
    /// identified in the channel.
    private func exampleWorld(_ fixture: EngagementFixture) async throws {
        let owner = Identity(network: "test", account: TestAgent.exampleOwner)
        _ = try await fixture.subscriptions.subscribe(owner, to: "swift-basics", at: fixture.clock.now)
        fixture.bot.outlet.knownNicks = ["example-member": .identified(account: "example-member")]
    }

    @Test func examplesHoldInTheWorldTheyDescribe() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        try await exampleWorld(fixture)
        let failures = await fixture.bot.exampleFailures()
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func everyTextExistsInBothLanguagesAndChineseRepliesAreChinese() async throws {
        #expect(Engagement.messages.problems().isEmpty, "\(Engagement.messages.problems())")
        let fixture = try await EngagementFixture(language: .zh)
        defer { fixture.cleanUp() }
        try await exampleWorld(fixture)
        #expect(fixture.bot.missingTranslations().isEmpty, "\(fixture.bot.missingTranslations())")
        let untranslated = await fixture.bot.untranslatedReplies(content: ["1. example-member — 2 分"])
        #expect(untranslated.isEmpty, "\(untranslated)")
    }

    @Test func activityReflectsWhatAMemberDid() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        #expect(
            await bot.send("!activity") == [
                "Your activity: 0.0 (quiet; 5.0 is the line). Last 30 days: ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁. This week: nothing yet."
            ])
        _ = await bot.send("I am reading swift-basics and 《Rust 所有权与借用》 this week")
        _ = await bot.send("hello everyone")
        _ = try await fixture.subscriptions.subscribe(
            Identity(network: "test", account: "alice"), to: "swift-basics", at: fixture.clock.now)
        let reply = await bot.send("!activity")
        #expect(reply.count == 1)
        // P = 2 messages + 1 command + 2 mentions·2 + 1 subscription·5 = 12 → A ≈ 9.93.
        #expect(reply.first?.hasPrefix("Your activity: 9.9 (active; 5.0 is the line).") == true, "\(reply)")
        #expect(
            reply.first?.hasSuffix(
                "This week: 1 subscription, 2 course mentions, 1 command, 2 messages.") == true, "\(reply)")
        #expect(await bot.send("!activity bob").first == "Sorry, !activity <nick> is for moderators.")
        bot.outlet.knownNicks = ["alice": .identified(account: "alice"), "ghost": .notIdentified]
        #expect(
            await bot.send("!activity alice", nick: "mod", account: "mod").first?.hasPrefix(
                "alice's activity: 9.9 (active") == true)
        #expect(
            await bot.send("!activity ghost", nick: "mod", account: "mod") == [
                "ghost is not identified, so I keep no activity for them."
            ])
    }

    @Test func unidentifiedSpeakersAreCountedInTheChannelOnly() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        for _ in 0..<3 { _ = await fixture.bot.send("hi", nick: "guest", account: nil) }
        _ = await fixture.bot.send("hi")
        try await fixture.plugin.flush()
        let accounts = try await fixture.database.query("SELECT account FROM member_identity")
        #expect(accounts.compactMap { $0.string("account") } == ["alice"])
        let named = try await fixture.database.first(
            "SELECT 'log' AS id, COUNT(*) AS n FROM chat_log WHERE instr(data, CAST('guest' AS BLOB)) > 0")
        #expect(named?.string("n") == "0")
        let stats = await fixture.bot.send("!stats", nick: "mod", account: "mod")
        #expect(
            stats.first?.hasPrefix("Last 7 days: 1 active member ▁▁▁▁▁▁█; 4 messages ▁▁▁▁▁▁█; 0 commands ▁▁▁▁▁▁▁.")
                == true, "\(stats)")
    }

    @Test func thanksRulesEachGetAClearReply() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        bot.outlet.knownNicks = [
            "bob": .identified(account: "bob"), "alice": .identified(account: "alice"), "guest": .notIdentified,
            "agent": .identified(account: "agent-account"),
        ]
        #expect(await bot.send("!thanks alice") == ["You can't thank yourself — but well done anyway."])
        #expect(await bot.send("!thanks agent") == ["Glad to help! Thanks are for fellow members, though."])
        #expect(
            await bot.send("!thanks guest") == [
                "guest is not identified (or not here), so the point would reach no one. Ask them to log in with NickServ."
            ])
        #expect(await bot.send("!thanks") == ["Missing <nick>. Usage: !thanks <nick> [reason…]"])
        #expect(
            await bot.send("!thanks bob for the review") == [
                "bob gets a learning point from you. Thanks for saying thanks!"
            ])
        #expect(await bot.send("!thanks bob") == ["You have thanked bob today already; try again tomorrow."])
        for index in 1...4 {
            bot.outlet.knownNicks["m\(index)"] = .identified(account: "m\(index)")
            _ = await bot.send("!thanks m\(index)")
        }
        bot.outlet.knownNicks["m5"] = .identified(account: "m5")
        #expect(
            await bot.send("!thanks m5") == [
                "You have given 5 thanks today, the most per day; try again tomorrow."
            ])
        #expect(await bot.send("!thanks m5", account: nil).first?.hasPrefix("You need to be identified") == true)
        #expect(await bot.send("!leaderboard 7d").first == "Learning points, last 7 days:")
        #expect(await bot.send("!leaderboard").dropFirst().first == "1. bob — 2 points")
        #expect(
            await bot.send("!leaderboard forever").first?.hasPrefix(
                "[7d|30d|all] must be one of 7d, 30d, all, not \"forever\".") == true)
    }

    @Test func completionsNeedASubscriptionAndCountOnce() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        #expect(
            await bot.send("!done swift-basics") == [
                "You are not subscribed to Swift Basics; subscribe with !subscribe swift-basics first."
            ])
        #expect(await bot.send("!done swift-basics for bob") == ["Sorry, !done <course> for <account> is for owners."])
        #expect(await bot.send("!done swift-basics for") == ["Usage: !done <course> [for <account>]"])
        #expect(
            await bot.send("!done no-such-course").first?.hasPrefix("There is no course \"no-such-course\"") == true)
        _ = try await fixture.subscriptions.subscribe(
            Identity(network: "test", account: "alice"), to: "swift-basics", at: fixture.clock.now)
        #expect(
            await bot.send("!done swift-basics") == [
                "Well done! Swift Basics is marked completed — 10 learning points for you."
            ])
        #expect(await bot.send("!done SWIFT-BASICS") == ["Swift Basics was marked completed on 2026-01-05 already."])
    }

    @Test func aNudgeInChineseForAMemberWhoChoseChinese() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        let li = Identity(network: "test", account: "li")
        try await fixture.members.updateProfile(of: li) { profile in
            profile.language = "zh"
            profile.nudges = true
            profile.interests = ["rust"]
            profile.timeZone = TimeZone(identifier: "Asia/Shanghai")
        }
        try await fixture.members.saw(li, as: "xiaoli")
        fixture.bot.outlet.knownNicks = ["xiaoli": .identified(account: "li")]
        // Active for a while (P well above the line), then quiet until cooling.
        for _ in 0..<4 { _ = await fixture.bot.send("大家好", nick: "xiaoli", account: "li") }
        try await fixture.plugin.flush()
        fixture.clock.advance(by: 20 * 86_400)
        // 09:00 UTC is 17:00 in Shanghai: outside the quiet hours.
        _ = fixture.bot.outlet.take()
        let report = try await fixture.plugin.sweep(
            at: fixture.clock.now, outlet: fixture.bot.outlet, prefix: { _ in "!" }, log: .disabled)
        #expect(report.sent == 1, "\(report)")
        let sent = fixture.bot.outlet.take()
        #expect(
            sent == [
                .say(
                    .privateChat(with: "xiaoli", on: "test"),
                    "xiaoli，好久不见！推荐你看看《Rust for Beginners》（你关注的 rust 方向）：!course rust-intro"
                        + "（你开启了活跃提醒才会收到这条消息，发送 !nudges off 即可关闭。）")
            ])
    }

    @Test func withoutDeclaredInterestsTheNudgeFollowsWhatTheMemberTookOneLevelOn() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        let bob = Identity(network: "test", account: "bob")
        try await fixture.members.updateProfile(of: bob) { $0.nudges = true }
        try await fixture.members.saw(bob, as: "bob")
        fixture.bot.outlet.knownNicks = ["bob": .identified(account: "bob")]
        _ = try await fixture.subscriptions.subscribe(bob, to: "swift-basics", at: fixture.clock.now)
        _ = await fixture.bot.send("!done swift-basics", nick: "bob", account: "bob")
        // P = 5 + 8 + 1 = 14 falls below 1 after about 26 days.
        fixture.clock.advance(by: 30 * 86_400)
        _ = fixture.bot.outlet.take()
        try await fixture.plugin.sweep(
            at: fixture.clock.now, outlet: fixture.bot.outlet, prefix: { _ in "!" }, log: .disabled)
        let texts = fixture.bot.outlet.take().compactMap { request -> String? in
            if case .say(_, let text) = request { return text }
            return nil
        }
        // swift-basics is a beginner course: the next one in swift is intermediate.
        #expect(
            texts == [
                "Hi bob, it's been quiet lately. You might like Swift Concurrency 并发编程 (more swift, which you follow): "
                    + "!course swift-concurrency (You get these because nudges are on; !nudges off stops them.)"
            ])
        // The sweep is recorded, and a second sweep sends nothing for the same cooling spell.
        try await fixture.plugin.sweep(
            at: fixture.clock.now.addingTimeInterval(8 * 86_400), outlet: fixture.bot.outlet, prefix: { _ in "!" },
            log: .disabled)
        #expect(fixture.bot.outlet.take().isEmpty)
        let member = try await fixture.members.member(of: bob)
        #expect(try await fixture.engagement.nudges(of: member).map(\.action) == [.sent])
    }

    @Test func accessEndingSoonComesFirst() async throws {
        let fixture = try await EngagementFixture()
        defer { fixture.cleanUp() }
        let carol = Identity(network: "test", account: "carol")
        try await fixture.members.updateProfile(of: carol) { $0.nudges = true }
        try await fixture.members.saw(carol, as: "carol")
        fixture.bot.outlet.knownNicks = ["carol": .identified(account: "carol")]
        _ = try await fixture.subscriptions.grant(carol, "rust-ownership", days: 30, by: "test", at: fixture.clock.now)
        for _ in 0..<3 { _ = await fixture.bot.send("hello", nick: "carol", account: "carol") }
        try await fixture.plugin.flush()
        // P = 5 (the grant) + 3 falls below 1 after about 21 days; on day 24 access ends in 6.
        fixture.clock.advance(by: 24 * 86_400)
        let planned = try await fixture.plugin.plan(at: fixture.clock.now, prefix: { _ in "!" })
        let row = try #require(planned.first { $0.identity == carol })
        #expect(row.decision.skip == nil)
        #expect(
            row.message
                == "Hi carol! Your access to Rust 所有权与借用 ends on 2026-02-04; renew any time with !subscribe rust-ownership."
                + " (You get these because nudges are on; !nudges off stops them.)")
    }

    @Test func withTheRecommenderTheNudgeCarriesItsSuggestionAndReason() async throws {
        let fixture = try await EngagementFixture(recommending: true)
        defer { fixture.cleanUp() }
        // Others took swift-basics then swift-concurrency; dan took swift-basics and went quiet.
        for index in 0..<6 {
            let other = Identity(network: "test", account: "o\(index)")
            try await fixture.members.record(.subscribe, of: other, course: "swift-basics", at: fixture.clock.now)
            try await fixture.members.record(
                .subscribe, of: other, course: "swift-concurrency", at: fixture.clock.now.addingTimeInterval(3_600))
        }
        let dan = Identity(network: "test", account: "dan")
        try await fixture.members.updateProfile(of: dan) { $0.nudges = true }
        try await fixture.members.saw(dan, as: "dan")
        for kind in [InteractionKind.view, .subscribe, .mention] {
            try await fixture.members.record(kind, of: dan, course: "swift-basics", at: fixture.clock.now)
        }
        fixture.clock.advance(by: 30 * 86_400)
        let planned = try await fixture.plugin.plan(at: fixture.clock.now, prefix: { _ in "!" })
        let row = try #require(planned.first { $0.identity == dan })
        #expect(
            row.message
                == "Hi dan, it's been quiet lately. You might like Swift Concurrency 并发编程 (because you took Swift Basics): "
                + "!course swift-concurrency (You get these because nudges are on; !nudges off stops them.)")
    }

    @Test func aMemberWithNoInterestsAndNoCoursesIsToldThePlainReason() async throws {
        let fixture = try await EngagementFixture(recommending: true)
        defer { fixture.cleanUp() }
        for index in 0..<4 {
            let other = Identity(network: "test", account: "o\(index)")
            try await fixture.members.record(.subscribe, of: other, course: "swift-basics", at: fixture.clock.now)
        }
        let eve = Identity(network: "test", account: "eve")
        try await fixture.members.updateProfile(of: eve) {
            $0.nudges = true
            $0.language = "zh"
        }
        try await fixture.members.saw(eve, as: "eve")
        fixture.bot.outlet.knownNicks = ["eve": .identified(account: "eve")]
        for _ in 0..<6 { _ = await fixture.bot.send("大家好", nick: "eve", account: "eve") }
        try await fixture.plugin.flush()
        fixture.clock.advance(by: 20 * 86_400)
        let planned = try await fixture.plugin.plan(at: fixture.clock.now, prefix: { _ in "!" })
        let row = try #require(planned.first { $0.identity == eve }, "\(planned)")
        let message = try #require(row.message)
        // Seen in a trial: "（学  的成员都在学）" — a topic-less reason said with an empty topic.
        #expect(!message.contains("  ") && !message.contains("（）"), "\(message)")
        #expect(message.contains("社区里很受欢迎"), "\(message)")
    }

    @Test func statsRecsShowsImpressionsAndConversionsByReason() async throws {
        let fixture = try await EngagementFixture(recommending: true)
        defer { fixture.cleanUp() }
        let service = try #require(fixture.recommendations)
        #expect(
            await fixture.bot.send("!stats recs", nick: "mod", account: "mod") == [
                "No recommendations were shown in the last 30 days."
            ])
        let alice = Identity(network: "test", account: "alice")
        let basics = try #require(try await fixture.catalog.course("swift-basics"))
        let rust = try #require(try await fixture.catalog.course("rust-intro"))
        try await service.recordImpressions(
            [
                Recommendation(course: basics, reason: .popular),
                Recommendation(course: rust, reason: .topic, topic: "rust"),
            ],
            for: alice, at: fixture.clock.now)
        // alice looks at one of them two days later; a view 20 days later would not count.
        try await fixture.members.record(
            .view, of: alice, course: "swift-basics", at: fixture.clock.now.addingTimeInterval(2 * 86_400))
        try await fixture.members.record(
            .view, of: alice, course: "rust-intro", at: fixture.clock.now.addingTimeInterval(20 * 86_400))
        fixture.clock.advance(by: 21 * 86_400)
        #expect(
            await fixture.bot.send("!stats recs", nick: "mod", account: "mod") == [
                "Recommendations in the last 30 days: 2 shown, 1 converted within 14 days (50%) — "
                    + "popular: 1 → 1 (100%), your interests: 1 → 0 (0%)."
            ])
        #expect(await fixture.bot.send("!stats recs").first == "Sorry, !stats recs is for moderators.")
    }
}
