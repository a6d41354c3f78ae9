public import Foundation
public import Storage

/// Subscriptions to courses: free ones, paid orders, redeem codes and grants, with expiry and
/// reminders. Every change runs in one transaction together with its history event and the
/// interaction it represents.
public final class SubscriptionService: MemberDataOwner {
    let database: Database
    /// The catalog subscriptions refer to.
    public let catalog: CatalogStore
    /// The directory that records the interaction each change stands for.
    public let members: MemberDirectory
    /// The checkout link pattern with `{order}`, `{course}`, `{account}`, `{amount}`, `{currency}`.
    public let checkoutTemplate: String
    /// The longest access (and code validity) in days that a grant or code may give.
    public let maximumDays: Int

    /// The default for `maximumDays`: ten years.
    public static let defaultMaximumDays = 3650

    /// Opens the service, creating its tables when needed.
    public init(
        database: Database, catalog: CatalogStore, members: MemberDirectory,
        checkoutTemplate: String = "https://pay.example.invalid/checkout?order={order}",
        maximumDays: Int = SubscriptionService.defaultMaximumDays
    )
        async throws
    {
        self.database = database
        self.catalog = catalog
        self.members = members
        self.checkoutTemplate = checkoutTemplate
        self.maximumDays = maximumDays
        try await database.migrate("subscription", SubscriptionSchema.migrations)
        try await assignMembers()
        members.register(self)
    }

    /// Gives every row written before members existed (no `member_id`) the member behind its
    /// identity. Runs at every start; does nothing once every row has a member.
    private func assignMembers() async throws {
        let identities = try await database.query(
            """
            SELECT network, account FROM subscription WHERE member_id IS NULL
            UNION SELECT network, account FROM subscription_order WHERE member_id IS NULL
            UNION SELECT network, account FROM subscription_redemption WHERE member_id IS NULL
            """
        ).map { row in
            let reader = RowReader(row, table: "subscription", key: "network", "account")
            return Identity(network: try reader.text("network"), account: try reader.text("account"))
        }
        guard !identities.isEmpty else { return }
        let members = self.members
        try await database.transaction { connection in
            for identity in identities {
                let owner = try members.member(of: identity, in: connection)
                for table in ["subscription", "subscription_order", "subscription_redemption"] {
                    try connection.execute(
                        "UPDATE \(table) SET member_id = ? WHERE network = ? AND account = ? AND member_id IS NULL",
                        [.integer(owner.id), .text(identity.network), .text(identity.account)])
                }
            }
        }
    }

    /// Subscribes to a published course: free courses start at once; paid ones get a pending
    /// order (the same one when asked again). Having unlimited or free access changes nothing;
    /// having a paid course until a date gets a renewal order whose access starts at that date.
    public func subscribe(_ member: Identity, to slug: String, at now: Date = Date()) async throws -> SubscribeOutcome {
        guard let course = try await catalog.course(slug), course.status == .published else {
            throw SubscriptionError.noSuchCourse(slug: slug.lowercased())
        }
        let template = checkoutTemplate
        return try await database.transaction { connection -> SubscribeOutcome in
            let owner = try members.member(of: member, in: connection)
            let current = try Self.activeSubscription(of: owner, to: course.slug, at: now, in: connection)
            if let current, course.price.isFree || current.endsAt == nil {
                return .alreadyActive(current)
            }
            if course.price.isFree {
                let subscription = try Self.insertSubscription(
                    member, owner: owner, course, source: .free, reference: nil, days: course.accessDays,
                    now: now, connection)
                try members.record(.subscribe, of: member, course: course.slug, at: now, in: connection)
                return .activated(subscription)
            }
            let order: Order
            if let row = try connection.first(
                """
                SELECT * FROM subscription_order
                WHERE member_id = ? AND course_slug = ? AND status = 'pending'
                    AND amount_minor = ? AND currency = ?
                """,
                [
                    .integer(owner.id), .text(course.slug),
                    .integer(Int64(course.price.amountMinor)), .text(course.price.currency),
                ])
            {
                order = try Self.order(from: row)
            } else {
                order = Order(
                    id: "O" + SecureCodes.make(groups: 1, length: 8), member: member, courseSlug: course.slug,
                    price: course.price, status: .pending, createdAt: now)
                try connection.execute(
                    """
                    INSERT INTO subscription_order (id, network, account, member_id, course_slug, amount_minor, currency,
                        status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                    """,
                    [
                        .text(order.id), .text(member.network), .text(member.account), .integer(owner.id),
                        .text(course.slug),
                        .integer(Int64(course.price.amountMinor)),
                        .text(course.price.currency), .real(now.timeIntervalSince1970),
                    ])
            }
            let url = Self.checkoutURL(template, order)
            if let current { return .renewalNeeded(order, checkoutURL: url, current: current) }
            return .paymentNeeded(order, checkoutURL: url)
        }
    }

