import Community
import Foundation
import Storage
import Testing

@Suite("Activity model")
struct ActivityModelTests {
    let model = ActivityModel()

    @Test(arguments: [(5.0, 9.615), (3.0, 9.0), (1.0, 5.0), (0.0, 0.0)])
    func activityFollowsTheFormula(interest: Double, expected: Double) {
        #expect(abs(model.activity(interest: interest) - expected) < 0.0005)
    }

    @Test func interestDecaysByGammaPerDay() {
        #expect(abs(model.decay(10, over: 86_400) - 10 * exp(-0.1)) < 1e-9)
        #expect(abs(model.decay(10, over: 10 * 86_400) - 10 * exp(-1)) < 1e-9)
        #expect(model.decay(10, over: 0) == 10)
    }

    @Test func theThresholdInterestGivesTheThresholdActivity() {
        #expect(abs(model.activity(interest: model.thresholdInterest) - model.threshold) < 1e-9)
        let fast = ActivityModel(alpha: 10, beta: 2, gamma: 1, threshold: 8)
        #expect(abs(fast.activity(interest: fast.thresholdInterest) - 8) < 1e-9)
    }

    @Test func nonsenseParametersAreNamed() {
        #expect(ActivityModel(gamma: -1).problems.map(\.key) == ["gamma"])
        #expect(ActivityModel(alpha: 10, threshold: 10).problems.map(\.key) == ["threshold"])
        #expect(ActivityModel(weights: [.view: -2]).problems.map(\.key) == ["weights.view"])
        #expect(ActivityModel().problems.isEmpty)
    }

    @Test func aMemberCoolsAfterBeingActiveAndStopsCoolingOutsideTheWindow() {
        let start = Date(timeIntervalSince1970: 1_767_603_600)
        let lookback = 14 * 86_400.0
        var state = MemberActivity()
        for hour in 0..<3 {
            state = state.adding(
                weight: 2, at: start.addingTimeInterval(Double(hour) * 3_600), model: model, lookback: lookback)
        }
        #expect(state.activity(at: start.addingTimeInterval(3 * 3_600), model: model) > model.threshold)
        #expect(!state.isCooling(at: start.addingTimeInterval(3 * 3_600), lookback: lookback, model: model))
        // P ≈ 6 falls to 1 after ln(6)/0.1 ≈ 18 days; cooling from then until 14 days later.
        let cool = start.addingTimeInterval(20 * 86_400)
        #expect(state.isCooling(at: cool, lookback: lookback, model: model))
        #expect(!state.isCooling(at: start.addingTimeInterval(40 * 86_400), lookback: lookback, model: model))
        let last = try! #require(state.lastAbove(at: cool))
        #expect(abs(state.activity(at: last, model: model) - model.threshold) < 1e-6)
        #expect(state.peakActivity(at: cool, lookback: lookback, model: model) >= model.threshold)
    }
}

@Suite("Engagement service")
struct EngagementServiceTests {
    @Test func incrementalStateEqualsFullRecomputationFromHistory() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let recorder = ActivityRecorder(engagement: engagement)
        let alice = Identity(network: "libera", account: "alice")
        var generator = SeededGenerator(seed: 7)
        var time = CommunityFixture.start
        for step in 0..<400 {
            time.addTimeInterval(Double.random(in: 60...40_000, using: &generator))
            let kind = [InteractionKind.message, .command, .view, .mention, .thanks].randomElement(using: &generator)!
            if step % 37 == 0 {
                // Transactional kinds arrive through their services, between buffered chat events.
                _ = try await fixture.subscriptions.subscribe(alice, to: "swift-basics", at: time)
            } else {
                recorder.record(ChatActivity(kind, by: alice, network: "libera", channel: "#swift", at: time))
            }
            if step % 50 == 49 { try await recorder.flush() }
        }
        try await recorder.flush()
        let member = try await fixture.members.member(of: alice)
        let incremental = try await engagement.activity(of: member)
        let totals = try await engagement.totals(of: member)
        let daily = try await engagement.dailyActivity(of: member, days: 30, at: time)
        try await engagement.rebuild(member)
        let full = try await engagement.activity(of: member)
        #expect(abs(incremental.interest - full.interest) < 1e-9)
        #expect(incremental.updatedAt == full.updatedAt)
        #expect(incremental.aboveUntil == full.aboveUntil)
        #expect(abs(incremental.peakInterest - full.peakInterest) < 1e-9)
        #expect(try await engagement.totals(of: member) == totals)
        let rebuiltDaily = try await engagement.dailyActivity(of: member, days: 30, at: time)
        #expect(zip(daily, rebuiltDaily).allSatisfy { abs($0 - $1) < 1e-9 })

