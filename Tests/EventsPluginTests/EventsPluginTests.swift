import AgentCore
import AgentTesting
import Community
import EventsPlugin
import Foundation
import PluginSupport
import Storage
import Testing

@Suite("Events plugin")
struct EventsPluginTests {
    /// The world the examples describe: k7mq (Swift, in two days) and w2xy (Rust, in three).
    static func exampleWorld(_ fixture: EventsFixture) async throws {
        let now = fixture.clock.now
        var swift = EventDraft(
            title: "Swift 并发答疑", start: now.addingTimeInterval(2 * 86_400 + 11 * 3600), network: "test",
            channels: ["#swift"])
        swift.capacity = 5
        swift.tags = ["swift", "concurrency"]
        swift.course = "swift-concurrency"
        swift.duration = 5_400
        _ = try await fixture.events.create(swift, id: "k7mq", at: now)
        let rust = EventDraft(
            title: "Rust study night", start: now.addingTimeInterval(3 * 86_400), network: "test", channels: ["#rust"])
        _ = try await fixture.events.create(rust, id: "w2xy", at: now)
    }

    @Test func examplesHoldInTheWorldTheyDescribe() async throws {
        let fixture = try await EventsFixture()
        defer { fixture.cleanUp() }
        try await Self.exampleWorld(fixture)
        let failures = await fixture.bot.exampleFailures()
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func everyTextExistsInBothLanguagesAndChineseRepliesAreChinese() async throws {
        #expect(Events.messages.problems().isEmpty, "\(Events.messages.problems())")
        #expect(TimeTexts.messages.problems().isEmpty, "\(TimeTexts.messages.problems())")
        let fixture = try await EventsFixture(language: .zh)
        defer { fixture.cleanUp() }
        try await Self.exampleWorld(fixture)
        #expect(fixture.bot.missingTranslations().isEmpty, "\(fixture.bot.missingTranslations())")
        let untranslated = await fixture.bot.untranslatedReplies(content: [])
        #expect(untranslated.isEmpty, "\(untranslated)")
    }

    @Test func aModeratorAddsAnEventInChineseTimeAndMembersSeeItInTheirOwnZone() async throws {
        let fixture = try await EventsFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        try await fixture.members.updateProfile(of: Identity(network: "test", account: "mod")) {
            $0.timeZone = TimeZone(identifier: "Asia/Shanghai")
        }
        try await fixture.members.updateProfile(of: Identity(network: "test", account: "alice")) {
            $0.timeZone = TimeZone(identifier: "Europe/Berlin")
        }
        // Monday 5 January 2026, 17:00 in Shanghai: 明晚8点 is Tuesday 20:00 there, 12:00 UTC.
        let added = await bot.sendDetailed(
            "!event add \"Swift 并发答疑\" 明晚8点 for 90m cap 1 swift", nick: "mod", account: "mod", in: "#swift")
        let reply = EventsFixture.said(in: "#swift", added).first ?? ""
        #expect(reply.contains("Tue 6 Jan 20:00 CST (1h30m) in #swift, 1 places."), "\(reply)")
        // The announcement follows the reply, in the channel's zone (the community's: UTC).
        let announced = EventsFixture.said(in: "#swift", try await fixture.advance(to: fixture.clock.now))
        #expect(announced.count == 1)
        #expect(announced.first?.hasPrefix("New event ") == true)
        #expect(announced.first?.contains("Tue 6 Jan 12:00 UTC") == true, "\(announced)")
        guard let id = try await fixture.events.upcoming(from: fixture.clock.now).first?.id else {
            Issue.record("no event stored")
            return
        }
        #expect(
            await bot.send("!events").first
                == "Upcoming events: \(id) Swift 并发答疑 — Tue 6 Jan 13:00 CET (#swift, 0 going).")
        #expect(
            await bot.send("!events", nick: "mod", account: "mod").first
                == "Upcoming events: \(id) Swift 并发答疑 — Tue 6 Jan 20:00 CST (#swift, 0 going).")
        #expect(await bot.send("!events", nick: "guest", account: nil).first?.contains("12:00 UTC") == true)
        // The waitlist, and promotion told privately to the member who was waiting.
        #expect(
            await bot.send("!rsvp \(id)").first?.hasPrefix("You're going to \(id) Swift 并发答疑 (Tue 6 Jan 13:00 CET)")
                == true)
        #expect(
            await bot.send("!rsvp \(id) yes", nick: "bob", account: "bob")
                == [
                    "\(id) Swift 并发答疑 is full: you're number 1 on the waitlist. I'll tell you privately if a place frees up."
                ])
        #expect(await bot.send("!rsvp \(id) no") == ["Noted: you're not going to \(id) Swift 并发答疑."])
        let waiting = try await fixture.members.waitingNotices(
            for: Identity(network: "test", account: "bob"), at: fixture.clock.now)
        #expect(
            waiting.map(\.text) == ["A place freed up: you're now going to \(id) Swift 并发答疑 (Tue 6 Jan 12:00 UTC)."])
        // Bob speaks: the notice reaches him.
        let delivered = await bot.sendDetailed("hi", nick: "bob", account: "bob")
        #expect(EventsFixture.told("bob", delivered).count == 1)
        #expect(await bot.send("!rsvp \(id)", nick: "guest", account: nil).first?.contains("identif") == true)
        #expect(await bot.send("!event add \"x\" tomorrow 20:00").first == "Sorry, !event add is for moderators.")
    }

    @Test func remindersArriveAtTheirTimesOnceAndPrivatelyToThoseComing() async throws {
        let fixture = try await EventsFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        let start = fixture.clock.now.addingTimeInterval(2 * 86_400)  // Wed 7 Jan 09:00 UTC
        let id = try await fixture.add("\"Office hours\" 2026-01-07 09:00 #study")
        _ = await bot.send("!rsvp \(id)", nick: "ann", account: "ann")
        _ = await bot.send("!rsvp \(id) maybe", nick: "bo", account: "bo")
        _ = await bot.send("!rsvp \(id) no", nick: "cy", account: "cy")
        try await fixture.members.updateProfile(of: Identity(network: "test", account: "bo")) { $0.reminders = false }
        bot.outlet.knownNicks = ["ann": .identified(account: "ann"), "bo": .identified(account: "bo")]
        // Nothing before its time.
        #expect(try await fixture.advance(to: start.addingTimeInterval(-86_401)).isEmpty)
        let day = try await fixture.advance(to: start.addingTimeInterval(-86_400))
        #expect(
            EventsFixture.said(in: "#study", day) == [
                "Tomorrow: \(id) Office hours — Wed 7 Jan 09:00 UTC in #study (1 going). Join: !rsvp \(id)."
            ])
        #expect(
            EventsFixture.told("ann", day) == [
                "Reminder: \(id) Office hours is tomorrow, Wed 7 Jan 09:00 UTC, in #study."
            ])
        #expect(EventsFixture.told("bo", day).isEmpty)
        #expect(EventsFixture.told("cy", day).isEmpty)
        // Running again at the same time repeats nothing.
        #expect(try await fixture.advance(to: start.addingTimeInterval(-86_000)).isEmpty)
        let hour = try await fixture.advance(to: start.addingTimeInterval(-3_600))
        #expect(EventsFixture.said(in: "#study", hour).first?.hasPrefix("In 1 hour: \(id) Office hours") == true)
        #expect(EventsFixture.told("ann", hour).count == 1)
        let now = try await fixture.advance(to: start)
        #expect(EventsFixture.said(in: "#study", now) == ["Starting now: \(id) Office hours in #study."])
        #expect(EventsFixture.told("ann", now).isEmpty)
        let posts = try await fixture.events.posts(prefix: "event:\(id)")
        #expect(posts.map(\.state) == [.posted, .posted, .posted, .posted])  // created, T−24h, T−1h, start
    }

    @Test func aReminderMissedWhileTheAgentWasDownIsLateWithinGraceAndSkippedAfterIt() async throws {
        let fixture = try await EventsFixture()
        defer { fixture.cleanUp() }
        let start = fixture.clock.now.addingTimeInterval(2 * 86_400)
        let id = try await fixture.add("\"Office hours\" 2026-01-07 09:00 #study")
        // The agent was down across T−24h; it comes back 10 minutes late: within the 15-minute grace.
        let late = try await fixture.advance(to: start.addingTimeInterval(-86_400 + 600))
        #expect(
            EventsFixture.said(in: "#study", late).first?.hasSuffix(
                "(Late: this was planned for Tue 6 Jan 09:00 UTC; the agent was offline.)") == true, "\(late)")
        // Down across T−1h for 40 minutes: skipped, and on record.
        #expect(
            EventsFixture.said(in: "#study", try await fixture.advance(to: start.addingTimeInterval(-1_200))).isEmpty)
        let posts = try await fixture.events.posts(prefix: "event:\(id)")
        #expect(posts.map(\.state) == [.posted, .late, .skipped])  // created, T−24h, T−1h
        #expect(posts.last?.detail.contains("40 min late") == true)
    }

    @Test func aDroppedConnectionAtFireTimeHoldsThePostUntilTheNetworkIsBack() async throws {
        let fixture = try await EventsFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        let start = fixture.clock.now.addingTimeInterval(2 * 86_400)
        _ = try await fixture.add("\"Office hours\" 2026-01-07 09:00 #study")
        await bot.router.handle(.disconnected(network: "test", reason: "connection reset"))
        #expect(
            EventsFixture.said(in: "#study", try await fixture.advance(to: start.addingTimeInterval(-86_400))).isEmpty)
        #expect(
            EventsFixture.said(in: "#study", try await fixture.advance(to: start.addingTimeInterval(-86_370))).isEmpty)
        await bot.router.handle(.connected(network: "test", nick: "agent"))
        let back = try await fixture.advance(to: start.addingTimeInterval(-86_340))
        #expect(EventsFixture.said(in: "#study", back).count == 1)
        #expect(EventsFixture.said(in: "#study", back).first?.contains("(Late:") == false)
        // Down again across T−1h, for longer than the grace period: skipped once, posted never.
        await bot.router.handle(.disconnected(network: "test", reason: "connection reset"))
        var said: [String] = []
        var time = start.addingTimeInterval(-3_600)
        while time < start.addingTimeInterval(-3_600 + 1_200) {
            said += EventsFixture.said(in: "#study", try await fixture.advance(to: time))
            time.addTimeInterval(30)
        }
        await bot.router.handle(.connected(network: "test", nick: "agent"))
        said += EventsFixture.said(in: "#study", try await fixture.advance(to: start.addingTimeInterval(-1_800)))
        #expect(said.isEmpty, "\(said)")
        let states = try await fixture.events.posts(prefix: "event:").map(\.state)
        #expect(states == [.posted, .posted, .skipped])  // created, T−24h, T−1h
    }

    @Test func movingAnEventMovesItsRemindersAndTellsThoseComing() async throws {
        let fixture = try await EventsFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        let id = try await fixture.add("\"Office hours\" 2026-01-07 09:00 #study")
        _ = await bot.send("!rsvp \(id)", nick: "ann", account: "ann")
        #expect(
            await bot.send("!event edit \(id) when 2026-01-08 18:00", nick: "mod", account: "mod")
                == ["Changed \(id): when is now Thu 8 Jan 18:00 UTC."])
        let moved = try await fixture.members.waitingNotices(
            for: Identity(network: "test", account: "ann"), at: fixture.clock.now)
        #expect(moved.map(\.text) == ["\(id) Office hours has moved: it now starts Thu 8 Jan 18:00 UTC."])
        // The old reminder time passes in silence; the new one speaks.
        let created = fixture.clock.now  // Mon 5 Jan 09:00
        let old = try await fixture.advance(to: created.addingTimeInterval(86_400 + 60))  // Tue 6 Jan 09:01
        #expect(EventsFixture.said(in: "#study", old).isEmpty)
        let newStart = created.addingTimeInterval(3 * 86_400 + 9 * 3600)  // Thu 8 Jan 18:00
        let new = try await fixture.advance(to: newStart.addingTimeInterval(-86_400))
        #expect(EventsFixture.said(in: "#study", new).first?.hasPrefix("Tomorrow: \(id)") == true, "\(new)")
        // Cancelling tells her privately and the channel once; later reminders stay silent.
        #expect(
            await bot.send("!event cancel \(id) venue closed", nick: "mod", account: "mod")
                == ["Cancelled \(id) Office hours; told 1 member privately and #study once."])
        let afterCancel = try await fixture.advance(to: fixture.clock.now)
        #expect(
            EventsFixture.said(in: "#study", afterCancel) == [
                "\(id) Office hours (Thu 8 Jan 18:00 UTC) is cancelled: venue closed."
            ])
        #expect(EventsFixture.said(in: "#study", try await fixture.advance(to: newStart)).isEmpty)
        #expect(await bot.send("!rsvp \(id)").first == "\(id) Office hours was cancelled.")
    }

    @Test func badInputGetsAClearAnswer() async throws {
        let fixture = try await EventsFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        func moderator(_ text: String) async -> String? { await bot.send(text, nick: "mod", account: "mod").first }
        #expect(await moderator("!event add Study night fri 20:00")?.hasPrefix("Put the title in quotes first") == true)
        #expect(await moderator("!event add \"Study\" 01/02 10:00")?.hasPrefix("Which is the month in 01/02?") == true)
        #expect(
            await moderator("!event add \"Study\" feb 30 10:00") == "There is no 2026-02-30. Which day do you mean?")
        #expect(await moderator("!event add \"Study\" next week")?.hasPrefix("I cannot read") == true)
        #expect(
            await moderator("!event add \"Study\" fri 20:00 cap lots")?.hasPrefix("\"lots\" is not a capacity") == true)
        #expect(
            await bot.send("!event add \"Study\" fri 20:00", nick: "mod", account: "mod", in: nil).first?.hasPrefix(
                "Which channel") == true)
        #expect(await bot.send("!event zzzz").first == "There is no event \"zzzz\". See !events.")
        #expect(await bot.send("!rsvp").first?.hasPrefix("Missing <event>.") == true)
    }

    @Test func recurringAnnouncementsPostOnTheirRuleAndStopWhenCancelled() async throws {
        let fixture = try await EventsFixture()
        defer { fixture.cleanUp() }
        let bot = fixture.bot
        let reply = await bot.send(
            "!announce #general every weekday 08:30 Good morning! 早上好", nick: "mod", account: "mod")
        #expect(
            reply.first?.hasSuffix("every weekday 08:30 (UTC) in #general; next Tue 6 Jan 08:30 UTC.") == true,
            "\(reply)")
        guard let id = try await fixture.events.activeAnnouncements().first?.id else {
            Issue.record("no announcement stored")
            return
        }
        var said: [String] = []
        let firstMorning = fixture.clock.now.addingTimeInterval(86_400 - 1_800)  // Tue 6 Jan 08:30
        for day in 0..<7 {
            said += EventsFixture.said(
                in: "#general", try await fixture.advance(to: firstMorning.addingTimeInterval(Double(day) * 86_400)))
        }
        // Tue, Wed, Thu, Fri, (Sat, Sun skipped), Mon.
        #expect(said == Array(repeating: "Good morning! 早上好", count: 5), "\(said)")
        #expect(
            await bot.send("!announce cancel \(id)", nick: "mod", account: "mod") == ["Announcement \(id) stopped."])
        #expect(
            EventsFixture.said(
                in: "#general", try await fixture.advance(to: fixture.clock.now.addingTimeInterval(86_400 * 3))
            ).isEmpty)
        #expect(await bot.send("!announcements", nick: "mod", account: "mod") == ["No announcements are planned."])
    }
}

