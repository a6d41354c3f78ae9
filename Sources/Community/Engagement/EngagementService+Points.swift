public import Foundation
import Storage

/// Why thanks were not given.
public enum ThanksRefusal: Error, Sendable, Hashable {
    /// Giver and receiver are the same member.
    case yourself
    /// The giver has given the most thanks allowed today.
    case dailyLimit(Int)
    /// The giver has thanked this member today already.
    case alreadyToday
}

/// Why a completion was not recorded.
public enum CompletionRefusal: Error, Sendable, Hashable {
    /// It was recorded before.
    case alreadyCompleted(Date)
}

/// How many learning points each kind of interaction earns on the leaderboard.
public struct LearningPoints: Sendable, Hashable {
    public var points: [InteractionKind: Int]

    /// Defaults: a completion 10, thanks received 2.
    public init(points: [InteractionKind: Int] = [.complete: 10, .thanks: 2]) {
        self.points = points
    }
}

extension EngagementService {
    /// One learning point from `giver` to `receiver` (recorded as thanks received), at most
    /// `dailyLimit` per giver per day and once per pair per day.
    public func thank(
        _ receiver: Identity, from giver: Identity, reason: String?, dailyLimit: Int = 5, at now: Date = Date()
    ) async throws {
        let day = days.key(for: now)
        try await database.transaction { connection in
            let from = try self.members.member(of: giver, in: connection)
            let to = try self.members.member(of: receiver, in: connection)
            guard from != to else { throw ThanksRefusal.yourself }
            let given = try connection.query(
                "SELECT receiver_member FROM thanks WHERE giver_member = ? AND day = ?",
                [.integer(from.id), .text(day)])
            if given.contains(where: { $0.string("receiver_member") == String(to.id) }) {
                throw ThanksRefusal.alreadyToday
            }
            guard given.count < dailyLimit else { throw ThanksRefusal.dailyLimit(dailyLimit) }
            try connection.execute(
                "INSERT INTO thanks (giver_member, receiver_member, day, at, reason) VALUES (?, ?, ?, ?, ?)",
                [.integer(from.id), .integer(to.id), .text(day), .real(now.timeIntervalSince1970), .text(reason)])
            try self.members.record(.thanks, of: receiver, course: nil, at: now, in: connection)
        }
    }

    /// Records that the member behind `identity` completed `slug`, once.
    public func complete(_ identity: Identity, course slug: String, at now: Date = Date()) async throws {
        try await database.transaction { connection in
            let member = try self.members.member(of: identity, in: connection)
            if let row = try connection.first(
                """
                SELECT id, at FROM interaction WHERE member_id = ? AND kind = 'complete' AND course_slug = ?
                    AND kind NOT IN ('message', 'command')
                """,
                [.integer(member.id), .text(slug)])
            {
                throw CompletionRefusal.alreadyCompleted(try RowReader(row, table: "interaction").date("at"))
            }
            try self.members.record(.complete, of: identity, course: slug, at: now, in: connection)
        }
    }

    /// Members by learning points earned since `start` (nil: ever), most first.
    public func leaderboard(
        since start: Date?, points: LearningPoints = LearningPoints(), limit: Int = 10
    ) async throws -> [(member: Member, points: Int)] {
        let scored = points.points.filter { $0.value != 0 }
        guard !scored.isEmpty else { return [] }
        let cases = scored.map { "WHEN '\($0.key.rawValue)' THEN \($0.value)" }.sorted().joined(separator: " ")
        let kinds = scored.keys.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try await database.query(
            """
            SELECT member_id, SUM(CASE kind \(cases) ELSE 0 END) AS points FROM interaction
            WHERE kind IN (\(kinds)) AND kind NOT IN ('message', 'command') AND at >= ?
            GROUP BY member_id HAVING points > 0
            ORDER BY points DESC, member_id LIMIT ?
            """, [.real(start?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude), .int(limit)]
        ).map { row in
            let reader = RowReader(row, table: "interaction", key: "member_id")
            return (Member(id: Int64(try reader.integer("member_id"))), try reader.integer("points"))
        }
    }

    /// The nick a member was last seen with on any of their identities, else an account.
    public func displayName(of member: Member) async throws -> String {
        let row = try await database.first(
            """
            SELECT i.account, s.nick FROM member_identity i
            LEFT JOIN member_seen s ON s.network = i.network AND s.account = i.account
            WHERE i.member_id = ? ORDER BY s.seen_at IS NULL, s.seen_at DESC, i.network LIMIT 1
            """, [.integer(member.id)])
        return row.flatMap { $0.string("nick") ?? $0.string("account") } ?? "\(member)"
    }

    /// The identity to reach `member` at: the one seen most recently, else their first.
    public func reachableIdentity(of member: Member) async throws -> Identity? {
        try await database.first(
            """
            SELECT i.network, i.account FROM member_identity i
            LEFT JOIN member_seen s ON s.network = i.network AND s.account = i.account
            WHERE i.member_id = ? ORDER BY s.seen_at IS NULL, s.seen_at DESC, i.network, i.account LIMIT 1
            """, [.integer(member.id)]
        ).map { row in
            let reader = RowReader(row, table: "member_identity", key: "network", "account")
            return Identity(network: try reader.text("network"), account: try reader.text("account"))
        }
    }
}