    /// Confirms a paid order exactly once: the first call activates the subscription, later
    /// calls report it was already confirmed.
    public func confirmOrder(_ id: String, at now: Date = Date()) async throws -> OrderConfirmation {
        let catalog = self.catalog
        guard
            let row = try await database.first(
                "SELECT * FROM subscription_order WHERE id = ?", [.text(id.uppercased())])
        else {
            throw SubscriptionError.noSuchOrder(id: id.uppercased())
        }
        let order = try Self.order(from: row)
        guard let course = try await catalog.course(order.courseSlug) else {
            throw SubscriptionError.orderCourseGone(orderID: order.id, slug: order.courseSlug)
        }
        return try await database.transaction { connection -> OrderConfirmation in
            let changed = try connection.execute(
                "UPDATE subscription_order SET status = 'paid', confirmed_at = ? WHERE id = ? AND status = 'pending'",
                [.real(now.timeIntervalSince1970), .text(order.id)])
            guard changed == 1 else {
                guard
                    let settled = try connection.first(
                        "SELECT * FROM subscription_order WHERE id = ?", [.text(order.id)])
                else { throw SubscriptionError.noSuchOrder(id: order.id) }
                return .alreadyConfirmed(try Self.order(from: settled))
            }
            return .activated(try activatePaid(order, course, at: now, in: connection))
        }
    }

    /// The subscription a paid order gives (extending access the member has until a date),
    /// recorded as a subscribe interaction, inside the caller's transaction.
    func activatePaid(
        _ order: Order, _ course: Course, at now: Date, in connection: Connection
    ) throws
        -> Subscription
    {
        let owner = try members.member(of: order.member, in: connection)
        let subscription = try Self.insertSubscription(
            order.member, owner: owner, course, source: .payment, reference: order.id, days: course.accessDays,
            now: now, connection,
            extendFrom: try Self.activeSubscription(of: owner, to: course.slug, at: now, in: connection))
        try members.record(.subscribe, of: order.member, course: course.slug, at: now, in: connection)
        return subscription
    }