        // And P equals the formula's sum over the raw history.
        let history = try await fixture.members.interactions(of: alice)
        #expect(totals.values.reduce(0, +) == history.count)
        #expect(history.count == 389 + 1)  // 389 chat events; only the first of 11 subscriptions changes anything
        let model = engagement.model
        let sum = history.reduce(0.0) {
            $0 + model.decay(model.weight(of: $1.kind), over: time.timeIntervalSince($1.at))
        }
        #expect(abs(full.interest(at: time, model: model) - sum) < 1e-9)
    }

    @Test func unidentifiedSpeakersCountOnlyInTheirChannel() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let recorder = ActivityRecorder(engagement: engagement)
        let at = CommunityFixture.start
        let alice = Identity(network: "libera", account: "alice")
        for _ in 0..<3 {
            recorder.record(ChatActivity(.message, by: nil, network: "libera", channel: "#swift", at: at))
        }
        recorder.record(ChatActivity(.message, by: alice, network: "libera", channel: "#swift", at: at))
        recorder.record(ChatActivity(.message, by: alice, network: "libera", channel: "#swift", at: at))
        recorder.record(ChatActivity(.command, by: alice, network: "libera", channel: "#swift", at: at))
        try await recorder.flush()
        let stats = try await engagement.stats(days: 1, at: at.addingTimeInterval(60))
        #expect(stats.messages == [5])
        #expect(stats.commands == [1])
        #expect(stats.activeMembers == [1])
        // Only alice became a member; the anonymous lines are kept with no name at all.
        let rows = try await fixture.database.query("SELECT account FROM member_identity")
        #expect(rows.compactMap { $0.string("account") } == ["alice"])
        #expect(try await fixture.members.interactions(of: alice).map(\.kind) == [.message, .message, .command])
        let channel = try #require(try await fixture.database.first("SELECT * FROM engagement_channel_day"))
        #expect(channel.string("anonymous_messages") == "3")
        #expect(channel.string("active_members") == "1")
    }

    @Test func aFullBufferDropsAndCountsInsteadOfBlocking() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let recorder = ActivityRecorder(engagement: engagement, capacity: 10)
        let alice = Identity(network: "libera", account: "alice")
        for second in 0..<15 {
            recorder.record(
                ChatActivity(
                    .message, by: alice, network: "libera", channel: "#a",
                    at: CommunityFixture.start.addingTimeInterval(Double(second))))
        }
        #expect(recorder.waiting == 10)
        #expect(recorder.takeDropped() == 5)
        try await recorder.flush()
        #expect(recorder.waiting == 0)
        #expect(try await fixture.members.interactions(of: alice).count == 10)
    }

    @Test func thanksAreLimitedPerGiverAndPair() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let giver = Identity(network: "libera", account: "giver")
        let at = CommunityFixture.start
        await #expect(throws: ThanksRefusal.yourself) {
            try await engagement.thank(giver, from: giver, reason: nil, at: at)
        }
        for index in 0..<5 {
            try await engagement.thank(
                Identity(network: "libera", account: "m\(index)"), from: giver, reason: "help", at: at)
        }
        await #expect(throws: ThanksRefusal.alreadyToday) {
            try await engagement.thank(Identity(network: "libera", account: "m0"), from: giver, reason: nil, at: at)
        }
        await #expect(throws: ThanksRefusal.dailyLimit(5)) {
            try await engagement.thank(Identity(network: "libera", account: "m9"), from: giver, reason: nil, at: at)
        }
        // The next day the limits start again.
        try await engagement.thank(
            Identity(network: "libera", account: "m0"), from: giver, reason: nil, at: at.addingTimeInterval(86_400))
        let board = try await engagement.leaderboard(since: nil)
        #expect(board.first?.points == 4)
        #expect(board.count == 5)
    }

    @Test func aCompletionIsRecordedOnce() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let alice = Identity(network: "libera", account: "alice")
        try await engagement.complete(alice, course: "swift-basics", at: CommunityFixture.start)
        await #expect(throws: CompletionRefusal.alreadyCompleted(CommunityFixture.start)) {
            try await engagement.complete(
                alice, course: "swift-basics", at: CommunityFixture.start.addingTimeInterval(9))
        }
        let member = try await fixture.members.member(of: alice)
        #expect(try await engagement.totals(of: member) == [.complete: 1])
        #expect(try await engagement.leaderboard(since: nil).map(\.points) == [10])
    }

    @Test func pruningKeepsCourseInteractionsAndRecentMessages() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let recorder = ActivityRecorder(engagement: engagement)
        let alice = Identity(network: "libera", account: "alice")
        let old = CommunityFixture.start
        let now = old.addingTimeInterval(100 * 86_400)
        recorder.record(ChatActivity(.message, by: alice, network: "libera", channel: "#a", at: old))
        recorder.record(ChatActivity(.view, by: alice, network: "libera", course: "swift-basics", at: old))
        recorder.record(ChatActivity(.message, by: alice, network: "libera", channel: "#a", at: now))
        try await recorder.flush()
        try await engagement.prune(rawDays: 90, rollupDays: 400, at: now)
        let kinds = try await fixture.members.interactions(of: alice).map(\.kind)
        #expect(kinds == [.view, .message])
        // Rollups are kept longer: the old day still counts its message.
        let oldDay = try await fixture.database.first(
            "SELECT messages FROM engagement_member_day ORDER BY day LIMIT 1")
        #expect(oldDay?.string("messages") == "1")
    }
}

