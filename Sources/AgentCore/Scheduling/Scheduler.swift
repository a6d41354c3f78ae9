public import Foundation
public import Storage

/// Runs persisted jobs at their time, driven by an `AgentClock`.
///
/// Recurring jobs are stored under their id with their next planned time; one-off jobs are
/// stored when created. A run is claimed (its next time advanced, or the one-off marked done)
/// in one transaction before the handler runs, so a restart never repeats a run that started;
/// a run that was due while the agent was down runs once, or is skipped when it is later
/// than its job's grace period.
public actor Scheduler {
    private let database: Database
    private let clock: any AgentClock
    private let calendar: Calendar
    private let outlet: any Outlet
    private let prefix: @Sendable (String) -> String
    private let log: Logger
    /// Counts runs for `/metrics`.
    public let metrics: Metrics
    private var jobs: [String: Job] = [:]
    /// Rung when a job is planned or changed, so the loop looks again before its deadline.
    private let wake = Alarm()
    /// How many times the loop has looked for due jobs: once per due time or planned change,
    /// never more (a loop that spins shows here).
    public private(set) var passes = 0

    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE scheduler_job (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                rule TEXT,
                next_run REAL NOT NULL,
                payload TEXT NOT NULL DEFAULT '',
                done INTEGER NOT NULL DEFAULT 0,
                last_run REAL,
                last_outcome TEXT
            );
            CREATE INDEX scheduler_job_due ON scheduler_job (done, next_run);
            """)
    ]

    /// Creates a scheduler; call `register` with every plugin's jobs before `run`. `prefix`
    /// gives jobs the command prefix in force on a network (for text such as "!subscribe").
    public init(
        database: Database, clock: any AgentClock, calendar: Calendar, outlet: any Outlet, log: Logger,
        metrics: Metrics = Metrics(), prefix: @escaping @Sendable (String) -> String = { _ in "!" }
    ) async throws {
        self.metrics = metrics
        self.prefix = prefix
        self.database = database
        self.clock = clock
        self.calendar = calendar
        self.outlet = outlet
        self.log = log
        try await database.migrate("scheduler", Self.migrations)
    }

    /// Registers job handlers; recurring jobs not yet stored (or whose rule changed) are planned
    /// from now, stored ones keep their planned time so missed runs are noticed.
    public func register(_ newJobs: [Job]) async throws {
        let now = clock.now
        for job in newJobs {
            precondition(jobs[job.id] == nil, "duplicate job id \(job.id)")
            jobs[job.id] = job
            guard let schedule = job.schedule else { continue }
            let rule = schedule.description
            let next = schedule.next(after: now, calendar: calendar).timeIntervalSince1970
            try await database.transaction { connection in
                let stored = try connection.first("SELECT rule FROM scheduler_job WHERE id = ?", [.text(job.id)])
                if stored == nil {
                    try connection.execute(
                        "INSERT INTO scheduler_job (id, kind, rule, next_run) VALUES (?, ?, ?, ?)",
                        [.text(job.id), .text(job.id), .text(rule), .real(next)])
                } else if stored?.string("rule") != rule {
                    try connection.execute(
                        "UPDATE scheduler_job SET rule = ?, next_run = ?, done = 0 WHERE id = ?",
                        [.text(rule), .real(next), .text(job.id)])
                }
            }
        }
        wake.ring()
    }

    /// Stores a one-off run of the job kind `kind` at `date` with `payload`; returns its id.
    /// Creating it again with the same `key` changes nothing (so callers can retry safely).
    @discardableResult
    public func scheduleOnce(
        _ kind: String, at date: Date, payload: String = "", key: String? = nil
    ) async throws -> String {
        let id = "\(kind):" + (key ?? UUID().uuidString)
        try await database.execute(
            """
            INSERT INTO scheduler_job (id, kind, rule, next_run, payload) VALUES (?, ?, NULL, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """,
            [.text(id), .text(kind), .real(date.timeIntervalSince1970), .text(payload)])
        wake.ring()
        return id
    }

    /// Cancels a one-off run that has not happened yet; returns whether there was one.
    @discardableResult
    public func cancel(_ id: String) async throws -> Bool {
        try await database.execute("DELETE FROM scheduler_job WHERE id = ? AND rule IS NULL AND done = 0", [.text(id)])
            > 0
    }

    /// The next planned time of a job, or nil when it has none (unknown, or a finished one-off).
    public func nextRun(of id: String) async throws -> Date? {
        try await database.first("SELECT next_run FROM scheduler_job WHERE id = ? AND done = 0", [.text(id)])?
            .double("next_run").map(Date.init(timeIntervalSince1970:))
    }

    /// How far behind the scheduler is: how long the earliest due job has been waiting (0 when
    /// nothing is overdue).
    public func lag() async throws -> Double {
        let now = clock.now.timeIntervalSince1970
        guard
            let next = try await database.first("SELECT MIN(next_run) AS next FROM scheduler_job WHERE done = 0")?
                .double("next")
        else { return 0 }
        return max(0, now - next)
    }

    /// Runs every job due at the clock's current time, each once; returns how many ran.
    @discardableResult
    public func runDue() async throws -> Int {
        let now = clock.now
        var ran = 0
        while let claim = try await claimNextDue(now: now) {
            guard let job = jobs[claim.kind] else {
                log.warning("no handler for scheduled job; skipped", metadata: ["job": claim.id, "kind": claim.kind])
                continue
            }
            if case .skipIfLaterThan(let grace) = job.missedRuns, now.timeIntervalSince(claim.planned) > Double(grace) {
                log.notice(
                    "missed run skipped: later than its grace period",
                    metadata: [
                        "job": claim.id, "planned": claim.planned.formatted(.iso8601), "grace_s": "\(grace)",
                    ])
                try await record(claim.id, outcome: "skipped", at: now)
                metrics.jobRan(.skipped)
                continue
            }
            let context = JobContext(
                jobID: claim.id, scheduledFor: claim.planned, now: now, payload: claim.payload,
                outlet: outlet, log: log.child("job.\(claim.kind)"), timeZone: calendar.timeZone, prefix: prefix)
            let late = now.timeIntervalSince(claim.planned) > 60
            do {
                try await job.handler(context)
                try await record(claim.id, outcome: "ok", at: now)
                metrics.jobRan(.fired, late: late)
            } catch {
                metrics.jobRan(.failed, late: late)
                log.error("scheduled job failed", metadata: ["job": claim.id, "error": "\(error)"])
                try await record(claim.id, outcome: "failed: \(error)", at: now)
            }
            ran += 1
        }
        return ran
    }

    /// Runs jobs as they fall due until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            passes += 1
            do {
                try await runDue()
                let next = try await database.first("SELECT MIN(next_run) AS next FROM scheduler_job WHERE done = 0")?
                    .double("next")
                let deadline = next.map(Date.init(timeIntervalSince1970:)) ?? clock.now.addingTimeInterval(3600)
                let (clock, wake) = (self.clock, self.wake)
                // The agent's clock may be virtual, so the deadline is its sleep, which rings the
                // same alarm a newly planned job rings; a cancelled timer rings nothing.
                let timer = Task {
                    guard (try? await clock.sleep(until: deadline)) != nil, !Task.isCancelled else { return }
                    wake.ring()
                }
                await wake.wait()
                timer.cancel()
            } catch {
                log.error("scheduler step failed; retrying in 5 s", metadata: ["error": "\(error)"])
                try? await clock.sleep(until: clock.now.addingTimeInterval(5))
            }
        }
    }

    private struct Claim {
        var id: String
        var kind: String
        var planned: Date
        var payload: String
    }

    /// Atomically takes the earliest due run: advances a recurring job or finishes a one-off.
    private func claimNextDue(now: Date) async throws -> Claim? {
        let calendar = self.calendar
        return try await database.transaction { connection -> Claim? in
            guard
                let row = try connection.first(
                    """
                    SELECT id, kind, rule, next_run, payload FROM scheduler_job WHERE done = 0 AND next_run <= ?
                    ORDER BY next_run LIMIT 1
                    """,
                    [.real(now.timeIntervalSince1970)])
            else { return nil }
            let reader = RowReader(row, table: "scheduler_job")
            let id = try reader.text("id")
            let planned = try reader.date("next_run")
            if let rule = try reader.optionalText("rule"), let schedule = Schedule(rule: rule) {
                var next = schedule.next(after: planned, calendar: calendar)
                // Several missed runs collapse into this one.
                if next <= now { next = schedule.next(after: now, calendar: calendar) }
                try connection.execute(
                    "UPDATE scheduler_job SET next_run = ? WHERE id = ?",
                    [.real(next.timeIntervalSince1970), .text(id)])
            } else {
                try connection.execute("UPDATE scheduler_job SET done = 1 WHERE id = ?", [.text(id)])
            }
            return Claim(id: id, kind: try reader.text("kind"), planned: planned, payload: try reader.text("payload"))
        }
    }

    private func record(_ id: String, outcome: String, at now: Date) async throws {
        try await database.execute(
            "UPDATE scheduler_job SET last_run = ?, last_outcome = ? WHERE id = ?",
            [.real(now.timeIntervalSince1970), .text(String(outcome.prefix(500))), .text(id)])
    }
}
