public import Foundation
import Storage

extension EngagementService {
    /// Writes a batch of chat events in one transaction: identified members' interactions (and
    /// so their state), and every channel's daily totals.
    func write(_ batch: [ChatActivity]) async throws {
        let records = batch.compactMap { activity in
            activity.identity.map { InteractionRecord(activity.kind, of: $0, course: activity.course, at: activity.at) }
        }
        try await database.transaction { connection in
            let recorded = try self.members.record(records, in: connection)
            var members = recorded.makeIterator()
            var channels: [ChannelDay: ChannelCounts] = [:]
            var speakers: Set<SpeakerDay> = []
            for activity in batch {
                let member = activity.identity == nil ? nil : members.next()?.member
                guard let channel = activity.channel, activity.kind == .message || activity.kind == .command else {
                    continue
                }
                let key = ChannelDay(network: activity.network, channel: channel, day: days.key(for: activity.at))
                var counts = channels[key] ?? ChannelCounts()
                if activity.kind == .message { counts.messages += 1 } else { counts.commands += 1 }
                if let member {
                    speakers.insert(SpeakerDay(channel: key, member: member))
                } else if activity.kind == .message {
                    counts.anonymous += 1
                }
                channels[key] = counts
            }
            for speaker in speakers {
                let added = try connection.execute(
                    """
                    INSERT OR IGNORE INTO engagement_channel_speaker (network, channel, day, member_id)
                    VALUES (?, ?, ?, ?)
                    """,
                    [
                        .text(speaker.channel.network), .text(speaker.channel.channel), .text(speaker.channel.day),
                        .integer(speaker.member.id),
                    ])
                channels[speaker.channel, default: ChannelCounts()].newSpeakers += added
            }
            for (key, counts) in channels {
                try connection.execute(
                    """
                    INSERT INTO engagement_channel_day
                        (network, channel, day, messages, commands, anonymous_messages, active_members)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (network, channel, day) DO UPDATE SET messages = messages + excluded.messages,
                        commands = commands + excluded.commands,
                        anonymous_messages = anonymous_messages + excluded.anonymous_messages,
                        active_members = active_members + excluded.active_members
                    """,
                    [
                        .text(key.network), .text(key.channel), .text(key.day), .int(counts.messages),
                        .int(counts.commands), .int(counts.anonymous), .int(counts.newSpeakers),
                    ])
            }
        }
    }

    /// Deletes chat-message and command events older than `rawDays`, and daily rollups older
    /// than `rollupDays`; course-related interactions are kept. Returns the rows deleted.
    @discardableResult
    public func prune(rawDays: Int, rollupDays: Int, at now: Date = Date()) async throws -> Int {
        let rawCutoff = now.addingTimeInterval(-Double(rawDays) * 86_400).timeIntervalSince1970
        let rollupCutoff = days.key(for: now.addingTimeInterval(-Double(rollupDays) * 86_400))
        return try await database.transaction { connection in
            var deleted = try connection.execute(
                "DELETE FROM interaction WHERE kind IN ('message', 'command') AND at < ?", [.real(rawCutoff)])
            deleted += try connection.execute(
                "DELETE FROM engagement_channel_speaker WHERE day < ?",
                [.text(self.days.key(for: Date(timeIntervalSince1970: rawCutoff)))])
            for table in ["engagement_member_day", "engagement_channel_day"] {
                deleted += try connection.execute("DELETE FROM \(table) WHERE day < ?", [.text(rollupCutoff)])
            }
            return deleted
        }
    }

    /// A at the end of each of the `count` days ending with the day of `now` (the last value
    /// is A now), oldest first.
    public func dailyActivity(of member: Member, days count: Int, at now: Date = Date()) async throws -> [Double] {
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

    /// Each kind of interaction of `member` since `start`, counted.
    public func recentInteractions(of member: Member, since start: Date) async throws -> [InteractionKind: Int] {
        var counts: [InteractionKind: Int] = [:]
        for row in try await database.query(
            "SELECT kind, COUNT(*) AS n FROM interaction WHERE member_id = ? AND at >= ? GROUP BY kind",
            [.integer(member.id), .real(start.timeIntervalSince1970)])
        {
            let reader = RowReader(row, table: "interaction", key: "kind")
            counts[try reader.value("kind"), default: 0] += try reader.integer("n")
        }
        return counts
    }
}

private struct ChannelDay: Hashable {
    var network: String
    var channel: String
    var day: String
}

private struct ChannelCounts {
    var messages = 0
    var commands = 0
    var anonymous = 0
    var newSpeakers = 0
}

private struct SpeakerDay: Hashable {
    var channel: ChannelDay
    var member: Member
}
