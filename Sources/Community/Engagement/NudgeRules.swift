public import Foundation
import Storage

/// When the agent may send an activity nudge (`plugins.engagement` in the configuration).
public struct NudgeRules: Sendable, Hashable {
    /// Hours in the member's time zone when nothing is sent; nil: none.
    public var quietHours: QuietHours?
    /// At most one nudge per member within this many seconds.
    public var cooldown: TimeInterval
    /// Whether members who never said `!nudges on|off` receive nudges.
    public var defaultOptIn: Bool
    /// How long a nudge waits for a member who is not in any of the agent's channels.
    public var presenceWait: TimeInterval

    /// Defaults: quiet 22:00–08:00, one per 7 days, members opt in, wait 24 hours.
    public init(
        quietHours: QuietHours? = QuietHours("22:00-08:00"), cooldownDays: Double = 7, defaultOptIn: Bool = false,
        presenceWait: TimeInterval = 86_400
    ) {
        self.quietHours = quietHours
        self.cooldown = cooldownDays * 86_400
        self.defaultOptIn = defaultOptIn
        self.presenceWait = presenceWait
    }
}

/// A daily span of local time, such as 22:00–08:00 (crossing midnight) or 13:00–14:00.
public struct QuietHours: Sendable, Hashable, CustomStringConvertible {
    /// Minutes after midnight where it starts (inclusive) and ends (exclusive).
    public var start: Int
    public var end: Int

    /// Parses `HH:MM-HH:MM`; nil when malformed.
    public init?(_ text: String) {
        let halves = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard halves.count == 2, let start = Self.minutes(halves[0]), let end = Self.minutes(halves[1]),
            start != end
        else { return nil }
        self.start = start
        self.end = end
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// Whether `date` falls inside the span in `timeZone`.
    public func contains(_ date: Date, in timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end)
    }

    /// `22:00-08:00`.
    public var description: String {
        String(format: "%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60)
    }
}

/// Why a member considered by the nudge sweep gets no nudge now.
public enum NudgeSkip: String, Sendable, Hashable, CaseIterable {
    /// A is at or above the threshold, or was not within the look-back window.
    case notCooling = "not-cooling"
    /// The member turned nudges off (or never turned them on, when members opt in).
    case optedOut = "opted-out"
    /// The member had a nudge within the cooldown.
    case cooldown
    /// The member was nudged already since they were last active: one nudge per cooling spell.
    case alreadyNudged = "already-nudged"
    /// It is night where the member is.
    case quietHours = "quiet-hours"
    /// A nudge is already waiting for the member to be seen.
    case waiting
    /// The member was not seen in any channel within the wait (recorded when it ends).
    case absent
}

/// One member the sweep considers, with everything the rules need.
public struct NudgeCandidate: Sendable, Hashable {
    public var member: Member
    public var activity: MemberActivity
    /// The member's own choice (`!nudges`), nil when never made.
    public var optedIn: Bool?
    /// The member's time zone, nil for the community's.
    public var timeZone: TimeZone?
    /// The last nudge sent, waiting, or given up because the member was not seen.
    public var lastNudge: Date?
    /// Whether a nudge waits for them to be seen.
    public var waiting: Bool

    /// Describes one candidate.
    public init(
        member: Member, activity: MemberActivity, optedIn: Bool?, timeZone: TimeZone?, lastNudge: Date?, waiting: Bool
    ) {
        self.member = member
        self.activity = activity
        self.optedIn = optedIn
        self.timeZone = timeZone
        self.lastNudge = lastNudge
        self.waiting = waiting
    }
}

/// What the sweep does with one member at one time.
public struct NudgeDecision: Sendable, Hashable {
    public var candidate: NudgeCandidate
    /// nil: nudge; otherwise why not.
    public var skip: NudgeSkip?
    public var interest: Double
    public var activity: Double
    public var peakActivity: Double
}

extension EngagementService {
    /// Decides for one candidate at `now` (presence is checked when sending).
    public func decide(
        _ candidate: NudgeCandidate, rules: NudgeRules, communityZone: TimeZone, at now: Date
    ) -> NudgeDecision {
        let state = candidate.activity
        var decision = NudgeDecision(
            candidate: candidate, skip: nil, interest: state.interest(at: now, model: model),
            activity: state.activity(at: now, model: model),
            peakActivity: state.peakActivity(at: now, lookback: lookback, model: model))
        if !state.isCooling(at: now, lookback: lookback, model: model) {
            decision.skip = .notCooling
        } else if !(candidate.optedIn ?? rules.defaultOptIn) {
            decision.skip = .optedOut
        } else if candidate.waiting {
            decision.skip = .waiting
        } else if let last = candidate.lastNudge, let above = state.aboveUntil, last >= above {
            decision.skip = .alreadyNudged
        } else if let last = candidate.lastNudge, now.timeIntervalSince(last) < rules.cooldown {
            decision.skip = .cooldown
        } else if let quiet = rules.quietHours, quiet.contains(now, in: candidate.timeZone ?? communityZone) {
            decision.skip = .quietHours
        }
        return decision
    }

    /// Every member the sweep considers at `now` — those at or above the threshold at some
    /// time in the look-back window — in member order, without reading any history.
    public func candidates(at now: Date) async throws -> [NudgeCandidate] {
        let since = now.addingTimeInterval(-lookback).timeIntervalSince1970
        return try await database.transaction { connection in
            try self.fold(in: connection)
            var found: [NudgeCandidate] = []
            var corrupt: CorruptRow?
            try connection.forEachRow(
                """
                SELECT s.member_id, s.interest, s.updated_at, s.above_until, s.peak_interest, s.peak_at,
                    p.nudges, p.time_zone,
                    (SELECT MAX(n.decided_at) FROM nudge n
                        WHERE n.member_id = s.member_id AND (n.action IN ('sent', 'waiting') OR n.cause = 'absent'))
                        AS last_nudge,
                    EXISTS (SELECT 1 FROM nudge w WHERE w.member_id = s.member_id AND w.action = 'waiting') AS waiting
                FROM engagement_state s LEFT JOIN member_profile p ON p.member_id = s.member_id
                WHERE s.above_until >= ?
                ORDER BY s.member_id
                """, [.real(since)]
            ) { row in
                do {
                    let reader = RowReader(row, table: "engagement_state", key: "member_id")
                    found.append(
                        NudgeCandidate(
                            member: Member(id: Int64(try reader.integer("member_id"))),
                            activity: try Self.activity(from: reader),
                            optedIn: try reader.optionalInteger("nudges").map { $0 != 0 },
                            timeZone: try reader.optionalText("time_zone").flatMap(TimeZone.init(identifier:)),
                            lastNudge: try reader.optionalDate("last_nudge"),
                            waiting: try reader.integer("waiting") == 1))
                } catch let error as CorruptRow {
                    corrupt = corrupt ?? error
                } catch {
                    corrupt =
                        corrupt
                        ?? CorruptRow(
                            table: "engagement_state", id: "?", column: "?", expected: "a readable row",
                            found: "\(error)")
                }
            }
            if let corrupt { throw corrupt }
            return found
        }
    }
}
