import AgentCore
import AgentTesting
import Community
import Foundation
import Storage
import Testing

@testable import SubscriptionsPlugin

/// The Subscriptions plugin over real SQLite services, driven in-process.
struct SubscriptionsFixture {
    let directory: URL
    let database: Database
    let catalog: CatalogStore
    let subscriptions: SubscriptionService
    let members: MemberDirectory
    let bot: TestAgent

    /// Two courses of its own (a free one and a 30-day paid one); with `sampleCatalog`, the
    /// README's sample catalog instead.
    init(sampleCatalog: Bool = false, language: Language = .en) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("subs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try Database(path: directory.appendingPathComponent("s.sqlite").path)
        catalog = try await CatalogStore(database: database)
        members = try await MemberDirectory(database: database)
        subscriptions = try await SubscriptionService(
            database: database, catalog: catalog, members: members, checkoutTemplate: "https://pay.test/?o={order}")
        if sampleCatalog {
            let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
            _ = try await catalog.importCourses(try CatalogFile.parse(try Data(contentsOf: sample)).get())
        } else {
            try await catalog.save(
                Course(
                    slug: "swift-basics", title: "Swift Basics", tags: ["swift"],
                    price: Price(amountMinor: 0, currency: "CNY")))
            try await catalog.save(
                Course(
                    slug: "rust-ownership", title: "Rust 所有权", tags: ["rust"], level: .advanced,
                    price: Price(amountMinor: 29_900, currency: "CNY"), accessDays: 30))
        }
        var router = RouterSettings(rateLimit: .init(enabled: false))
        router.language = language
        var settings = Subscriptions.Settings()
        settings.language = language
        bot = try await TestAgent(
            [Subscriptions(subscriptions: subscriptions, members: members, settings: settings)],
            roles: ["boss": .owner],
            settings: router)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    var now: Date { bot.clock.now }
}

@Suite("Subscriptions plugin")
struct SubscriptionsPluginTests {
    @Test func subscribingNeedsAnAccount() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        let refusal = "You need to be identified to do that: log in with NickServ (or SASL) first, then try again."
        for command in ["!subscribe swift-basics", "!redeem AAAA-BBBB-CCCC", "!mycourses", "!unsubscribe swift-basics"]
        {
            #expect(await fixture.bot.send(command, account: nil) == [refusal], "\(command)")
        }
    }

