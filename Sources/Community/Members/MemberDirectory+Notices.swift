public import Foundation
import Storage

/// A private message for a member that waits until the member can be reached (an order
/// confirmed or access granted while they were away), for a limited time.
public struct MemberNotice: Sendable, Hashable {
    /// The stored notice's id.
    public var id: Int64
    /// Who it is for.
    public var member: Identity
    /// The message.
    public var text: String
    /// After this it is no longer sent.
    public var expiresAt: Date
}

extension MemberDirectory {
    /// Queues `text` for `member`, to be sent the next time they can be reached within
    /// `keepFor` seconds.
    @discardableResult
    public func queueNotice(
        _ text: String, for member: Identity, at now: Date = Date(), keepFor: TimeInterval = 3 * 86_400
    ) async throws -> MemberNotice {
        try await database.transaction { connection in
            try connection.execute(
                "INSERT INTO member_notice (network, account, text, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(member.network), .text(member.account), .text(text), .real(now.timeIntervalSince1970),
                    .real(now.addingTimeInterval(keepFor).timeIntervalSince1970),
                ])
            return MemberNotice(
                id: connection.lastInsertRowID, member: member, text: text, expiresAt: now.addingTimeInterval(keepFor))
        }
    }

    /// Notices not yet delivered and not expired, oldest first; for one member, or for all.
    public func waitingNotices(for member: Identity? = nil, at now: Date = Date()) async throws -> [MemberNotice] {
        var sql = "SELECT * FROM member_notice WHERE delivered_at IS NULL AND expires_at > ?"
        var parameters: [SQLValue] = [.real(now.timeIntervalSince1970)]
        if let member {
            sql += " AND network = ? AND account = ?"
            parameters += [.text(member.network), .text(member.account)]
        }
        return try await database.query(sql + " ORDER BY id", parameters).map { row in
            let reader = RowReader(row, table: "member_notice")
            return MemberNotice(
                id: Int64(try reader.integer("id")),
                member: Identity(network: try reader.text("network"), account: try reader.text("account")),
                text: try reader.text("text"), expiresAt: try reader.date("expires_at"))
        }
    }

    /// Marks a notice delivered; false when it already was (so it is sent once).
    @discardableResult
    public func markDelivered(_ notice: MemberNotice, at now: Date = Date()) async throws -> Bool {
        try await database.execute(
            "UPDATE member_notice SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
            [.real(now.timeIntervalSince1970), .integer(notice.id)]) == 1
    }
}
