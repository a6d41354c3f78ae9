public import Foundation
import Storage

extension EngagementService {
    /// Writes a batch of chat events in one transaction: messages and commands packed into the
    /// chat log as one row, anything else (a course mentioned, thanks) a row each. The members'
    /// state follows at the next fold.
    func write(_ batch: [ChatActivity]) async throws {
        let others = batch.compactMap { activity in
            activity.kind.isChat
                ? nil
                : activity.identity.flatMap { identity in
                    // Something done before its member asked to be forgotten stays unrecorded.
                    members.wasForgotten(identity, after: activity.at)
                        ? nil : InteractionRecord(activity.kind, of: identity, course: activity.course, at: activity.at)
                }
        }
        try await database.transaction { connection in
            let chat = try self.members.recordChat(batch, in: connection)
            try self.members.record(others, in: connection)
            try self.foldIfDue(afterAdding: chat, in: connection)
        }
    }

    /// Deletes chat-message and command events older than `rawDays`, and daily rollups older
    /// than `rollupDays`; course-related interactions are kept. Returns the rows deleted.
    @discardableResult
    public func prune(rawDays: Int, rollupDays: Int, at now: Date = Date()) async throws -> Int {
        let rawCutoff = now.addingTimeInterval(-Double(rawDays) * 86_400).timeIntervalSince1970
        let rollupCutoff = days.key(for: now.addingTimeInterval(-Double(rollupDays) * 86_400))
        return try await database.transaction { connection in
            try self.fold(in: connection)
            var deleted = try connection.execute(
                "DELETE FROM interaction WHERE kind IN ('message', 'command') AND at < ?", [.real(rawCutoff)])
            deleted += try ChatLog.prune(before: Date(timeIntervalSince1970: rawCutoff), in: connection)
            for table in ["engagement_member_day", "engagement_channel_day"] {
                deleted += try connection.execute("DELETE FROM \(table) WHERE day < ?", [.text(rollupCutoff)])
            }
            return deleted
        }
    }

    /// A at the end of each of the `count` days ending with the day of `now` (the last value
    /// is A now), oldest first.
    public func dailyActivity(of member: Member, days count: Int, at now: Date = Date()) async throws -> [Double] {
        try await foldPending()
        let firstDay = days.start(of: now, plus: -(count - 1))
        let rows = try await database.query(
            """
            SELECT * FROM (SELECT member_id, day, interest, interest_at FROM engagement_member_day
                WHERE member_id = ?1 AND day < ?2 ORDER BY day DESC LIMIT 1)
            UNION ALL
            SELECT member_id, day, interest, interest_at FROM engagement_member_day WHERE member_id = ?1 AND day >= ?2
            ORDER BY day
            """, [.integer(member.id), .text(days.key(for: firstDay))])
        var points = try rows.map { row in
            let reader = RowReader(row, table: "engagement_member_day", key: "member_id", "day")
            return (interest: try reader.real("interest"), at: try reader.date("interest_at"))
        }[...]
        var carried: (interest: Double, at: Date)?
        var values: [Double] = []
        for offset in 0..<count {
            let end = offset == count - 1 ? now : days.start(of: firstDay, plus: offset + 1)
            while let next = points.first, next.at <= end {
                carried = next
                points.removeFirst()
            }
            values.append(
                carried.map { model.activity(interest: model.decay($0.interest, over: end.timeIntervalSince($0.at))) }
                    ?? 0)
        }
        return values
    }

    /// Each kind of interaction of `member` since `start`, counted (messages and commands from
    /// the daily rollups, by whole days).
    public func recentInteractions(of member: Member, since start: Date) async throws -> [InteractionKind: Int] {
        try await foldPending()
        var counts: [InteractionKind: Int] = [:]
        for row in try await database.query(
            """
            SELECT kind, COUNT(*) AS n FROM interaction
            WHERE member_id = ? AND kind NOT IN ('message', 'command') AND at >= ? GROUP BY kind
            """, [.integer(member.id), .real(start.timeIntervalSince1970)])
        {
            let reader = RowReader(row, table: "interaction", key: "kind")
            counts[try reader.value("kind"), default: 0] += try reader.integer("n")
        }
        if let row = try await database.first(
            """
            SELECT member_id, COALESCE(SUM(messages), 0) AS messages, COALESCE(SUM(commands), 0) AS commands
            FROM engagement_member_day WHERE member_id = ? AND day >= ?
            """, [.integer(member.id), .text(days.key(for: start))])
        {
            let reader = RowReader(row, table: "engagement_member_day", key: "member_id")
            if try reader.integer("messages") > 0 { counts[.message] = try reader.integer("messages") }
            if try reader.integer("commands") > 0 { counts[.command] = try reader.integer("commands") }
        }
        return counts
    }
}