@Suite("Interaction import")
struct InteractionImportTests {
    @Test func invalidRowsAreAllReportedWithTheirLineAndNothingIsImported() {
        let csv = """
            network,account,kind,course,at
            libera,alice,view,swift-basics,2026-01-05T09:00:00+08:00
            libera,,view,swift-basics,2026-01-05T09:00:00Z
            libera,bob,liked,swift-basics,2026-01-05T09:00:00Z
            libera,bob,view,swift-basics,yesterday
            oftc,bob,view,,2026-01-05T09:00:00Z
            """
        guard case .failure(let list) = InteractionImport.parse(csv, knownNetworks: ["libera"]) else {
            Issue.record("expected problems")
            return
        }
        #expect(list.problems.map(\.line) == [3, 4, 5, 6])
        #expect(list.problems[1].message.contains("kind \"liked\""))
        #expect(list.problems[3].message.contains("oftc"))
    }

    @Test func reimportingTheSameFileAddsNothingAndStateMatchesLiveRecording() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        let csv = """
            network,account,kind,course,at
            libera,Alice,view,swift-basics,2026-01-05T09:00:00+08:00
            libera,alice,subscribe,swift-basics,2026-01-06T10:00:00Z
            libera,alice,message,,2026-01-07T10:00:00Z
            libera,alice,message,,2026-01-07T10:00:00Z
            libera,bob,mention,rust-ownership,2026-01-07T11:00:00Z
            """
        guard case .success(let records) = InteractionImport.parse(csv, knownNetworks: ["libera"]) else {
            Issue.record("expected records")
            return
        }
        let first = try await engagement.importInteractions(records)
        #expect(first.imported == 4)
        #expect(first.duplicates == 1)
        let second = try await engagement.importInteractions(records)
        #expect(second.imported == 0)
        #expect(second.duplicates == 5)