/// The agent restarted at every step of an event's life, in virtual time: each post exactly once.
@Suite("Events across restarts")
struct EventsAcrossRestartsTests {
    @Test func restartingBeforeEveryStepLosesNothingAndRepeatsNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        var fixture: EventsFixture? = try await EventsFixture(databaseAt: directory, clock: clock)
        let start = clock.now.addingTimeInterval(2 * 86_400)
        guard let first = fixture else { return }
        _ = await first.bot.send("!event add \"Office hours\" 2026-01-07 09:00 #study", nick: "mod", account: "mod")
        guard let id = try await first.events.upcoming(from: clock.now).first?.id else {
            Issue.record("no event stored")
            return
        }
        _ = await first.bot.send("!rsvp \(id)", nick: "ann", account: "ann")
        var said: [String] = []
        // Each step: a new agent on the same files, then the clock moves and due jobs run — twice,
        // as if the agent died right after posting and ran its due jobs again.
        for time in [
            clock.now, start.addingTimeInterval(-86_400), start.addingTimeInterval(-86_400 + 5),
            start.addingTimeInterval(-3_600), start, start.addingTimeInterval(60),
        ] {
            fixture = nil
            let restarted = try await EventsFixture(databaseAt: directory, clock: clock)
            restarted.bot.outlet.knownNicks = ["ann": .identified(account: "ann")]
            said += EventsFixture.said(in: "#study", try await restarted.advance(to: time))
            said += EventsFixture.said(in: "#study", try await restarted.advance(to: time))
            fixture = restarted
        }
        #expect(said.count == 4, "\(said)")
        for prefix in ["New event \(id)", "Tomorrow: \(id)", "In 1 hour: \(id)", "Starting now: \(id)"] {
            #expect(said.filter { $0.hasPrefix(prefix) }.count == 1, "\(prefix): \(said)")
        }
        let posts = try await fixture?.events.posts(prefix: "event:\(id)") ?? []
        #expect(posts.map(\.state) == [.posted, .posted, .posted, .posted])
    }
}

