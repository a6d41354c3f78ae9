import Foundation
import Storage
import Synchronization

/// The engagement tables are derived from what members did: `interaction` rows and the packed
/// chat log. Recording writes only those; folding brings the derived state up to date with
/// everything recorded since the last fold, in one pass. Every reader folds first, so what it
/// reads is as current as if each event had been folded when it happened; chat also folds on
/// its own once a minute (or after `foldEvents` chat events), so a fold's work is a minute of
/// chat at most and each member's rows are written once per fold however much they said.
///
/// Where the last fold stopped is a row of its own (`engagement_fold`), written in the fold's
/// transaction: after a crash the next fold picks up exactly the events not yet counted.
extension EngagementService {
    /// Folds everything recorded since the last fold into members' states, totals and day rows
    /// and channels' day rows.
    public func foldPending() async throws {
        try await database.transaction { connection in try self.fold(in: connection) }
    }

    /// Folds everything recorded since the last fold, inside the caller's transaction.
    func fold(in connection: Connection) throws {
        let marks = try foldMarks(in: connection)
        var events = FoldEvents()
        try connection.forEachRow(
            "SELECT id, member_id, kind, course_slug, at FROM interaction WHERE id > ? AND member_id IS NOT NULL",
            [.integer(marks.interaction)]
        ) { row in events.add(row) }
        var channels = ChannelTally()
        var lastBatch = marks.chat
        try ChatLog.forEachBatch(in: connection, where: "id > ?", [.integer(marks.chat)]) { id, batch in
            channels.add(batch, memberSlots: events.add(batch), days: days)
            lastBatch = id
        }
        if let failure = events.failure { throw failure }
        try apply(events.grouped(), in: connection)
        // Another process (the command line) may have folded since: then what this one knows
        // about today's speakers is behind the log, and is read again.
        knownSpeakers.withLock { known in
            if known.foldedThrough != marks.chat { known = KnownSpeakers() }
        }
        try count(channels, members: events.order, foldedThrough: marks.chat, in: connection)
        knownSpeakers.withLock { $0.foldedThrough = lastBatch }
        // The highest ids now, not the highest folded: rows deleted since (a member forgotten)
        // must not leave a gap that a reused id would fall into unfolded.
        try connection.execute(
            """
            UPDATE engagement_fold SET interaction_id = (SELECT COALESCE(MAX(id), 0) FROM interaction),
                chat_log_id = ? WHERE id = 1
            """, [.integer(lastBatch)])
        foldDue.withLock { $0 = FoldDue() }
    }

    /// Folds when a minute has passed or `foldEvents` chat events wait since the last fold.
    func foldIfDue(afterAdding count: Int, in connection: Connection) throws {
        let due = foldDue.withLock { due in
            due.events += count
            return due.events >= foldEvents || ContinuousClock.now - due.since >= .seconds(60)
        }
        if due { try fold(in: connection) }
    }

    private func foldMarks(in connection: Connection) throws -> (interaction: Int64, chat: Int64) {
        guard let row = try connection.first("SELECT * FROM engagement_fold WHERE id = 1") else {
            throw CorruptRow(table: "engagement_fold", id: "1", column: "id", expected: "one row", found: "none")
        }
        let reader = RowReader(row, table: "engagement_fold")
        return (Int64(try reader.integer("interaction_id")), Int64(try reader.integer("chat_log_id")))
    }

    /// Adds a fold's chat to its channels' day rows: messages, commands, messages from speakers
    /// without an account, and members who spoke there for the first time that day — known
    /// from the chat log already folded (through batch `folded`), read once per day.
    private func count(
        _ tally: ChannelTally, members: [Member], foldedThrough folded: Int64, in connection: Connection
    ) throws {
        guard !tally.keys.isEmpty else { return }
        let unloaded = knownSpeakers.withLock { known in Set(tally.keys.map(\.day)).subtracting(known.loadedDays) }
        var loaded: [ChannelDay: Set<Int64>] = [:]
        for day in unloaded.sorted() {
            guard let range = tally.range(of: day) else { continue }
            try ChatLog.forEachBatch(
                in: connection, where: "id <= ? AND last_at >= ? AND first_at < ?",
                [.integer(folded), .real(range.start.timeIntervalSince1970), .real(range.end.timeIntervalSince1970)]
            ) { _, batch in
                for record in batch.records where record.member != 0 {
                    let at = ChatLogBatch.date(milliseconds: record.milliseconds)
                    let place = batch.places[record.place]
                    guard at >= range.start, at < range.end, !place.channel.isEmpty else { continue }
                    loaded[ChannelDay(network: place.network, channel: place.channel, day: day), default: []].insert(
                        record.member)
                }
            }
        }
        let newSpeakers = knownSpeakers.withLock { known in
            known.load(loaded, days: unloaded)
            defer { known.keepLatestDays(3) }
            return tally.keys.indices.map { known.add(tally.speakers(at: $0, members: members), to: tally.keys[$0]) }
        }
        connection.onRollback { self.knownSpeakers.withLock { $0 = KnownSpeakers() } }
        let rows: [[SQLValue]] = tally.keys.indices.map { id in
            let key = tally.keys[id]
            let count = tally.counts[id]
            return [
                .text(key.network), .text(key.channel), .text(key.day), .int(count.messages), .int(count.commands),
                .int(count.anonymous), .int(newSpeakers[id]),
            ]
        }
        try connection.executeRows(
            """
            INSERT INTO engagement_channel_day
                (network, channel, day, messages, commands, anonymous_messages, active_members)
            """, columns: 7, rows,
            tail: """
                ON CONFLICT (network, channel, day) DO UPDATE SET messages = messages + excluded.messages,
                    commands = commands + excluded.commands,
                    anonymous_messages = anonymous_messages + excluded.anonymous_messages,
                    active_members = active_members + excluded.active_members
                """)
    }
}

/// Chat events counted since the last fold, and when it was.
struct FoldDue {
    var events = 0
    var since = ContinuousClock.now
}