    @Test func freeSubscriptionAndMyCourses() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        #expect(await fixture.bot.send("!mycourses") == ["You have no courses yet; see !courses."])
        #expect(
            await fixture.bot.send("!subscribe swift-basics") == [
                "You're subscribed to Swift Basics (no end date). Enjoy!"
            ])
        #expect(await fixture.bot.send("!subscribe Swift-Basics") == ["You already have Swift Basics (no end date)."])
        #expect(await fixture.bot.send("!mycourses") == ["Your courses: swift-basics (no end date)"])
    }

    @Test func aCorruptRowIsReportedWithItsTableAndIdNotShownAsSomethingElse() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        _ = await fixture.bot.send("!subscribe swift-basics")
        try await fixture.database.execute("UPDATE subscription SET status = 'active', ends_at = 'soon'")
        let replies = await fixture.bot.send("!mycourses")
        #expect(replies.count == 1)
        #expect(replies.first?.hasPrefix("Sorry, something went wrong running !mycourses") == true)
        let logged = fixture.bot.logs.entries(atLeast: .error).compactMap { $0.metadata["error"] }
        #expect(logged == ["corrupt row in subscription (id 1): ends_at is \"soon\", expected a time"])
    }

    @Test func paidSubscriptionSendsCheckoutPrivately() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        let requests = await fixture.bot.sendDetailed("!subscribe rust-ownership")
        #expect(
            requests.first
                == .reply(
                    .channel("#test", on: "test"), "Sent you the payment details for rust-ownership privately.",
                    to: "alice"))
        let privately = requests.dropFirst().compactMap {
            if case .say(let c, let t) = $0, c.isPrivate { return t } else { return nil }
        }
        #expect(privately.count == 3)
        #expect(privately[0] == "Rust 所有权 costs 299.00 CNY for 30 days of access.")
        #expect(privately[1].hasPrefix("Pay here: https://pay.test/?o=O"))
        #expect(privately[2] == "Have a code? Send me: !redeem <code>")
        let orderID = try #require(
            privately[1].split(separator: "=").last?.split(separator: " ").first.map(String.init))
        #expect(
            await fixture.bot.send("!mycourses") == [
                "Your courses: rust-ownership (awaiting payment, order \(orderID))"
            ])

        #expect(await fixture.bot.send("!confirm \(orderID)") == ["Sorry, !confirm is for owners."])
        let end = fixture.now.addingTimeInterval(30 * 86_400).formatted(.iso8601.year().month().day())
        #expect(
            await fixture.bot.send("!confirm \(orderID)", account: "boss") == [
                "Order \(orderID) confirmed: alice has rust-ownership (until \(end))."
            ])
        #expect(
            await fixture.bot.send("!confirm \(orderID)", account: "boss") == [
                "Order \(orderID) was already confirmed; nothing changed."
            ])
        #expect(await fixture.bot.send("!mycourses").first == "Your courses: rust-ownership (until \(end))")
        #expect(await fixture.bot.send("!confirm ONOPE", account: "boss") == ["There is no order \"ONOPE\"."])
    }

    @Test func codesAreSentPrivatelyAndRedeemedOnce() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        let requests = await fixture.bot.sendDetailed("!codes rust-ownership 2 7", nick: "boss", account: "boss")
        #expect(requests.first == .reply(.channel("#test", on: "test"), "Sent you 2 codes privately.", to: "boss"))
        let lines = requests.dropFirst().compactMap {
            if case .say(let c, let t) = $0, c.isPrivate, c.name == "boss" { return t } else { return nil }
        }
        #expect(lines.first == "2 codes for rust-ownership (1 use each, 7 days):")
        let code = try #require(lines.last)
        let end = fixture.now.addingTimeInterval(7 * 86_400).formatted(.iso8601.year().month().day())
        #expect(
            await fixture.bot.send("!redeem \(code.lowercased())", in: nil) == [
                "Code accepted: you have Rust 所有权 (until \(end))."
            ])
        #expect(
            await fixture.bot.send("!redeem \(code)", nick: "bob", account: "bob", in: nil) == [
                "The code \(code) has been used up."
            ])
        #expect(
            await fixture.bot.send("!redeem NOPE-NOPE-NOPE", in: nil) == ["\"NOPE-NOPE-NOPE\" is not a valid code."])
        #expect(
            await fixture.bot.send("!codes rust-ownership 51", account: "boss") == [
                "<count> must be a whole number from 1 to 50, not \"51\". Usage: !codes <course> <count> [days] [uses]"
            ])
        #expect(
            await fixture.bot.send("!codes rust-ownership many", account: "boss") == [
                "<count> must be a whole number from 1 to 50, not \"many\". Usage: !codes <course> <count> [days] [uses]"
            ])
    }

    @Test func unsubscribeAsksToConfirm() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        _ = await fixture.bot.send("!subscribe swift-basics")
        #expect(
            await fixture.bot.send("!unsubscribe swift-basics") == [
                "This ends your access to swift-basics now (otherwise no end date). To confirm: !unsubscribe swift-basics confirm"
            ])
        #expect(
            await fixture.bot.send("!unsubscribe swift-basics yes") == [
                "[confirm] must be the word confirm, not \"yes\". Usage: !unsubscribe <course> [confirm]"
            ])
        #expect(
            await fixture.bot.send("!unsubscribe swift-basics confirm") == [
                "Done: your subscription to swift-basics has ended."
            ])
        #expect(
            await fixture.bot.send("!unsubscribe swift-basics confirm") == [
                "You have no active subscription to swift-basics; see !mycourses."
            ])
    }

    @Test func grantAndRevokeAreForOwners() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        #expect(await fixture.bot.send("!grant carol rust-ownership 10") == ["Sorry, !grant is for owners."])
        let end = fixture.now.addingTimeInterval(10 * 86_400).formatted(.iso8601.year().month().day())
        #expect(
            await fixture.bot.send("!grant Carol rust-ownership 10", account: "boss") == [
                "Carol now has rust-ownership (until \(end))."
            ])
        // Carol's next line also brings her the notice of the grant, privately, before the reply.
        #expect(
            await fixture.bot.send("!mycourses", nick: "carol", account: "carol") == [
                "Your courses: rust-ownership (until \(end))",
                "You have been given Rust 所有权 (until \(end)). See !mycourses.",
            ])
        #expect(
            await fixture.bot.send("!revoke carol rust-ownership", account: "boss") == [
                "carol no longer has rust-ownership."
            ])
        #expect(
            await fixture.bot.send("!revoke carol rust-ownership", account: "boss") == [
                "carol had no active subscription to rust-ownership."
            ])
        #expect(
            await fixture.bot.send("!grant carol nope", account: "boss") == [
                "There is no course \"nope\". See !courses."
            ])
        #expect(
            await fixture.bot.send("!grant carol", account: "boss") == [
                "Missing <course>. Usage: !grant <account> <course> [days]"
            ])
        #expect(
            await fixture.bot.send("!grant carol rust-ownership 0", account: "boss") == [
                "[days] must be a whole number from 1 to 3650, not \"0\". Usage: !grant <account> <course> [days]"
            ])
    }

    @Test func unknownSlugSuggests() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        #expect(
            await fixture.bot.send("!subscribe swift-basic") == [
                "There is no course \"swift-basic\". Did you mean swift-basics?"
            ])
    }

    @Test func reminderOnceThenExpiryInVirtualTime() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        _ = await fixture.bot.send("!grant alice rust-ownership 10", account: "boss")
        // Alice is seen (the listener remembers her nick), then time passes.
        _ = await fixture.bot.send("hello all", nick: "Alice_", account: "alice")
        _ = fixture.bot.outlet.take()
        fixture.bot.clock.advance(by: 6 * 86_400)
        try await fixture.bot.scheduler.runDue()
        #expect(fixture.bot.outlet.take().isEmpty)
        fixture.bot.clock.advance(by: 1.5 * 86_400)
        try await fixture.bot.scheduler.runDue()
        let reminders = fixture.bot.outlet.take()
        let end = fixture.now.addingTimeInterval(2.5 * 86_400).formatted(.iso8601.year().month().day())
        #expect(
            reminders == [
                .say(
                    .privateChat(with: "Alice_", on: "test"),
                    "Your access to Rust 所有权 ends on \(end). To renew, send me !subscribe rust-ownership (a new order; access continues from \(end)) or !redeem <code>."
                )
            ])
        fixture.bot.clock.advance(by: 1 * 86_400)
        try await fixture.bot.scheduler.runDue()
        #expect(fixture.bot.outlet.take().isEmpty)
        fixture.bot.clock.advance(by: 2 * 86_400)
        try await fixture.bot.scheduler.runDue()
        #expect(await fixture.bot.send("!mycourses") == ["You have no courses yet; see !courses."])
        let history = try await fixture.subscriptions.history(
            of: Identity(network: "test", account: "alice"), course: "rust-ownership")
        #expect(history.map(\.status) == [.active, .expired])
    }

    @Test func aPayingMemberRenewsBeforeTheEndByOrderOrCode() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        let day: (Double) -> String = { days in
            fixture.now.addingTimeInterval(days * 86_400).formatted(.iso8601.year().month().day())
        }
        _ = await fixture.bot.send("!grant alice rust-ownership 10", account: "boss")
        let renewal = await fixture.bot.sendDetailed("!subscribe rust-ownership")
        #expect(
            renewal.first
                == .reply(
                    .channel("#test", on: "test"), "Sent you the renewal details for rust-ownership privately.",
                    to: "alice"))
        let lines = renewal.dropFirst().compactMap { request -> String? in
            if case .say(let conversation, let text) = request, conversation.isPrivate { return text }
            return nil
        }
        #expect(
            lines.first
                == "You have Rust 所有权 until \(day(10)). Renewing costs 299.00 CNY for 30 more days, counted from \(day(10))."
        )
        let order = try #require(
            try await fixture.subscriptions.pendingOrders(of: Identity(network: "test", account: "alice")).first)
        _ = await fixture.bot.send("!confirm \(order.id)", nick: "boss", account: "boss")
        #expect(await fixture.bot.send("!mycourses").first == "Your courses: rust-ownership (until \(day(40)))")

        let codes = try await fixture.subscriptions.createCodes(
            for: "rust-ownership", count: 1, accessDays: 5, by: "boss", at: fixture.now)
        #expect(
            await fixture.bot.send("!redeem \(codes[0].code)", in: nil) == [
                "Code accepted: your access to Rust 所有权 now runs until \(day(45))."
            ])
        #expect(await fixture.bot.send("!mycourses") == ["Your courses: rust-ownership (until \(day(45)))"])
    }

    @Test func aCodeClosesThePendingOrderItMakesUnnecessary() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        _ = await fixture.bot.send("!subscribe rust-ownership")
        let order = try #require(
            try await fixture.subscriptions.pendingOrders(of: Identity(network: "test", account: "alice")).first)
        let codes = try await fixture.subscriptions.createCodes(
            for: "rust-ownership", count: 1, by: "boss", at: fixture.now)
        let end = fixture.now.addingTimeInterval(30 * 86_400).formatted(.iso8601.year().month().day())
        #expect(
            await fixture.bot.send("!redeem \(codes[0].code)", in: nil) == [
                "Code accepted: you have Rust 所有权 (until \(end)). Your pending order \(order.id) is no longer needed and closed."
            ])
        #expect(await fixture.bot.send("!mycourses") == ["Your courses: rust-ownership (until \(end))"])
        #expect(
            await fixture.bot.send("!confirm \(order.id)", account: "boss") == [
                "Order \(order.id) was already cancelled; nothing changed."
            ])
    }

    @Test func remindersQuoteTheNetworksPrefixAndTheCommunitysDay() {
        let member = Identity(network: "libera", account: "alice")
        let end = Date(timeIntervalSince1970: 1_767_654_000)  // 2026-01-05 23:00 UTC
        let subscription = Subscription(
            id: 1, member: member, courseSlug: "rust-ownership", status: .active, source: .payment, startsAt: nil,
            endsAt: end, reference: nil)
        let paid = Course(
            slug: "rust-ownership", title: "Rust 所有权", price: Price(amountMinor: 100, currency: "CNY"),
            status: .published)
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        #expect(
            Subscriptions.reminder(subscription, course: paid, ends: end, prefix: "?", timeZone: shanghai)
                == "Your access to Rust 所有权 ends on 2026-01-06. To renew, send me ?subscribe rust-ownership (a new order; access continues from 2026-01-06) or ?redeem <code>."
        )
        var free = paid
        free.price = Price(amountMinor: 0, currency: "CNY")
        #expect(
            Subscriptions.reminder(subscription, course: free, ends: end, prefix: "!", timeZone: .gmt)
                == "Your access to Rust 所有权 ends on 2026-01-05. After that, !subscribe rust-ownership starts it again.")
        var archived = paid
        archived.status = .archived
        #expect(
            Subscriptions.reminder(subscription, course: archived, ends: end, prefix: "!", timeZone: .gmt)
                .hasSuffix("The course is no longer offered, so it cannot be renewed."))
    }

    @Test func membersAreToldWhenAccessIsGrantedOrAPaymentConfirmed() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        let end = fixture.now.addingTimeInterval(30 * 86_400).formatted(.iso8601.year().month().day())
        // Alice has never been seen: the notice waits until she speaks.
        let granted = await fixture.bot.sendDetailed("!grant alice rust-ownership 30", nick: "boss", account: "boss")
        #expect(granted.count == 1)
        let seen = await fixture.bot.sendDetailed("hello", nick: "Alice_", account: "alice")
        #expect(
            seen == [
                .say(
                    .privateChat(with: "Alice_", on: "test"),
                    "You have been given Rust 所有权 (until \(end)). See !mycourses.")
            ])
        #expect(await fixture.bot.sendDetailed("hello again", nick: "Alice_", account: "alice").isEmpty)

        // Bob was seen and the network vouches for his nick: he is told at once.
        _ = await fixture.bot.send("hi", nick: "bobby", account: "bob")
        fixture.bot.outlet.knownNicks = ["bobby": .identified(account: "bob")]
        _ = await fixture.bot.send("!subscribe rust-ownership", nick: "bobby", account: "bob")
        let order = try #require(
            try await fixture.subscriptions.pendingOrders(of: Identity(network: "test", account: "bob")).first)
        let confirmed = await fixture.bot.sendDetailed("!confirm \(order.id)", nick: "boss", account: "boss")
        #expect(
            confirmed.contains(
                .say(
                    .privateChat(with: "bobby", on: "test"),
                    "Your payment for Rust 所有权 (order \(order.id)) is confirmed: you have it until \(end). See !mycourses."
                )))
    }

    @Test func ownersSeeOrdersSubscribersAndCodesPrivately() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        let today = fixture.now.formatted(.iso8601.year().month().day())
        #expect(await fixture.bot.send("!orders", nick: "boss", account: "boss") == ["No pending orders."])
        _ = await fixture.bot.send("!subscribe rust-ownership")
        let order = try #require(
            try await fixture.subscriptions.pendingOrders(of: Identity(network: "test", account: "alice")).first)
        let pending = await fixture.bot.sendDetailed("!orders", nick: "boss", account: "boss")
        #expect(pending.first == .reply(.channel("#test", on: "test"), "Sent you the details privately.", to: "boss"))
        #expect(
            pending.dropFirst() == [
                .say(.privateChat(with: "boss", on: "test"), "1 pending order:"),
                .say(
                    .privateChat(with: "boss", on: "test"),
                    "\(order.id)  alice@test  rust-ownership  299.00 CNY  \(today)"),
            ])
        _ = await fixture.bot.send("!confirm \(order.id)", nick: "boss", account: "boss")
        #expect(
            await fixture.bot.send("!orders paid", nick: "boss", account: "boss", in: nil).first
                == "1 paid order (revenue: 299.00 CNY):")
        _ = await fixture.bot.send("!subscribe swift-basics", nick: "bob", account: "bob")
        #expect(
            await fixture.bot.send("!subscribers", nick: "boss", account: "boss", in: nil) == [
                "Active subscriptions: rust-ownership 1, swift-basics 1."
            ])
        let end = fixture.now.addingTimeInterval(30 * 86_400).formatted(.iso8601.year().month().day())
        #expect(
            await fixture.bot.send("!subscribers rust-ownership", nick: "boss", account: "boss", in: nil) == [
                "1 member has rust-ownership:", "alice@test  until \(end)  (payment \(order.id))",
            ])
        #expect(
            await fixture.bot.send("!subscribers", nick: "carol", account: "carol") == [
                "Sorry, !subscribers is for owners."
            ])

        let codes = try await fixture.subscriptions.createCodes(
            for: "swift-basics", count: 2, by: "boss", at: fixture.now)
        #expect(
            await fixture.bot.send("!codes revoke \(codes[0].code.lowercased())", nick: "boss", account: "boss") == [
                "Code \(codes[0].code) withdrawn: it can no longer be redeemed (0 of 1 use taken; access already given stays)."
            ])
        #expect(
            await fixture.bot.send("!redeem \(codes[0].code)", nick: "dave", account: "dave", in: nil) == [
                "The code \(codes[0].code) has been withdrawn."
            ])
        let listed = await fixture.bot.send("!codes list swift-basics", nick: "boss", account: "boss", in: nil)
        #expect(listed.first == "2 codes for swift-basics:")
        #expect(listed.contains("\(codes[0].code)  0/1 used, withdrawn"))
        #expect(listed.contains("\(codes[1].code)  0/1 used"))
    }

    @Test func repliesShowDaysInTheCommunitysTimeZone() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.timeZone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let clock = ManualClock()
        clock.advance(by: 11 * 3600)  // 2026-01-05 20:00 UTC is already the 6th in Shanghai
        let bot = try await TestAgent(
            [Subscriptions(subscriptions: fixture.subscriptions, members: fixture.members)], roles: ["boss": .owner],
            settings: settings, clock: clock)
        #expect(
            await bot.send("!grant alice rust-ownership 10", nick: "boss", account: "boss") == [
                "alice now has rust-ownership (until 2026-01-16)."
            ])
        #expect(await bot.send("!mycourses").first == "Your courses: rust-ownership (until 2026-01-16)")
    }

    @Test func daysAreBoundedEverywhere() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        let grant = await fixture.bot.send("!grant alice rust-ownership 99999999", account: "boss")
        #expect(grant.count == 1, "\(grant)")
        #expect(
            grant == [
                "[days] must be a whole number from 1 to 3650, not \"99999999\". Usage: !grant <account> <course> [days]"
            ])
        let alice = Identity(network: "test", account: "alice")
        await #expect(throws: SubscriptionError.daysOutOfRange(99_999_999, maximum: 3650)) {
            try await fixture.subscriptions.grant(alice, "rust-ownership", days: 99_999_999, by: "boss")
        }
        await #expect(throws: SubscriptionError.daysOutOfRange(4000, maximum: 3650)) {
            try await fixture.subscriptions.createCodes(for: "rust-ownership", count: 1, validDays: 4000, by: "boss")
        }
        let catalog = #"{ courses: [ { slug: "long-one", title: "Long", access_days: 99999 } ] }"#
        guard case .failure(let problems) = CatalogFile.parse(Data(catalog.utf8)) else {
            Issue.record("a 99999-day course was accepted")
            return
        }
        #expect(
            problems.problems.map(\.description) == [
                "courses[0].access_days: must be from 1 to 3650, or left out for unlimited access"
            ])
    }

    @Test func remindersFollowTheMembersProfile() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        let alice = Identity(network: "test", account: "alice")
        let bob = Identity(network: "test", account: "bob")
        _ = await fixture.bot.send("!grant alice rust-ownership 10", nick: "boss", account: "boss")
        _ = await fixture.bot.send("!grant bob rust-ownership 10", nick: "boss", account: "boss")
        _ = await fixture.bot.send("hi", nick: "alice", account: "alice")
        _ = await fixture.bot.send("hi", nick: "bob", account: "bob")
        try await fixture.members.updateProfile(of: alice) { $0.reminders = false }
        try await fixture.members.updateProfile(of: bob) { $0.timeZone = TimeZone(identifier: "Pacific/Pago_Pago") }
        fixture.bot.clock.advance(by: 8 * 86_400)
        try await fixture.bot.scheduler.runDue()
        let sent = fixture.bot.outlet.take()
        let end = "2026-01-14"  // 2026-01-15 09:00 UTC is still the 14th in Pago Pago (UTC-11)
        #expect(
            sent == [
                .say(
                    .privateChat(with: "bob", on: "test"),
                    "Your access to Rust 所有权 ends on \(end). To renew, send me !subscribe rust-ownership (a new order; access continues from \(end)) or !redeem <code>."
                )
            ])
    }

    @Test func aChineseCommunityIsAnsweredInChinese() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        var settings = RouterSettings(rateLimit: .init(enabled: false))
        settings.language = .zh
        settings.timeZone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        var plugin = Subscriptions.Settings()
        plugin.language = .zh
        let bot = try await TestAgent(
            [Subscriptions(subscriptions: fixture.subscriptions, members: fixture.members, settings: plugin)],
            roles: ["boss": .owner], settings: settings)
        #expect(await bot.send("!subscribe swift-basics") == ["已订阅《Swift Basics》（长期有效），学习愉快！"])
        let paid = await bot.send("!subscribe rust-ownership")
        #expect(paid.first == "已私聊发给你 rust-ownership 的付款方式。")
        #expect(paid.dropFirst().first == "《Rust 所有权》的价格是 299.00 CNY（30 天有效期）。")
        let order = try #require(
            try await fixture.subscriptions.pendingOrders(of: Identity(network: "test", account: "alice")).first)
        #expect(
            await bot.send("!mycourses") == [
                "你的课程：swift-basics（长期有效）、rust-ownership（待付款，订单号 \(order.id)）"
            ])
        let confirmed = await bot.send("!confirm \(order.id)", nick: "boss", account: "boss")
        #expect(confirmed == ["订单 \(order.id) 已确认：alice 已开通 rust-ownership（有效期至 2026年2月4日）。"])
        let bad = await bot.send("!redeem NOPE-NOPE-NOPE", in: nil)
        // Alice's next line also brings the notice of the confirmed payment, in Chinese.
        #expect(
            bad == [
                "“NOPE-NOPE-NOPE”不是有效的兑换码。",
                "你购买《Rust 所有权》的付款（订单号 \(order.id)）已确认，有效期至 2026年2月4日。发送 !mycourses 查看。",
            ])
        #expect(
            await bot.send("!orders paid", nick: "boss", account: "boss", in: nil).first == "已付款订单 1 个（收入：299.00 CNY）：")
        #expect(Subscriptions.messages.problems() == [])
        let end = Date(timeIntervalSince1970: 1_767_654_000)
        let subscription = Subscription(
            id: 1, member: Identity(network: "test", account: "alice"), courseSlug: "rust-ownership", status: .active,
            source: .payment, startsAt: nil, endsAt: end, reference: nil)
        let course = try #require(try await fixture.catalog.course("rust-ownership"))
        #expect(
            Subscriptions.reminder(
                subscription, course: course, ends: end, prefix: "!", timeZone: settings.timeZone, language: .zh)
                == "你的《Rust 所有权》将于 2026年1月6日到期。续费请私聊发送 !subscribe rust-ownership（会生成新订单，从 2026年1月6日起接续），或使用 !redeem <兑换码>。"
        )
    }

    @Test func everyExampleIsAnsweredInChineseInAChineseCommunity() async throws {
        let fixture = try await exampleWorld(language: .zh)
        defer { fixture.cleanUp() }
        let untranslated = await fixture.bot.untranslatedReplies()
        #expect(untranslated.isEmpty, "\(untranslated)")
    }

    @Test func everyCommandSaysWhatItDoesInBothLanguages() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        #expect(fixture.bot.missingTranslations() == [])
    }

    @Test func everyCommandHasHelp() async throws {
        let fixture = try await SubscriptionsFixture()
        defer { fixture.cleanUp() }
        for name in ["subscribe", "redeem", "unsubscribe", "mycourses", "grant", "revoke", "codes", "confirm"] {
            let help = await fixture.bot.send("!help \(name)")
            #expect(help.first?.contains("Example: !\(name)") == true, "\(name): \(help)")
        }
        let grant = await fixture.bot.send("!help grant")
        #expect(grant.first?.hasSuffix("[owners only]") == true)
    }

    @Test func examplesHoldInTheWorldTheyDescribe() async throws {
        let world = try await exampleWorld()
        defer { world.cleanUp() }
        let failures = await world.bot.exampleFailures()
        #expect(failures == [])
    }
}

/// The world the Subscriptions examples describe: the sample catalog, the code
/// K7QX-M2PD-ZR9T for swift-concurrency, and bob's pending order OAB12CD34 for rust-ownership.
func exampleWorld(language: Language = .en) async throws -> SubscriptionsFixture {
    let fixture = try await SubscriptionsFixture(sampleCatalog: true, language: language)
    let now = fixture.now.timeIntervalSince1970
    try await fixture.database.execute(
        """
        INSERT INTO subscription_code (code, course_slug, max_uses, valid_from, valid_until, access_days,
                                       created_by, created_at)
        VALUES ('K7QX-M2PD-ZR9T', 'swift-concurrency', 1, ?, NULL, NULL, 'owner', ?)
        """, [.real(now), .real(now)])
    try await fixture.database.execute(
        """
        INSERT INTO subscription_order (id, network, account, course_slug, amount_minor, currency, status, created_at)
        VALUES ('OAB12CD34', 'test', 'bob', 'rust-ownership', 29900, 'CNY', 'pending', ?)
        """, [.real(now)])
    return fixture
}
