public import Foundation

/// When a recurring job runs: every fixed interval, or at a wall-clock time in a time zone.
public enum Schedule: Sendable, Hashable, CustomStringConvertible {
    /// Every `seconds`, counted from the previous planned run.
    case every(seconds: Int)
    /// Every day at `hour:minute`.
    case daily(hour: Int, minute: Int)
    /// Every week on `weekday` (1 = Sunday … 7 = Saturday, as `Calendar`) at `hour:minute`.
    case weekly(weekday: Int, hour: Int, minute: Int)

    /// The first planned time strictly after `date`, using `calendar`'s time zone for wall-clock rules.
    public func next(after date: Date, calendar: Calendar) -> Date {
        switch self {
        case .every(let seconds):
            return date.addingTimeInterval(TimeInterval(max(seconds, 1)))
        case .daily(let hour, let minute):
            return calendar.nextDate(
                after: date, matching: DateComponents(hour: hour, minute: minute, second: 0),
                matchingPolicy: .nextTime) ?? date.addingTimeInterval(86_400)
        case .weekly(let weekday, let hour, let minute):
            return calendar.nextDate(
                after: date, matching: DateComponents(hour: hour, minute: minute, second: 0, weekday: weekday),
                matchingPolicy: .nextTime) ?? date.addingTimeInterval(7 * 86_400)
        }
    }

    static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Reads `every 3600s`, `every 15m`, `every 2h`, `daily 09:00`, `weekly mon 09:00`.
    public init?(rule: String) {
        let words = rule.lowercased().split(separator: " ").map(String.init)
        func time(_ text: String) -> (Int, Int)? {
            let parts = text.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
            return (parts[0], parts[1])
        }
        switch words.first {
        case "every" where words.count == 2:
            let text = words[1]
            let multipliers: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
            guard let unit = text.last, let multiplier = multipliers[unit], let value = Int(text.dropLast()), value > 0
            else { return nil }
            self = .every(seconds: value * multiplier)
        case "daily" where words.count == 2:
            guard let (hour, minute) = time(words[1]) else { return nil }
            self = .daily(hour: hour, minute: minute)
        case "weekly" where words.count == 3:
            guard let day = Self.weekdayNames.firstIndex(of: String(words[1].prefix(3))),
                let (hour, minute) = time(words[2])
            else { return nil }
            self = .weekly(weekday: day + 1, hour: hour, minute: minute)
        default:
            return nil
        }
    }

    /// The rule text that `init?(rule:)` reads back.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        switch self {
        case .every(let seconds): return "every \(seconds)s"
        case .daily(let hour, let minute): return "daily \(two(hour)):\(two(minute))"
        case .weekly(let weekday, let hour, let minute):
            return "weekly \(Self.weekdayNames[(weekday - 1) % 7]) \(two(hour)):\(two(minute))"
        }
    }
}

/// What to do with a run that was due while the agent was not running.
public enum MissedRunPolicy: Sendable, Hashable {
    /// Run it once as soon as possible (however many runs were missed).
    case runOnce
    /// Run it once if it is at most `seconds` late; otherwise skip it and log that.
    case skipIfLaterThan(seconds: Int)
}

/// Everything a job handler gets when it runs.
public struct JobContext: Sendable {
    /// The job's id.
    public let jobID: String
    /// When this run was planned.
    public let scheduledFor: Date
    /// The clock's time now.
    public let now: Date
    /// The payload a one-off job was created with ("" for recurring jobs).
    public let payload: String
    /// The command prefix to quote in a private message on `network` ("!subscribe …").
    public func prefix(on network: String) -> String { prefixes(network) }

    /// A key unique to this run (`id@planned-time`); effects recorded with it happen once even
    /// when a crash makes the run repeat.
    public var runKey: String { "\(jobID)@\(Int(scheduledFor.timeIntervalSince1970))" }
    /// Sends messages and other requests to the networks.
    public let outlet: any Outlet
    /// A logger labelled for the job.
    public let log: Logger
    /// The community's time zone, in which messages show dates.
    public let timeZone: TimeZone
    private let prefixes: @Sendable (String) -> String

    /// Creates a context (the scheduler does this); `prefix` gives the command prefix in force
    /// for private messages on a network.
    public init(
        jobID: String, scheduledFor: Date, now: Date, payload: String, outlet: any Outlet, log: Logger,
        timeZone: TimeZone = .gmt, prefix: @escaping @Sendable (String) -> String = { _ in "!" }
    ) {
        self.timeZone = timeZone
        self.prefixes = prefix
        self.jobID = jobID
        self.scheduledFor = scheduledFor
        self.now = now
        self.payload = payload
        self.outlet = outlet
        self.log = log
    }
}

/// A scheduled piece of work a plugin declares: recurring on a `Schedule`, or a kind of one-off
/// job that code creates at run time with `Scheduler.scheduleOnce`.
public struct Job: Sendable {
    /// Unique id; recurring jobs are persisted under it, one-off jobs are created with it as their kind.
    public var id: String
    /// The rule for recurring jobs; nil for a one-off kind.
    public var schedule: Schedule?
    /// What happens to runs missed while the agent was down.
    public var missedRuns: MissedRunPolicy
    /// The work. Errors are logged and contained; the run still counts as done.
    public var handler: @Sendable (JobContext) async throws -> Void

    /// A recurring job.
    public init(
        _ id: String, schedule: Schedule, missedRuns: MissedRunPolicy = .runOnce,
        handler: @escaping @Sendable (JobContext) async throws -> Void
    ) {
        self.id = id
        self.schedule = schedule
        self.missedRuns = missedRuns
        self.handler = handler
    }

    /// A kind of one-off job (e.g. `announcement`), created at run time with a payload.
    public init(
        oneOff id: String, missedRuns: MissedRunPolicy = .runOnce,
        handler: @escaping @Sendable (JobContext) async throws -> Void
    ) {
        self.id = id
        self.schedule = nil
        self.missedRuns = missedRuns
        self.handler = handler
    }
}
