public import Foundation
import Storage

/// A message posted to a channel at one time or on a recurring rule.
public struct Announcement: Sendable, Hashable, Identifiable {
    public let id: String
    public var network: String
    public var channel: String
    /// The rule for a recurring announcement (nil for a one-off).
    public var rule: Recurrence?
    /// When a one-off announcement goes out.
    public var once: Date?
    public var text: String
    /// Who made it (`account@network` or a nick).
    public var createdBy: String
    public var createdAt: Date
    public var cancelledAt: Date?

    /// The zone the rule follows.
    public var zone: TimeZone { rule?.zone ?? .gmt }
}

extension EventService {
    /// Stores an announcement: recurring on `rule`, or once at `once`.
    public func createAnnouncement(
        network: String, channel: String, rule: Recurrence?, once: Date?, text: String, by creator: String,
        at now: Date
    ) async throws -> Announcement {
        try await database.transaction { connection in
            var id = Self.newID()
            while try connection.first("SELECT 1 FROM announcement WHERE id = ?", [.text(id)]) != nil {
                id = Self.newID()
            }
            try connection.execute(
                """
                INSERT INTO announcement (id, network, channel, rule, zone, once_at, text, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(id), .text(network), .text(channel), .text(rule?.description),
                    .text((rule?.zone ?? .gmt).identifier), .double(once?.timeIntervalSince1970), .text(text),
                    .text(creator), .real(now.timeIntervalSince1970),
                ])
            guard let row = try connection.first("SELECT * FROM announcement WHERE id = ?", [.text(id)]) else {
                throw EventError.notFound(id)
            }
            return try Self.announcement(from: row)
        }
    }

    /// The announcement with `id` (any case), or nil.
    public func announcement(_ id: String) async throws -> Announcement? {
        try await database.first("SELECT * FROM announcement WHERE id = ?", [.text(id.lowercased())]).map(
            Self.announcement(from:))
    }

    /// Announcements not cancelled, oldest first.
    public func activeAnnouncements() async throws -> [Announcement] {
        try await database.query("SELECT * FROM announcement WHERE cancelled_at IS NULL ORDER BY created_at, id").map(
            Self.announcement(from:))
    }

    /// Cancels an announcement; false when there is none with that id or it was cancelled.
    public func cancelAnnouncement(_ id: String, at now: Date) async throws -> Bool {
        try await database.execute(
            "UPDATE announcement SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL",
            [.real(now.timeIntervalSince1970), .text(id.lowercased())]) > 0
    }

    static func announcement(from row: Row) throws -> Announcement {
        let reader = RowReader(row, table: "announcement")
        let zoneName = try reader.text("zone")
        guard let zone = TimeZone(identifier: zoneName) else {
            throw CorruptRow(
                table: "announcement", id: reader.id, column: "zone", expected: "an IANA time zone", found: zoneName)
        }
        let rule = try reader.optionalText("rule").map { text in
            do {
                return try Recurrence(parsing: text, zone: zone)
            } catch {
                throw CorruptRow(
                    table: "announcement", id: reader.id, column: "rule", expected: "a recurring rule", found: text)
            }
        }
        return Announcement(
            id: try reader.text("id"), network: try reader.text("network"), channel: try reader.text("channel"),
            rule: rule, once: try reader.optionalDate("once_at"), text: try reader.text("text"),
            createdBy: try reader.text("created_by"), createdAt: try reader.date("created_at"),
            cancelledAt: try reader.optionalDate("cancelled_at"))
    }
}
