import Community
import Foundation
import Storage
import Testing

@Suite("Subscriptions")
struct SubscriptionTests {
    let alice = Identity(network: "libera", account: "Alice")
    let now = CommunityFixture.start

    @Test func freeCourseActivatesAtOnceAndOnlyOnce() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        guard
            case .activated(let subscription) = try await fixture.subscriptions.subscribe(
                alice, to: "swift-basics", at: now)
        else {
            Issue.record("expected activation")
            return
        }
        #expect(subscription.endsAt == nil)
        #expect(subscription.source == .free)
        guard case .alreadyActive = try await fixture.subscriptions.subscribe(alice, to: "SWIFT-BASICS", at: now) else {
            Issue.record("expected no-op")
            return
        }
        #expect(try await fixture.subscriptions.activeSubscriptions(of: alice, at: now).count == 1)
        let kinds = try await fixture.members.interactions(of: alice).map(\.kind)
        #expect(kinds == [.subscribe])
    }

    @Test func paidCourseCreatesOnePendingOrderWithACheckoutLink() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        guard
            case .paymentNeeded(let order, let url) = try await fixture.subscriptions.subscribe(
                alice, to: "swift-concurrency", at: now)
        else {
            Issue.record("expected payment")
            return
        }
        #expect(order.price == Price(amountMinor: 19_900, currency: "CNY"))
        #expect(url == "https://pay.test/c?o=\(order.id)&c=swift-concurrency&a=alice&m=199.00")
        guard
            case .paymentNeeded(let again, _) = try await fixture.subscriptions.subscribe(
                alice, to: "swift-concurrency", at: now)
        else { return }
        #expect(again.id == order.id)
        #expect(try await fixture.subscriptions.activeSubscriptions(of: alice, at: now).isEmpty)
    }

    @Test func confirmingAnOrderActivatesExactlyOnce() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        guard
            case .paymentNeeded(let order, _) = try await fixture.subscriptions.subscribe(
                alice, to: "swift-concurrency", at: now)
        else { return }
        let results = try await withThrowingTaskGroup(of: OrderConfirmation.self) { group in
            for _ in 0..<10 { group.addTask { try await fixture.subscriptions.confirmOrder(order.id, at: now) } }
            return try await group.reduce(into: [OrderConfirmation]()) { $0.append($1) }
        }
        let activations = results.filter { if case .activated = $0 { return true } else { return false } }
        #expect(activations.count == 1)
        let active = try await fixture.subscriptions.activeSubscriptions(of: alice, at: now)
        #expect(active.count == 1)
        #expect(active.first?.endsAt == now.addingTimeInterval(365 * 86_400))
        await #expect(throws: SubscriptionError.noSuchOrder(id: "ONOPE")) {
            try await fixture.subscriptions.confirmOrder("onope", at: now)
        }
    }

    @Test func codeCannotBeUsedMoreThanAllowedEvenConcurrently() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let codes = try await fixture.subscriptions.createCodes(
            for: "rust-ownership", count: 1, uses: 3, by: "owner", at: now)
        let code = try #require(codes.first).code
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let member = Identity(network: "libera", account: "member\(index)")
                    return (try? await fixture.subscriptions.redeem(code.lowercased(), for: member, at: now)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 3)
        let row = try await fixture.database.first("SELECT uses FROM subscription_code WHERE code = ?", [.text(code)])
        #expect(row?.int("uses") == 3)
    }

    @Test func redeemRules() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let code = try #require(
            try await fixture.subscriptions.createCodes(
                for: "rust-ownership", count: 1, accessDays: 7, uses: 5, validDays: 10,
                by: "owner", at: now
            ).first
        ).code
        #expect(code.count == 14)
        #expect(!code.contains { "01IO".contains($0) })
        let subscription = try await fixture.subscriptions.redeem(code, for: alice, at: now)
        #expect(subscription.subscription.endsAt == now.addingTimeInterval(7 * 86_400))
        await #expect(throws: SubscriptionError.alreadyRedeemed(code: code)) {
            try await fixture.subscriptions.redeem(code, for: alice, at: now)
        }
        let bob = Identity(network: "libera", account: "bob")
        await #expect(throws: SubscriptionError.codeExpired(code: code)) {
            try await fixture.subscriptions.redeem(code, for: bob, at: now.addingTimeInterval(11 * 86_400))
        }
        await #expect(throws: SubscriptionError.noSuchCode("AAAA-BBBB-CCCC")) {
            try await fixture.subscriptions.redeem("aaaa-bbbb-cccc", for: bob, at: now)
        }
        await #expect(throws: SubscriptionError.malformedCode("hello!")) {
            try await fixture.subscriptions.redeem("hello!", for: bob, at: now)
        }
    }

    @Test func expiryAndRemindersInVirtualTime() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        _ = try await fixture.subscriptions.grant(alice, "rust-ownership", days: 10, by: "owner", at: now)
        #expect(
            try await fixture.subscriptions.claimReminders(within: 3, at: now.addingTimeInterval(6 * 86_400)).isEmpty)
        let reminders = try await fixture.subscriptions.claimReminders(
            within: 3, at: now.addingTimeInterval(7.5 * 86_400))
        #expect(reminders.map(\.courseSlug) == ["rust-ownership"])
        #expect(
            try await fixture.subscriptions.claimReminders(within: 3, at: now.addingTimeInterval(8 * 86_400)).isEmpty)
        #expect(try await fixture.subscriptions.expireDue(at: now.addingTimeInterval(9.9 * 86_400)).isEmpty)
        let expired = try await fixture.subscriptions.expireDue(at: now.addingTimeInterval(10 * 86_400))
        #expect(expired.count == 1)
        #expect(
            try await fixture.subscriptions.activeSubscriptions(of: alice, at: now.addingTimeInterval(10 * 86_400))
                .isEmpty)
        let history = try await fixture.subscriptions.history(of: alice, course: "rust-ownership").map(\.status)
        #expect(history == [.active, .expired])
    }

    @Test func grantExtendsAndCancelEnds() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        _ = try await fixture.subscriptions.grant(alice, "rust-ownership", days: 10, by: "owner", at: now)
        let second = try await fixture.subscriptions.grant(alice, "rust-ownership", days: 5, by: "owner", at: now)
        #expect(second.startsAt == now.addingTimeInterval(10 * 86_400))
        #expect(second.endsAt == now.addingTimeInterval(15 * 86_400))
        #expect(try await fixture.subscriptions.cancel(alice, "rust-ownership", note: "revoked by owner", at: now))
        #expect(try await fixture.subscriptions.activeSubscriptions(of: alice, at: now).isEmpty)
        #expect(try await !fixture.subscriptions.cancel(alice, "rust-ownership", note: "again", at: now))
        await #expect(throws: SubscriptionError.noSuchCourse(slug: "nope")) {
            try await fixture.subscriptions.grant(alice, "Nope", by: "owner", at: now)
        }
    }

    @Test func membersLastNickIsRemembered() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        try await fixture.members.saw(alice, as: "alice_", at: now)
        try await fixture.members.saw(alice, as: "Alice", at: now)
        #expect(try await fixture.members.lastNick(of: alice) == "Alice")
    }
}
