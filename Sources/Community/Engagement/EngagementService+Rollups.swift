public import Foundation
import Storage

extension EngagementService {
    /// Writes a batch of chat events in one transaction: identified members' interactions (and
    /// so their state), and every channel's daily totals.
    func write(_ batch: [ChatActivity]) async throws {
        let records = batch.compactMap { activity in
            activity.identity.map { InteractionRecord(activity.kind, of: $0, course: activity.course, at: activity.at) }
        }
        let recorded = try await database.transaction { connection in
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
            var speakerRows: [[SQLValue]] = []
            for speaker in speakers {
                speakerRows.append([
                    .text(speaker.channel.network), .text(speaker.channel.channel), .text(speaker.channel.day),
                    .integer(speaker.member.id),
                ])
            }
            var newSpeakers: [ChannelDay: Int] = [:]
            // RETURNING names only the rows inserted: the speakers new to that channel today.
            for row in try connection.executeRows(
                "INSERT OR IGNORE INTO engagement_channel_speaker (network, channel, day, member_id)", columns: 4,
                speakerRows, tail: "RETURNING network, channel, day")
            {
                let reader = RowReader(row, table: "engagement_channel_speaker", key: "network", "channel", "day")
                let key = ChannelDay(
                    network: try reader.text("network"), channel: try reader.text("channel"),
                    day: try reader.text("day"))
                newSpeakers[key, default: 0] += 1
            }
            var channelRows: [[SQLValue]] = []
            for (key, counts) in channels {
                channelRows.append([
                    .text(key.network), .text(key.channel), .text(key.day), .int(counts.messages),
                    .int(counts.commands), .int(counts.anonymous), .int(newSpeakers[key] ?? 0),
                ])
            }
            try connection.executeRows(
                """
                INSERT INTO engagement_channel_day
                    (network, channel, day, messages, commands, anonymous_messages, active_members)
                """, columns: 7, channelRows,
                tail: """
                    ON CONFLICT (network, channel, day) DO UPDATE SET messages = messages + excluded.messages,
                        commands = commands + excluded.commands,
                        anonymous_messages = anonymous_messages + excluded.anonymous_messages,
                        active_members = active_members + excluded.active_members
                    """)
            return recorded
        }
        // Committed: later batches find these members without asking SQLite.
        for (record, interaction) in zip(records, recorded) {
            members.remember(interaction.member, for: record.identity)
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

    /// Each kind of interaction of `member` since `start`, counted (messages and commands from
    /// the daily rollups, by whole days).
    public func recentInteractions(of member: Member, since start: Date) async throws -> [InteractionKind: Int] {
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

private struct ChannelDay: Hashable {
    var network: String
    var channel: String
    var day: String
}

private struct ChannelCounts {
    var messages = 0
    var commands = 0
    var anonymous = 0
}

private struct SpeakerDay: Hashable {
    var channel: ChannelDay
    var member: Member
}
