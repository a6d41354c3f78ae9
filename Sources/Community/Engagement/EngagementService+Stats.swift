public import Foundation
import Storage

/// The community's activity over a period, one value per day (oldest first).
public struct CommunityStats: Sendable {
    /// Identified members with at least one interaction, per day.
    public var activeMembers: [Int] = []
    /// Identified members with at least one interaction in the whole period.
    public var activeInPeriod = 0
    /// Channel messages per day (everyone, identified or not).
    public var messages: [Int] = []
    /// Commands given in channels per day.
    public var commands: [Int] = []
    /// Courses by views in the period, most first.
    public var topViewed: [(course: String, count: Int)] = []
    /// Courses by subscriptions (including redeemed codes) in the period, most first.
    public var topSubscribed: [(course: String, count: Int)] = []
    /// Members cooling down now.
    public var cooling: [Member] = []

}

extension EngagementService {
    /// The `count` days ending today, from the rollups (never the raw history).
    public func stats(days count: Int, at now: Date = Date()) async throws -> CommunityStats {
        try await foldPending()
        let first = days.start(of: now, plus: -(count - 1))
        let keys = (0..<count).map { days.key(for: days.start(of: first, plus: $0).addingTimeInterval(3_600)) }
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var stats = CommunityStats()
        stats.activeMembers = Array(repeating: 0, count: count)
        stats.messages = Array(repeating: 0, count: count)
        stats.commands = Array(repeating: 0, count: count)
        for row in try await database.query(
            """
            SELECT day, COUNT(*) AS n FROM engagement_member_day
            WHERE day >= ? AND interactions > 0 GROUP BY day
            """, [.text(keys[0])])
        {
            let reader = RowReader(row, table: "engagement_member_day", key: "day")
            if let at = index[try reader.text("day")] { stats.activeMembers[at] = try reader.integer("n") }
        }
        if let row = try await database.first(
            """
            SELECT 'period' AS day, COUNT(DISTINCT member_id) AS n FROM engagement_member_day
            WHERE day >= ? AND interactions > 0
            """, [.text(keys[0])])
        {
            stats.activeInPeriod = try RowReader(row, table: "engagement_member_day", key: "day").integer("n")
        }
        for row in try await database.query(
            """
            SELECT day, SUM(messages) AS messages, SUM(commands) AS commands FROM engagement_channel_day
            WHERE day >= ? GROUP BY day
            """, [.text(keys[0])])
        {
            let reader = RowReader(row, table: "engagement_channel_day", key: "day")
            if let at = index[try reader.text("day")] {
                stats.messages[at] = try reader.integer("messages")
                stats.commands[at] = try reader.integer("commands")
            }
        }
        let ranked = try await database.query(
            """
            SELECT course_slug, kind, COUNT(*) AS n FROM interaction
            WHERE kind IN ('view', 'subscribe', 'redeem') AND kind NOT IN ('message', 'command')
                AND course_slug IS NOT NULL AND at >= ?
            GROUP BY course_slug, kind
            """, [.real(first.timeIntervalSince1970)])
        var views: [String: Int] = [:]
        var subscriptions: [String: Int] = [:]
        for row in ranked {
            let reader = RowReader(row, table: "interaction", key: "course_slug")
            let kind: InteractionKind = try reader.value("kind")
            let course = try reader.text("course_slug")
            if kind == .view {
                views[course, default: 0] += try reader.integer("n")
            } else {
                subscriptions[course, default: 0] += try reader.integer("n")
            }
        }
        let order = { (a: (key: String, value: Int), b: (key: String, value: Int)) in
            a.value != b.value ? a.value > b.value : a.key < b.key
        }
        stats.topViewed = views.sorted(by: order).map { ($0.key, $0.value) }
        stats.topSubscribed = subscriptions.sorted(by: order).map { ($0.key, $0.value) }
        stats.cooling = try await candidates(at: now)
            .filter { $0.activity.isCooling(at: now, lookback: lookback, model: model) }.map(\.member)
        return stats
    }
}