    /// Redeems a code: atomically checks its window and remaining uses, counts the use and
    /// starts the subscription — or, when the member has the course until a date, extends it
    /// from that date. A code is never used more often than allowed, even by two members at
    /// the same instant. Pending orders for the course are closed as no longer needed.
    public func redeem(_ typed: String, for member: Identity, at now: Date = Date()) async throws -> Redemption {
        guard let code = SecureCodes.normalize(typed) else { throw SubscriptionError.malformedCode(typed) }
        let catalog = self.catalog
        guard let row = try await database.first("SELECT * FROM subscription_code WHERE code = ?", [.text(code)]) else {
            throw SubscriptionError.noSuchCode(code)
        }
        let redeemCode = try Self.code(from: row)
        guard let course = try await catalog.course(redeemCode.courseSlug), course.status != .archived else {
            throw SubscriptionError.codeCourseWithdrawn(code: code, slug: redeemCode.courseSlug)
        }
        return try await database.transaction { connection -> Redemption in
            if redeemCode.revokedAt != nil { throw SubscriptionError.codeRevoked(code: code) }
            if now < redeemCode.validFrom {
                throw SubscriptionError.codeNotYetValid(code: code, from: redeemCode.validFrom)
            }
            if let until = redeemCode.validUntil, now >= until { throw SubscriptionError.codeExpired(code: code) }
            let owner = try members.member(of: member, in: connection)
            if try connection.first(
                "SELECT 1 AS x FROM subscription_redemption WHERE code = ? AND member_id = ?",
                [.text(code), .integer(owner.id)]) != nil
            {
                throw SubscriptionError.alreadyRedeemed(code: code)
            }
            let current = try Self.activeSubscription(of: owner, to: course.slug, at: now, in: connection)
            if let current, current.endsAt == nil {
                throw SubscriptionError.alreadyActive(slug: course.slug, until: nil)
            }
            let counted = try connection.execute(
                "UPDATE subscription_code SET uses = uses + 1 WHERE code = ? AND uses < max_uses", [.text(code)])
            guard counted == 1 else { throw SubscriptionError.codeExhausted(code: code) }
            try connection.execute(
                "INSERT INTO subscription_redemption (code, network, account, member_id, at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(code), .text(member.network), .text(member.account), .integer(owner.id),
                    .real(now.timeIntervalSince1970),
                ])
            let subscription = try Self.insertSubscription(
                member, owner: owner, course, source: .code, reference: code,
                days: redeemCode.accessDays ?? course.accessDays, now: now, connection, extendFrom: current)
            try members.record(.redeem, of: member, course: course.slug, at: now, in: connection)
            let closed = try Self.closePendingOrders(of: owner, for: course.slug, in: connection)
            return Redemption(subscription: subscription, extended: current != nil, closedOrders: closed)
        }
    }

    /// Creates `count` codes for a course; each allows `uses` redemptions within `validDays`
    /// (nil: no end) and gives `accessDays` of access (nil: the course's own period).
    public func createCodes(
        for slug: String, count: Int, accessDays: Int? = nil, uses: Int = 1, validDays: Int? = nil, by creator: String,
        at now: Date = Date()
    ) async throws -> [RedeemCode] {
        guard (1...1000).contains(count) else { throw SubscriptionError.codeCountOutOfRange(count) }
        guard (1...100_000).contains(uses) else { throw SubscriptionError.usesOutOfRange(uses) }
        try checkDays(accessDays)
        try checkDays(validDays)
        guard let course = try await catalog.course(slug) else {
            throw SubscriptionError.noSuchCourse(slug: slug.lowercased())
        }
        let until = validDays.map { now.addingTimeInterval(Double($0) * 86_400) }
        return try await database.transaction { connection -> [RedeemCode] in
            var codes: [RedeemCode] = []
            while codes.count < count {
                let code = RedeemCode(
                    code: SecureCodes.make(), courseSlug: course.slug, maximumUses: uses, uses: 0, validFrom: now,
                    validUntil: until, accessDays: accessDays)
                let inserted = try connection.execute(
                    """
                    INSERT INTO subscription_code (code, course_slug, max_uses, valid_from, valid_until, access_days,
                        created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING
                    """,
                    [
                        .text(code.code), .text(course.slug), .integer(Int64(uses)), .real(now.timeIntervalSince1970),
                        .double(until?.timeIntervalSince1970), .int(accessDays), .text(creator),
                        .real(now.timeIntervalSince1970),
                    ])
                if inserted == 1 { codes.append(code) }
            }
            return codes
        }
    }

    private func checkDays(_ days: Int?) throws(SubscriptionError) {
        if let days, !(1...maximumDays).contains(days) {
            throw SubscriptionError.daysOutOfRange(days, maximum: maximumDays)
        }
    }

    /// Gives a member access (an owner's grant), for `days` or the course's period, extending
    /// access they have until a date; their pending orders for the course are closed.
    public func grant(
        _ member: Identity, _ slug: String, days: Int? = nil, by grantor: String, at now: Date = Date()
    ) async throws -> Subscription {
        try checkDays(days)
        guard let course = try await catalog.course(slug) else {
            throw SubscriptionError.noSuchCourse(slug: slug.lowercased())
        }
        return try await database.transaction { connection -> Subscription in
            let owner = try members.member(of: member, in: connection)
            let current = try Self.activeSubscription(of: owner, to: course.slug, at: now, in: connection)
            let subscription = try Self.insertSubscription(
                member, owner: owner, course, source: .grant, reference: grantor, days: days ?? course.accessDays,
                now: now, connection, extendFrom: current)
            try members.record(.subscribe, of: member, course: course.slug, at: now, in: connection)
            _ = try Self.closePendingOrders(of: owner, for: course.slug, in: connection)
            return subscription
        }
    }

    /// Ends a member's access now (an owner's revocation, or the member's own cancellation);
    /// returns false when there was nothing active.
    @discardableResult
    public func cancel(_ member: Identity, _ slug: String, note: String, at now: Date = Date()) async throws -> Bool {
        try await database.transaction { connection -> Bool in
            let owner = try members.member(of: member, in: connection)
            let rows = try connection.query(
                """
                SELECT id FROM subscription
                WHERE member_id = ? AND course_slug = ? AND status IN ('active', 'pending')
                AND (ends_at IS NULL OR ends_at > ?)
                """,
                [.integer(owner.id), .text(slug.lowercased()), .real(now.timeIntervalSince1970)])
            for row in rows {
                let id = Int64(try RowReader(row, table: "subscription").integer("id"))
                try connection.execute(
                    "UPDATE subscription SET status = 'cancelled', ends_at = ?, updated_at = ? WHERE id = ?",
                    [.real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970), .integer(id)])
                try Self.recordEvent(.cancelled, ofSubscription: id, note: note, at: now, in: connection)
            }
            if !rows.isEmpty {
                try members.record(.cancel, of: member, course: slug.lowercased(), at: now, in: connection)
            }
            return !rows.isEmpty
        }
    }

    /// The subscriptions that give access now to the member behind `member` (from any of their
    /// identities), by course slug.
    public func activeSubscriptions(of member: Identity, at now: Date = Date()) async throws -> [Subscription] {
        let owner = try await members.member(of: member)
        return try await database.query(
            """
            SELECT * FROM subscription WHERE member_id = ? AND status = 'active'
            AND (ends_at IS NULL OR ends_at > ?) ORDER BY course_slug, id
            """,
            [.integer(owner.id), .real(now.timeIntervalSince1970)]
        ).map { try Self.subscription(from: $0) }
    }

    /// The pending orders of the member behind `member`.
    public func pendingOrders(of member: Identity) async throws -> [Order] {
        let owner = try await members.member(of: member)
        return try await database.query(
            """
            SELECT * FROM subscription_order WHERE member_id = ? AND status = 'pending'
            ORDER BY created_at
            """,
            [.integer(owner.id)]
        ).map { try Self.order(from: $0) }
    }

    /// Every status change of a member's subscriptions to a course, oldest first.
    public func history(
        of member: Identity, course slug: String
    ) async throws -> [(at: Date, status: SubscriptionStatus, note: String)] {
        let owner = try await members.member(of: member)
        return try await database.query(
            """
            SELECT e.id, e.at, e.status, e.note
            FROM subscription_event e JOIN subscription s ON s.id = e.subscription_id
            WHERE s.member_id = ? AND s.course_slug = ? ORDER BY e.at, e.id
            """, [.integer(owner.id), .text(slug.lowercased())]
        ).map { row in
            let reader = RowReader(row, table: "subscription_event")
            return (try reader.date("at"), try reader.value("status"), try reader.text("note"))
        }
    }

    /// Marks every active subscription whose end has passed as expired; returns them.
    public func expireDue(at now: Date) async throws -> [Subscription] {
        try await database.transaction { connection -> [Subscription] in
            let due = try connection.query(
                "SELECT * FROM subscription WHERE status = 'active' AND ends_at IS NOT NULL AND ends_at <= ?",
                [.real(now.timeIntervalSince1970)]
            ).map { try Self.subscription(from: $0) }
            for subscription in due {
                try connection.execute(
                    "UPDATE subscription SET status = 'expired', updated_at = ? WHERE id = ?",
                    [.real(now.timeIntervalSince1970), .integer(subscription.id)])
                try Self.recordEvent(
                    .expired, ofSubscription: subscription.id, note: "access period ended", at: now, in: connection)
            }
            return due
        }
    }

    /// Claims the active subscriptions ending within `days`, not reminded before: marks them
    /// reminded and returns them, so each member is reminded once.
    public func claimReminders(within days: Int, at now: Date) async throws -> [Subscription] {
        try await database.transaction { connection -> [Subscription] in
            let due = try connection.query(
                """
                SELECT * FROM subscription
                WHERE status = 'active' AND reminded_at IS NULL AND ends_at IS NOT NULL AND ends_at > ? AND ends_at <= ?
                """,
                [
                    .real(now.timeIntervalSince1970),
                    .real(now.addingTimeInterval(Double(days) * 86_400).timeIntervalSince1970),
                ]
            )
            .map { try Self.subscription(from: $0) }
            for subscription in due {
                try connection.execute(
                    "UPDATE subscription SET reminded_at = ? WHERE id = ?",
                    [.real(now.timeIntervalSince1970), .integer(subscription.id)])
            }
            return due
        }
    }
}