/// The weekly digest: the coming week's events, the week's new courses, the top learners.
@Suite("Weekly digest")
struct WeeklyDigestTests {
    @Test func theDigestGoesOutOnItsDayWithTheWeeksNews() async throws {
        var settings = Events.Settings()
        settings.digest = Events.Settings.Digest(
            schedule: .weekly(weekday: 2, hour: 9, minute: 0), network: "test", channel: "#general")
        let fixture = try await EventsFixture(settings: settings)
        defer { fixture.cleanUp() }
        let now = fixture.clock.now  // Monday 5 January 2026, 09:00 UTC
        var soon = EventDraft(
            title: "Swift 并发答疑", start: now.addingTimeInterval(2 * 86_400), network: "test", channels: ["#swift"])
        soon.duration = 3_600
        _ = try await fixture.events.create(soon, id: "k7mq", at: now)
        let later = EventDraft(
            title: "Far away", start: now.addingTimeInterval(40 * 86_400), network: "test", channels: ["#swift"])
        _ = try await fixture.events.create(later, id: "w2xy", at: now)
        var course = Course(slug: "new-course", title: "Brand New", tags: ["swift"])
        course.createdAt = now.addingTimeInterval(86_400)
        try await fixture.catalog.save(course)
        try await fixture.engagement.complete(
            Identity(network: "test", account: "ann"), course: "swift-basics", at: now)
        // The next Monday 09:00.
        let digest = EventsFixture.said(
            in: "#general", try await fixture.advance(to: now.addingTimeInterval(7 * 86_400)))
        #expect(
            digest == [
                "This week in the community:",
                "New courses: Brand New (new-course).",
                "Top learners: ann (10).",
                "See !events and !courses.",
            ], "\(digest)")
        // A week with events coming up lists them.
        let next = EventDraft(
            title: "Rust night", start: now.addingTimeInterval(16 * 86_400), network: "test", channels: ["#rust"])
        _ = try await fixture.events.create(next, id: "r2st", at: now)
        let second = EventsFixture.said(
            in: "#general", try await fixture.advance(to: now.addingTimeInterval(14 * 86_400)))
        #expect(
            second == [
                "This week in the community:", "Coming up: r2st Rust night (Wed 21 Jan 09:00 UTC).",
                "See !events and !courses.",
            ], "\(second)")
        // Nothing at all: it says so.
        let quiet = EventsFixture.said(
            in: "#general", try await fixture.advance(to: now.addingTimeInterval(21 * 86_400)))
        #expect(quiet.dropFirst().first == "A quiet week: no new courses or events yet.")
    }
}
