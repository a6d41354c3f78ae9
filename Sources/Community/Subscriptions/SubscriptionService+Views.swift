public import Foundation
import Storage

/// What owners look at: orders, subscribers, codes and totals.
extension SubscriptionService {
    /// Orders, newest first; only those with `status` when given.
    public func orders(status: Order.Status? = nil) async throws -> [Order] {
        let filter = status.map { _ in " WHERE status = ?" } ?? ""
        return try await database.query(
            "SELECT * FROM subscription_order\(filter) ORDER BY created_at DESC, id",
            status.map { [.text($0.rawValue)] } ?? []
        ).map { try Self.order(from: $0) }
    }

    /// Subscriptions, newest first, optionally only one course's and only those with `status`
    /// (`active` means giving access at `now`).
    public func subscriptions(
        course slug: String? = nil, status: SubscriptionStatus? = nil, at now: Date = Date()
    ) async throws -> [Subscription] {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        if let slug {
            conditions.append("course_slug = ?")
            parameters.append(.text(slug.lowercased()))
        }
        if let status {
            conditions.append("status = ?")
            parameters.append(.text(status.rawValue))
            if status == .active {
                conditions.append("(ends_at IS NULL OR ends_at > ?)")
                parameters.append(.real(now.timeIntervalSince1970))
            }
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try await database.query(
            "SELECT * FROM subscription\(filter) ORDER BY created_at DESC, id DESC", parameters
        ).map { try Self.subscription(from: $0) }
    }

    /// Redeem codes, newest first, optionally for one course.
    public func codes(course slug: String? = nil) async throws -> [RedeemCode] {
        let filter = slug.map { _ in " WHERE course_slug = ?" } ?? ""
        return try await database.query(
            "SELECT * FROM subscription_code\(filter) ORDER BY created_at DESC, code",
            slug.map { [.text($0.lowercased())] } ?? []
        ).map { try Self.code(from: $0) }
    }

    /// Withdraws a code so it can no longer be redeemed (access already given stays); returns
    /// the code as it was, or throws `noSuchCode`.
    @discardableResult
    public func revokeCode(_ typed: String, at now: Date = Date()) async throws -> RedeemCode {
        guard let code = SecureCodes.normalize(typed) else { throw SubscriptionError.malformedCode(typed) }
        return try await database.transaction { connection -> RedeemCode in
            guard let row = try connection.first("SELECT * FROM subscription_code WHERE code = ?", [.text(code)])
            else { throw SubscriptionError.noSuchCode(code) }
            try connection.execute(
                "UPDATE subscription_code SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL",
                [.real(now.timeIntervalSince1970), .text(code)])
            return try Self.code(from: row)
        }
    }

    /// Members with access now, by course slug.
    public func activeCounts(at now: Date = Date()) async throws -> [(course: String, members: Int)] {
        try await database.query(
            """
            SELECT course_slug, COUNT(DISTINCT network || '/' || account) AS members FROM subscription
            WHERE status = 'active' AND (ends_at IS NULL OR ends_at > ?)
            GROUP BY course_slug ORDER BY members DESC, course_slug
            """, [.real(now.timeIntervalSince1970)]
        ).map { row in
            let reader = RowReader(row, table: "subscription", key: "course_slug")
            return (try reader.text("course_slug"), try reader.integer("members"))
        }
    }

    /// Money from paid orders, by currency, in minor units.
    public func revenue() async throws -> [Price] {
        try await database.query(
            """
            SELECT currency, SUM(amount_minor) AS total FROM subscription_order WHERE status = 'paid'
            GROUP BY currency ORDER BY currency
            """
        ).map { row in
            let reader = RowReader(row, table: "subscription_order", key: "currency")
            return Price(amountMinor: try reader.integer("total"), currency: try reader.text("currency"))
        }
    }
}

extension SubscriptionService {
    /// Every subscription of the member behind `member` (from any of their identities), in any
    /// status, newest first.
    public func allSubscriptions(of member: Identity) async throws -> [Subscription] {
        let owner = try await members.member(of: member)
        return try await database.query(
            "SELECT * FROM subscription WHERE member_id = ? ORDER BY created_at DESC, id DESC", [.integer(owner.id)]
        ).map { try Self.subscription(from: $0) }
    }
}
