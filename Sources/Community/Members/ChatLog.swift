import Foundation
import Storage

/// The `chat_log` table: chat messages and commands, which are most of what members do, kept
/// packed (`ChatLogBatch`) one row per written batch instead of one row each. Everything else
/// members do stays in `interaction`, a row each.
///
/// Row ids only grow (`AUTOINCREMENT`), so "every batch after id N" is a stable position for
/// whoever folds the log into derived state.
enum ChatLog {
    /// Appends `batch` as one row.
    static func append(_ batch: ChatLogBatch, in connection: Connection) throws {
        guard !batch.records.isEmpty else { return }
        try connection.execute(
            "INSERT INTO chat_log (first_at, last_at, events, data) VALUES (?, ?, ?, ?)", columns(batch))
    }

    /// The earliest and latest time, the count and the packed entries.
    private static func columns(_ batch: ChatLogBatch) -> [SQLValue] {
        var earliest = Int64.max
        var latest = Int64.min
        for record in batch.records {
            earliest = min(earliest, record.milliseconds)
            latest = max(latest, record.milliseconds)
        }
        return [
            .real(Double(earliest) / 1_000), .real(Double(latest) / 1_000), .int(batch.records.count),
            .blob(batch.encoded()),
        ]
    }

    /// Every entry of the members in `members`, in the order written.
    static func entries(of members: Set<Member>, in connection: Connection) throws -> [ChatLogEntry] {
        guard !members.isEmpty else { return [] }
        var found: [ChatLogEntry] = []
        let wanted = Set(members.map(\.id))
        try forEachBatch(in: connection) { _, batch in
            for (index, record) in batch.records.enumerated() where wanted.contains(record.member) {
                found.append(batch.entry(at: index))
            }
        }
        return found
    }

    /// Passes every entry through `change` — nil removes it — and writes back the batches that
    /// changed (deleting those left empty). Returns how many entries were removed.
    /// `filter` (SQL over `chat_log`'s columns, with `parameters`) limits the batches read.
    @discardableResult
    static func rewrite(
        in connection: Connection, where filter: String = "1", _ parameters: [SQLValue] = [],
        _ change: (ChatLogEntry) -> ChatLogEntry?
    ) throws -> Int {
        var changed: [(id: Int64, entries: [ChatLogEntry])] = []
        var removed = 0
        try forEachBatch(in: connection, where: filter, parameters) { id, batch in
            let kept = batch.entries.compactMap(change)
            if kept != batch.entries {
                removed += batch.entries.count - kept.count
                changed.append((id, kept))
            }
        }
        for (id, entries) in changed {
            if entries.isEmpty {
                try connection.execute("DELETE FROM chat_log WHERE id = ?", [.integer(id)])
            } else {
                try connection.execute(
                    "UPDATE chat_log SET first_at = ?, last_at = ?, events = ?, data = ? WHERE id = ?",
                    columns(ChatLogBatch(entries)) + [.integer(id)])
            }
        }
        return removed
    }

    /// Deletes every entry older than `cutoff`; returns how many.
    static func prune(before cutoff: Date, in connection: Connection) throws -> Int {
        let time: [SQLValue] = [.real(cutoff.timeIntervalSince1970)]
        let row = try connection.first(
            "SELECT 'old' AS name, COALESCE(SUM(events), 0) AS events FROM chat_log WHERE last_at < ?", time)
        var events = try row.map { try RowReader($0, table: "chat_log", key: "name").integer("events") } ?? 0
        try connection.execute("DELETE FROM chat_log WHERE last_at < ?", time)
        // A batch written across the cutoff keeps only its newer entries.
        events += try rewrite(in: connection, where: "first_at < ?", time) { $0.at < cutoff ? nil : $0 }
        return events
    }

    /// Hands every batch matching `filter` (SQL over `chat_log`'s columns) to `body`, oldest
    /// first, one at a time.
    static func forEachBatch(
        in connection: Connection, where filter: String = "1", _ parameters: [SQLValue] = [],
        _ body: (Int64, ChatLogBatch) throws -> Void
    ) throws {
        var failure: (any Error)?
        try connection.forEachRow("SELECT id, data FROM chat_log WHERE \(filter) ORDER BY id", parameters) { row in
            guard failure == nil else { return }
            do {
                let (id, batch) = try decode(row)
                try body(id, batch)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    private static func decode(_ row: Row) throws -> (id: Int64, batch: ChatLogBatch) {
        let reader = RowReader(row, table: "chat_log")
        let id = Int64(try reader.integer("id"))
        guard case .blob(let bytes) = row["data"], let batch = ChatLogBatch(decoding: bytes) else {
            throw CorruptRow(
                table: "chat_log", id: reader.id, column: "data", expected: "a packed chat-log batch",
                found: "\(row["data"])".prefix(40).description)
        }
        return (id, batch)
    }
}
