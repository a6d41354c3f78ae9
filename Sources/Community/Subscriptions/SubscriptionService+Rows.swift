import Foundation
public import Storage

extension SubscriptionService {
    /// The member's subscription to the course that gives access at `now`, the longest first.
    static func activeSubscription(
        of owner: Member, to slug: String, at now: Date, in connection: Connection
    ) throws -> Subscription? {
        try connection.first(
            """
            SELECT * FROM subscription
            WHERE member_id = ? AND course_slug = ? AND status = 'active'
            AND (ends_at IS NULL OR ends_at > ?) ORDER BY ends_at IS NULL DESC, ends_at DESC LIMIT 1
            """,
            [.integer(owner.id), .text(slug), .real(now.timeIntervalSince1970)]
        ).map { try subscription(from: $0) }
    }

    /// Starts a subscription now (or, when extending, when the current one ends).
    static func insertSubscription(
        _ member: Identity, owner: Member, _ course: Course, source: SubscriptionSource, reference: String?,
        days: Int?, now: Date, _ connection: Connection, extendFrom current: Subscription? = nil
    ) throws -> Subscription {
        var start = now
        if let current {
            if current.endsAt == nil { return current }  // unlimited already
            start = max(now, current.endsAt ?? now)
        }
        let end = days.map { start.addingTimeInterval(Double($0) * 86_400) }
        try connection.execute(
            """
            INSERT INTO subscription (network, account, member_id, course_slug, status, source, starts_at, ends_at,
                reference, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(member.network), .text(member.account), .integer(owner.id), .text(course.slug),
                .text(source.rawValue),
                .real(start.timeIntervalSince1970),
                .double(end?.timeIntervalSince1970), .text(reference), .real(now.timeIntervalSince1970),
                .real(now.timeIntervalSince1970),
            ])
        let id = connection.lastInsertRowID
        try recordEvent(
            .active, ofSubscription: id, note: source.rawValue + (reference.map { " \($0)" } ?? ""), at: now,
            in: connection)
        return Subscription(
            id: id, member: member, courseSlug: course.slug, status: .active, source: source, startsAt: start,
            endsAt: end,
            reference: reference)
    }

    /// Cancels the member's pending orders for a course (access came another way) and returns
    /// them as they were.
    static func closePendingOrders(
        of owner: Member, for slug: String, in connection: Connection
    ) throws -> [Order] {
        let pending = try connection.query(
            """
            SELECT * FROM subscription_order
            WHERE member_id = ? AND course_slug = ? AND status = 'pending' ORDER BY created_at
            """,
            [.integer(owner.id), .text(slug)]
        ).map { try order(from: $0) }
        for order in pending {
            try connection.execute(
                "UPDATE subscription_order SET status = 'cancelled' WHERE id = ? AND status = 'pending'",
                [.text(order.id)])
        }
        return pending
    }

    /// Moves a linked-away member's subscriptions, orders and redemptions to the member that
    /// remains (both keep their history; where both had a course, the later end date gives
    /// access).
    public func merge(_ absorbed: Member, into kept: Member, in connection: Connection) throws {
        for table in ["subscription", "subscription_order", "subscription_redemption"] {
            try connection.execute(
                "UPDATE \(table) SET member_id = ? WHERE member_id = ?", [.integer(kept.id), .integer(absorbed.id)])
        }
    }

    /// Appends one line to a subscription's history.
    static func recordEvent(
        _ status: SubscriptionStatus, ofSubscription id: Int64, note: String, at now: Date, in connection: Connection
    ) throws {
        try connection.execute(
            "INSERT INTO subscription_event (subscription_id, at, status, note) VALUES (?, ?, ?, ?)",
            [.integer(id), .real(now.timeIntervalSince1970), .text(status.rawValue), .text(note)])
    }

    static func subscription(from row: Row) throws(CorruptRow) -> Subscription {
        let reader = RowReader(row, table: "subscription")
        return Subscription(
            id: Int64(try reader.integer("id")),
            member: Identity(network: try reader.text("network"), account: try reader.text("account")),
            courseSlug: try reader.text("course_slug"),
            status: try reader.value("status"),
            source: try reader.value("source"),
            startsAt: try reader.optionalDate("starts_at"),
            endsAt: try reader.optionalDate("ends_at"),
            reference: try reader.optionalText("reference"))
    }

    static func order(from row: Row) throws(CorruptRow) -> Order {
        let reader = RowReader(row, table: "subscription_order")
        return Order(
            id: try reader.text("id"),
            member: Identity(network: try reader.text("network"), account: try reader.text("account")),
            courseSlug: try reader.text("course_slug"),
            price: Price(amountMinor: try reader.integer("amount_minor"), currency: try reader.text("currency")),
            status: try reader.value("status"),
            createdAt: try reader.date("created_at"))
    }

    static func code(from row: Row) throws(CorruptRow) -> RedeemCode {
        let reader = RowReader(row, table: "subscription_code", key: "code")
        return RedeemCode(
            code: try reader.text("code"), courseSlug: try reader.text("course_slug"),
            maximumUses: try reader.integer("max_uses"), uses: try reader.integer("uses"),
            validFrom: try reader.date("valid_from"), validUntil: try reader.optionalDate("valid_until"),
            accessDays: try reader.optionalInteger("access_days"), revokedAt: try reader.optionalDate("revoked_at"))
    }

    static func checkoutURL(_ template: String, _ order: Order) -> String {
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "+", "?"]))
                ?? text
        }
        let amount =
            Price(amountMinor: order.price.amountMinor, currency: order.price.currency).description.split(
                separator: " "
            ).first.map(String.init) ?? "0"
        return template.replacingOccurrences(of: "{order}", with: encoded(order.id))
            .replacingOccurrences(of: "{course}", with: encoded(order.courseSlug))
            .replacingOccurrences(of: "{account}", with: encoded(order.member.account))
            .replacingOccurrences(of: "{amount}", with: amount)
            .replacingOccurrences(of: "{currency}", with: order.price.currency)
    }
}
