public import Foundation
public import Storage

/// Remembers the nick each account was last seen with and records interactions, so scheduled
/// messages can reach a member and the engagement model has its data.
public final class MemberDirectory: Sendable {
    let database: Database

    /// Opens the directory (its tables belong to the subscription schema).
    public init(database: Database) async throws {
        self.database = database
        try await database.migrate("subscription", SubscriptionSchema.migrations)
    }

    /// Records that `member` was seen as `nick`.
    public func saw(_ member: MemberID, as nick: String, at now: Date = Date()) async throws {
        try await database.execute(
            "INSERT INTO member_seen (network, account, nick, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (network, account) DO UPDATE SET nick = excluded.nick, seen_at = excluded.seen_at",
            [.text(member.network), .text(member.account), .text(nick), .real(now.timeIntervalSince1970)])
    }

    /// The nick `member` was last seen with, if ever.
    public func lastNick(of member: MemberID) async throws -> String? {
        try await database.first(
            "SELECT nick FROM member_seen WHERE network = ? AND account = ?",
            [.text(member.network), .text(member.account)])?
            .string("nick")
    }

    /// Records one interaction.
    public func record(
        _ member: MemberID, _ kind: InteractionKind, course slug: String? = nil, at now: Date = Date()
    ) async throws {
        try await database.execute(
            "INSERT INTO interaction (network, account, kind, course_slug, at) VALUES (?, ?, ?, ?, ?)",
            [
                .text(member.network), .text(member.account), .text(kind.rawValue), .text(slug),
                .real(now.timeIntervalSince1970),
            ])
    }

    /// A member's interactions, oldest first.
    public func interactions(of member: MemberID) async throws -> [(kind: InteractionKind, course: String?, at: Date)] {
        try await database.query(
            "SELECT kind, course_slug, at FROM interaction WHERE network = ? AND account = ? ORDER BY at, id",
            [.text(member.network), .text(member.account)]
        ).compactMap { row in
            guard let kind = InteractionKind(rawValue: row.string("kind") ?? "") else { return nil }
            return (kind, row.string("course_slug"), Date(timeIntervalSince1970: row.double("at") ?? 0))
        }
    }
}
