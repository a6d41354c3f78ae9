import Foundation
import Storage

extension SubscriptionService {
    static func activeSubscription(
        _ member: MemberID, _ slug: String, _ now: Date, _ connection: Connection
    ) throws -> Subscription? {
        try connection.first(
            "SELECT * FROM subscription WHERE network = ? AND account = ? AND course_slug = ? AND status = 'active' AND (ends_at IS NULL OR ends_at > ?) ORDER BY ends_at IS NULL DESC, ends_at DESC LIMIT 1",
            [.text(member.network), .text(member.account), .text(slug), .real(now.timeIntervalSince1970)]
        ).map(subscription(from:))
    }

    /// Starts a subscription now (or, when extending, when the current one ends).
    static func insertSubscription(
        _ member: MemberID, _ course: Course, source: SubscriptionSource, reference: String?, days: Int?,
        now: Date, _ connection: Connection, extendFrom current: Subscription? = nil
    ) throws -> Subscription {
        var start = now
        if let current {
            if current.endsAt == nil { return current }  // unlimited already
            start = max(now, current.endsAt ?? now)
        }
        let end = days.map { start.addingTimeInterval(Double($0) * 86_400) }
        try connection.execute(
            """
            INSERT INTO subscription (network, account, course_slug, status, source, starts_at, ends_at, reference, created_at, updated_at)
            VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(member.network), .text(member.account), .text(course.slug), .text(source.rawValue),
                .real(start.timeIntervalSince1970),
                .double(end?.timeIntervalSince1970), .text(reference), .real(now.timeIntervalSince1970),
                .real(now.timeIntervalSince1970),
            ])
        let id = connection.lastInsertRowID
        try event(id, .active, source.rawValue + (reference.map { " \($0)" } ?? ""), now, connection)
        return Subscription(
            id: id, member: member, courseSlug: course.slug, status: .active, source: source, startsAt: start,
            endsAt: end,
            reference: reference)
    }

    static func event(
        _ id: Int64, _ status: SubscriptionStatus, _ note: String, _ now: Date, _ connection: Connection
    ) throws {
        try connection.execute(
            "INSERT INTO subscription_event (subscription_id, at, status, note) VALUES (?, ?, ?, ?)",
            [.integer(id), .real(now.timeIntervalSince1970), .text(status.rawValue), .text(note)])
    }

    static func record(
        _ member: MemberID, _ kind: InteractionKind, _ slug: String?, _ now: Date, _ connection: Connection
    ) throws {
        try connection.execute(
            "INSERT INTO interaction (network, account, kind, course_slug, at) VALUES (?, ?, ?, ?, ?)",
            [
                .text(member.network), .text(member.account), .text(kind.rawValue), .text(slug),
                .real(now.timeIntervalSince1970),
            ])
    }

    static func subscription(from row: Row) -> Subscription {
        Subscription(
            id: Int64(row.int("id") ?? 0),
            member: MemberID(network: row.string("network") ?? "", account: row.string("account") ?? ""),
            courseSlug: row.string("course_slug") ?? "",
            status: SubscriptionStatus(rawValue: row.string("status") ?? "") ?? .pending,
            source: SubscriptionSource(rawValue: row.string("source") ?? "") ?? .free,
            startsAt: row.double("starts_at").map(Date.init(timeIntervalSince1970:)),
            endsAt: row.double("ends_at").map(Date.init(timeIntervalSince1970:)),
            reference: row.string("reference"))
    }

    static func order(from row: Row) -> Order {
        Order(
            id: row.string("id") ?? "",
            member: MemberID(network: row.string("network") ?? "", account: row.string("account") ?? ""),
            courseSlug: row.string("course_slug") ?? "",
            price: Price(amountMinor: row.int("amount_minor") ?? 0, currency: row.string("currency") ?? ""),
            status: Order.Status(rawValue: row.string("status") ?? "") ?? .pending,
            createdAt: Date(timeIntervalSince1970: row.double("created_at") ?? 0))
    }

    static func code(from row: Row) -> RedeemCode {
        RedeemCode(
            code: row.string("code") ?? "", courseSlug: row.string("course_slug") ?? "",
            maximumUses: row.int("max_uses") ?? 0,
            uses: row.int("uses") ?? 0, validFrom: Date(timeIntervalSince1970: row.double("valid_from") ?? 0),
            validUntil: row.double("valid_until").map(Date.init(timeIntervalSince1970:)),
            accessDays: row.int("access_days"))
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
