public import Foundation
import Storage

/// What a payment provider's "order paid" event did.
public enum PaymentConfirmation: Sendable, Hashable {
    /// The order is paid now and its subscription active.
    case activated(Subscription, Order)
    /// The event or the order was seen before; nothing changed.
    case alreadyConfirmed(Order)
    /// The amount or currency differs from the order's; nothing changed.
    case mismatch(Order)
    /// The order had been cancelled (e.g. a code was redeemed instead); nothing changed.
    case cancelled(Order)
}

extension SubscriptionService {
    /// Applies a provider's payment event exactly once: the order becomes paid, its subscription
    /// active and the event id recorded, all in one transaction. A repeated event id or an order
    /// already paid changes nothing; so does an amount or currency other than the order's.
    /// Throws `noSuchOrder` for an unknown order.
    public func confirmPayment(
        event eventID: String, order orderID: String, amountMinor: Int, currency: String, at now: Date = Date()
    ) async throws -> PaymentConfirmation {
        let id = orderID.uppercased()
        guard let row = try await database.first("SELECT * FROM subscription_order WHERE id = ?", [.text(id)]) else {
            throw SubscriptionError.noSuchOrder(id: id)
        }
        let course = try await catalog.course(try Self.order(from: row).courseSlug)
        return try await database.transaction { connection -> PaymentConfirmation in
            guard let row = try connection.first("SELECT * FROM subscription_order WHERE id = ?", [.text(id)]) else {
                throw SubscriptionError.noSuchOrder(id: id)
            }
            let order = try Self.order(from: row)
            func remember(_ outcome: String) throws {
                try connection.execute(
                    "INSERT INTO subscription_payment_event (id, order_id, outcome, received_at) VALUES (?, ?, ?, ?)",
                    [.text(eventID), .text(id), .text(outcome), .real(now.timeIntervalSince1970)])
            }
            if try connection.first("SELECT 1 FROM subscription_payment_event WHERE id = ?", [.text(eventID)]) != nil {
                return .alreadyConfirmed(order)
            }
            guard order.price.amountMinor == amountMinor, order.price.currency == currency.uppercased() else {
                return .mismatch(order)
            }
            switch order.status {
            case .paid:
                try remember("already-confirmed")
                return .alreadyConfirmed(order)
            case .cancelled:
                return .cancelled(order)
            case .pending:
                break
            }
            guard let course else { throw SubscriptionError.orderCourseGone(orderID: order.id, slug: order.courseSlug) }
            try connection.execute(
                "UPDATE subscription_order SET status = 'paid', confirmed_at = ? WHERE id = ?",
                [.real(now.timeIntervalSince1970), .text(order.id)])
            let subscription = try self.activatePaid(order, course, at: now, in: connection)
            try remember("confirmed")
            var paid = order
            paid.status = .paid
            return .activated(subscription, paid)
        }
    }

    /// How many subscriptions are in each status.
    public func statusCounts() async throws -> [SubscriptionStatus: Int] {
        try await counts("SELECT status, COUNT(*) AS n FROM subscription GROUP BY status", SubscriptionStatus.init)
    }

    /// How many orders are in each status.
    public func orderCounts() async throws -> [Order.Status: Int] {
        try await counts("SELECT status, COUNT(*) AS n FROM subscription_order GROUP BY status", Order.Status.init)
    }

    private func counts<Key: Hashable>(_ sql: String, _ key: (String) -> Key?) async throws -> [Key: Int] {
        var result: [Key: Int] = [:]
        for row in try await database.query(sql) {
            let reader = RowReader(row, table: "subscription", key: "status")
            if let parsed = key(try reader.text("status")) { result[parsed] = try reader.integer("n") }
        }
        return result
    }
}
