import AgentCore
import AgentTesting
import Foundation
import Storage
import Synchronization
import Testing

/// Counts runs per job id, with the planned times they were for.
final class RunLog: Sendable {
    private let runs = Mutex<[String: [Date]]>([:])
    func record(_ context: JobContext) { runs.withLock { $0[context.jobID, default: []].append(context.scheduledFor) } }
    func count(_ id: String) -> Int { runs.withLock { $0[id]?.count ?? 0 } }
    func planned(_ id: String) -> [Date] { runs.withLock { $0[id] ?? [] } }
}

@Suite("Scheduler in virtual time")
struct SchedulerTests {
    let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }()

    func makeScheduler(
        _ path: String, clock: ManualClock, jobs: [Job], outlet: CapturingOutlet = CapturingOutlet(),
        logs: CapturingLogSink = CapturingLogSink()
    ) async throws -> Scheduler {
        let scheduler = try await Scheduler(
            database: try Database(path: path), clock: clock, calendar: calendar, outlet: outlet,
            log: Logger(label: "test", level: .debug, sink: logs))
        try await scheduler.register(jobs)
        return scheduler
    }

    @Test func intervalJobRunsOncePerInterval() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        let log = RunLog()
        let job = Job("tick", schedule: .every(seconds: 60)) { log.record($0) }
        let scheduler = try await makeScheduler(
            directory.appendingPathComponent("s.sqlite").path, clock: clock, jobs: [job])
        #expect(try await scheduler.runDue() == 0)
        clock.advance(by: 59)
        #expect(try await scheduler.runDue() == 0)
        clock.advance(by: 1)
        #expect(try await scheduler.runDue() == 1)
        #expect(try await scheduler.runDue() == 0)
        clock.advance(by: 60)
        try await scheduler.runDue()
        #expect(log.count("tick") == 2)
    }

    @Test func theRunningLoopSleepsBetweenRunsAndWakesForANewlyPlannedOne() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        let log = RunLog()
        let tick = Job("tick", schedule: .every(seconds: 60)) { log.record($0) }
        let once = Job(oneOff: "once") { log.record($0) }
        let scheduler = try await makeScheduler(
            directory.appendingPathComponent("s.sqlite").path, clock: clock, jobs: [tick, once])
        let running = Task { await scheduler.run() }
        defer { running.cancel() }
        func waitFor(_ condition: () async -> Bool) async throws {
            let deadline = Date().addingTimeInterval(10)
            while !(await condition()), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        }
        try await waitFor { await scheduler.passes >= 1 }
        clock.advance(by: 60)
        try await waitFor { log.count("tick") == 1 }
        #expect(log.count("tick") == 1)
        // Once the timer has fired, the loop waits again: it does not spin (it once did, a whole
        // core, because the wait for a planned change ended for good after its first timeout).
        try await Task.sleep(for: .milliseconds(300))
        let settled = await scheduler.passes
        try await Task.sleep(for: .milliseconds(300))
        #expect(await scheduler.passes == settled, "the loop kept looking with nothing due")
        #expect(settled <= 4)
        // A run planned for now wakes it without the clock moving.
        try await scheduler.scheduleOnce("once", at: clock.now, key: "now")
        try await waitFor { log.count("once:now") == 1 }
        #expect(log.count("once:now") == 1)
    }

    @Test func weeklyRuleUsesTheCommunityTimeZone() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 2026-01-05 09:00 UTC is a Monday, 17:00 in Shanghai.
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_767_603_600))
        let log = RunLog()
        let job = Job("digest", schedule: .weekly(weekday: 2, hour: 9, minute: 0)) { log.record($0) }
        let scheduler = try await makeScheduler(
            directory.appendingPathComponent("s.sqlite").path, clock: clock, jobs: [job])
        let next = try #require(try await scheduler.nextRun(of: "digest"))
        // Next Monday 09:00 Shanghai = 2026-01-12 01:00 UTC.
        #expect(next == Date(timeIntervalSince1970: 1_768_179_600))
        clock.advance(to: next)
        #expect(try await scheduler.runDue() == 1)
        #expect(try await scheduler.nextRun(of: "digest") == next.addingTimeInterval(7 * 86_400))
    }

    @Test func restartRunsAMissedJobOnceNotOncePerMiss() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s.sqlite").path
        let clock = ManualClock()
        let log = RunLog()
        let job = Job("hourly", schedule: .every(seconds: 3600), missedRuns: .runOnce) { log.record($0) }
        do {
            let first = try await makeScheduler(path, clock: clock, jobs: [job])
            clock.advance(by: 3600)
            #expect(try await first.runDue() == 1)
        }
        // "Down" for five hours, then a new process with the same database.
        clock.advance(by: 5 * 3600)
        let second = try await makeScheduler(path, clock: clock, jobs: [job])
        #expect(try await second.runDue() == 1)
        #expect(try await second.runDue() == 0)
        #expect(log.count("hourly") == 2)
        let next = try #require(try await second.nextRun(of: "hourly"))
        #expect(next > clock.now)
    }

    @Test func missedAnnouncementOlderThanGraceIsSkippedAndLogged() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s.sqlite").path
        let clock = ManualClock()
        let log = RunLog()
        let logs = CapturingLogSink()
        let announce = Job(oneOff: "announce", missedRuns: .skipIfLaterThan(seconds: 600)) { log.record($0) }
        do {
            let first = try await makeScheduler(path, clock: clock, jobs: [announce])
            try await first.scheduleOnce("announce", at: clock.now.addingTimeInterval(60), payload: "late", key: "a1")
            try await first.scheduleOnce(
                "announce", at: clock.now.addingTimeInterval(3000), payload: "on time", key: "a2")
        }
        clock.advance(by: 2700)  // the first is 44 minutes late, the second not due yet
        let second = try await makeScheduler(path, clock: clock, jobs: [announce], logs: logs)
        #expect(try await second.runDue() == 0)
        #expect(log.count("announce:a1") == 0)
        #expect(
            logs.entries.contains { $0.message.contains("missed run skipped") && $0.metadata["job"] == "announce:a1" })
        clock.advance(by: 400)
        #expect(try await second.runDue() == 1)
        #expect(log.count("announce:a2") == 1)
        clock.advance(by: 10_000)
        #expect(try await second.runDue() == 0)
    }

    @Test func schedulingTheSameKeyTwiceCreatesOneRun() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        let log = RunLog()
        let scheduler = try await makeScheduler(
            directory.appendingPathComponent("s.sqlite").path, clock: clock,
            jobs: [Job(oneOff: "remind") { log.record($0) }])
        try await scheduler.scheduleOnce("remind", at: clock.now.addingTimeInterval(10), key: "k")
        try await scheduler.scheduleOnce("remind", at: clock.now.addingTimeInterval(10), key: "k")
        clock.advance(by: 10)
        #expect(try await scheduler.runDue() == 1)
        #expect(try await scheduler.cancel("remind:k") == false)
    }

    @Test func failingJobIsContainedAndStillAdvances() async throws {
        struct Boom: Error {}
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        let logs = CapturingLogSink()
        let scheduler = try await makeScheduler(
            directory.appendingPathComponent("s.sqlite").path, clock: clock,
            jobs: [Job("fails", schedule: .every(seconds: 10)) { _ in throw Boom() }], logs: logs)
        clock.advance(by: 10)
        #expect(try await scheduler.runDue() == 1)
        #expect(logs.entries(atLeast: .error).count == 1)
        #expect(try await scheduler.runDue() == 0)
    }

    @Test func runLoopFiresWhenTheClockMoves() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        let outlet = CapturingOutlet()
        let job = Job("say", schedule: .every(seconds: 30)) { context in
            await context.outlet.perform(.say(.channel("#c", on: "n"), "tick"), on: "n")
        }
        let scheduler = try await makeScheduler(
            directory.appendingPathComponent("s.sqlite").path, clock: clock, jobs: [job], outlet: outlet)
        let loop = Task { await scheduler.run() }
        defer { loop.cancel() }
        for _ in 0..<200 where outlet.requests.isEmpty {
            clock.advance(by: 30)
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(outlet.requests.first == .say(.channel("#c", on: "n"), "tick"))
    }

    @Test(arguments: ["every 90s", "every 15m", "every 2h", "daily 09:30", "weekly mon 09:00", "weekly sunday 23:59"])
    func scheduleRulesRoundTrip(rule: String) throws {
        let schedule = try #require(Schedule(rule: rule))
        #expect(Schedule(rule: schedule.description) == schedule)
    }

    @Test(arguments: ["", "every", "every 0s", "every 5x", "daily 25:00", "weekly xyz 09:00", "monthly 1"])
    func badScheduleRulesAreRejected(rule: String) {
        #expect(Schedule(rule: rule) == nil)
    }
}
