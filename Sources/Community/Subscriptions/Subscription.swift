public import Foundation

/// Where a subscription stands.
public enum SubscriptionStatus: String, Sendable, Hashable, CaseIterable {
    case pending
    case active
    case expired
    case cancelled
}

/// How a subscription came about.
public enum SubscriptionSource: String, Sendable, Hashable, CaseIterable {
    case free
    case code
    case grant
    case payment
}

/// One period of access to one course for one member. History is kept: a renewal is a new
/// subscription, and every status change is recorded as an event.
public struct Subscription: Sendable, Hashable {
    public var id: Int64
    public var member: Identity
    public var courseSlug: String
    public var status: SubscriptionStatus
    public var source: SubscriptionSource
    public var startsAt: Date?
    /// When access ends; nil means unlimited.
    public var endsAt: Date?
    /// The order id or redeem code behind it, when there is one.
    public var reference: String?

    /// Creates a subscription value (the service creates the stored ones).
    public init(
        id: Int64, member: Identity, courseSlug: String, status: SubscriptionStatus, source: SubscriptionSource,
        startsAt: Date?, endsAt: Date?, reference: String?
    ) {
        self.id = id
        self.member = member
        self.courseSlug = courseSlug
        self.status = status
        self.source = source
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.reference = reference
    }

    /// Whether it gives access at `now`.
    public func isActive(at now: Date) -> Bool {
        status == .active && (endsAt.map { $0 > now } ?? true)
    }
}

/// A pending (or settled) payment for a paid course.
public struct Order: Sendable, Hashable {
    /// Whether the order is waiting for payment, paid, or cancelled.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case pending
        case paid
        case cancelled
    }

    public var id: String
    public var member: Identity
    public var courseSlug: String
    public var price: Price
    public var status: Status
    public var createdAt: Date
}

/// A redeem code as created.
public struct RedeemCode: Sendable, Hashable {
    public var code: String
    public var courseSlug: String
    public var maximumUses: Int
    public var uses: Int
    public var validFrom: Date
    public var validUntil: Date?
    /// Days of access it gives; nil: the course's own access period.
    public var accessDays: Int?
    /// When an owner withdrew it; nil while it can be redeemed.
    public var revokedAt: Date? = nil
}

/// What `subscribe` did.
public enum SubscribeOutcome: Sendable, Hashable {
    /// A free course: access starts now.
    case activated(Subscription)
    /// The member already has access; nothing changed.
    case alreadyActive(Subscription)
    /// A paid course: pay through `checkoutURL` (or redeem a code).
    case paymentNeeded(Order, checkoutURL: String)
    /// A paid course the member has until a date: paying this order renews it, the new period
    /// starting when `current` ends.
    case renewalNeeded(Order, checkoutURL: String, current: Subscription)
}

/// What redeeming a code did.
public struct Redemption: Sendable, Hashable {
    /// The access the code gave (starting when earlier access ends, for a renewal).
    public var subscription: Subscription
    /// Whether it extends access the member already had.
    public var extended: Bool
    /// Pending orders for the same course that the code made unnecessary; they are closed.
    public var closedOrders: [Order]
}

/// What confirming an order did.
public enum OrderConfirmation: Sendable, Hashable {
    case activated(Subscription)
    /// It was confirmed before; nothing changed.
    case alreadyConfirmed(Order)
}