        // The same events recorded live give the same state.
        let live = try await CommunityFixture()
        defer { live.cleanUp() }
        let liveEngagement = try await EngagementService(database: live.database, members: live.members)
        for record in records.prefix(3) + records.suffix(1) {
            try await live.members.record(record.kind, of: record.identity, course: record.course, at: record.at)
        }
        for account in ["alice", "bob"] {
            let identity = Identity(network: "libera", account: account)
            let imported = try await engagement.activity(of: identity)
            let recorded = try await liveEngagement.activity(of: identity)
            #expect(abs(imported.interest - recorded.interest) < 1e-9)
            #expect(imported.aboveUntil == recorded.aboveUntil)
        }
    }
}

/// A small deterministic generator (SplitMix64), so randomised tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Nudge rules")
struct NudgeRulesTests {
    let start = Date(timeIntervalSince1970: 1_767_603_600)  // 2026-01-05 09:00 UTC, a Monday

    /// A member who was active (P 3) at `start` and is cooling 12 days later.
    func candidate(optedIn: Bool? = true, zone: TimeZone? = nil, lastNudge: Date? = nil) -> NudgeCandidate {
        let state = MemberActivity().adding(weight: 3, at: start, model: ActivityModel(), lookback: 14 * 86_400)
        return NudgeCandidate(
            member: Member(id: 1), activity: state, optedIn: optedIn, timeZone: zone, lastNudge: lastNudge,
            waiting: false)
    }

    func decide(_ candidate: NudgeCandidate, at: Date, rules: NudgeRules = NudgeRules()) async throws -> NudgeSkip? {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let engagement = try await EngagementService(database: fixture.database, members: fixture.members)
        return engagement.decide(candidate, rules: rules, communityZone: .gmt, at: at).skip
    }

    @Test func eachRuleHasItsCause() async throws {
        let cooling = start.addingTimeInterval(12 * 86_400)  // 09:00 UTC
        #expect(try await decide(candidate(), at: cooling) == nil)
        #expect(try await decide(candidate(), at: start.addingTimeInterval(3_600)) == .notCooling)
        #expect(try await decide(candidate(), at: start.addingTimeInterval(40 * 86_400)) == .notCooling)
        #expect(try await decide(candidate(optedIn: false), at: cooling) == .optedOut)
        // Never said: the community's default decides.
        #expect(try await decide(candidate(optedIn: nil), at: cooling) == .optedOut)
        #expect(try await decide(candidate(optedIn: nil), at: cooling, rules: NudgeRules(defaultOptIn: true)) == nil)
        // 09:00 UTC is 22:00 in Auckland (summer): quiet there, not here.
        #expect(
            try await decide(candidate(zone: TimeZone(identifier: "Pacific/Auckland")), at: cooling) == .quietHours)
        #expect(
            try await decide(candidate(), at: cooling, rules: NudgeRules(quietHours: QuietHours("08:00-10:00")))
                == .quietHours)
        // Nudged in this cooling spell already; or nudged in an earlier spell less than 7 days ago.
        #expect(
            try await decide(candidate(lastNudge: cooling.addingTimeInterval(-3_600)), at: cooling) == .alreadyNudged)
        #expect(try await decide(candidate(lastNudge: start.addingTimeInterval(-86_400)), at: cooling) == nil)
        #expect(
            try await decide(
                candidate(lastNudge: start.addingTimeInterval(-3_600)), at: cooling, rules: NudgeRules(cooldownDays: 30)
            )
                == .cooldown)
    }

    @Test func quietHoursReadAndCrossMidnight() {
        let night = QuietHours("22:00-08:00")
        #expect(night?.description == "22:00-08:00")
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        #expect(night?.contains(start, in: shanghai) == false)  // 17:00
        #expect(night?.contains(start.addingTimeInterval(6 * 3_600), in: shanghai) == true)  // 23:00
        #expect(night?.contains(start.addingTimeInterval(14 * 3_600), in: shanghai) == true)  // 07:00
        #expect(QuietHours("22:00") == nil)
        #expect(QuietHours("25:00-08:00") == nil)
        #expect(QuietHours("08:00-08:00") == nil)
    }
}
