import Community
import Foundation
import Storage
import Testing

/// `!mydata` and `!forgetme` underneath: everything about a member comes out, and after
/// forgetting, no table names them except under a pseudonym where the ledger or safety needs it.
@Suite struct MemberDataRightsTests {
    struct World {
        let fixture: CommunityFixture
        let engagement: EngagementService
        let recommendations: RecommendationService
        let events: EventService
        let moderation: ModerationService
        var database: Database { fixture.database }
        var members: MemberDirectory { fixture.members }
    }

    static let zoe = Identity(network: "libera", account: "zoe-forgets")
    static let zoeOther = Identity(network: "oftc", account: "zoe-elsewhere")
    static let keeper = Identity(network: "libera", account: "keeper")
    static let now = CommunityFixture.start

    /// Zoe (two linked identities) and Keeper, with something in every table about people.
    static func world() async throws -> World {
        let fixture = try await CommunityFixture()
        let database = fixture.database
        let members = fixture.members
        let world = World(
            fixture: fixture, engagement: try await EngagementService(database: database, members: members),
            recommendations: try await RecommendationService(
                database: database, catalog: fixture.catalog, members: members),
            events: try await EventService(database: database, members: members),
            moderation: try await ModerationService(database: database, members: members))
        let code = try await members.linkCode(for: zoe, at: now)
        _ = try await members.link(code, from: zoeOther, at: now)
        try await members.updateProfile(of: zoe) { $0.language = "zh" }
        for person in [zoe, keeper] {
            try await members.saw(person, as: person == zoe ? "zoenick" : "keepnick", at: now)
            try await members.record(.message, of: person, at: now)
            _ = try await fixture.subscriptions.subscribe(person, to: "swift-basics", at: now)
            _ = try await fixture.subscriptions.subscribe(person, to: "swift-concurrency", at: now)
            _ = try await members.queueNotice("hello \(person.account)", for: person, at: now)
            try await world.recommendations.hide("rust-ownership", for: person, at: now)
        }
        let order = try #require(try await fixture.subscriptions.pendingOrders(of: zoe).first)
        _ = try await fixture.subscriptions.confirmPayment(
            event: "evt_zoe", order: order.id, amountMinor: 19_900, currency: "CNY", at: now)
        _ = try await fixture.subscriptions.grant(keeper, "rust-ownership", by: "zoe-forgets", at: now)
        let codes = try await fixture.subscriptions.createCodes(
            for: "rust-ownership", count: 1, accessDays: 5, uses: 2, validDays: nil, by: "zoe-forgets", at: now)
        _ = try await fixture.subscriptions.redeem(codes[0].code, for: zoeOther, at: now)
        try await world.engagement.thank(zoe, from: keeper, reason: "great answer", at: now)
        let zoeMember = try await members.member(of: zoe)
        try await world.engagement.recordNudge(zoeMember, to: zoe, .sent, text: "come back, zoe", at: now)
        let course = try #require(try await fixture.catalog.course("rust-ownership"))
        try await world.recommendations.recordImpressions(
            [Recommendation(course: course, reason: .popular)], for: zoe, at: now)
        var draft = EventDraft(
            title: "Zoe's talk", start: now.addingTimeInterval(86_400), network: "libera", channels: ["#c"])
        draft.host = zoe
        let event = try await world.events.create(draft, at: now)
        _ = try await world.events.rsvp(event.id, by: zoe, answer: .yes, at: now)
        _ = try await world.events.rsvp(event.id, by: keeper, answer: .yes, at: now)
        _ = try await world.events.createAnnouncement(
            network: "libera", channel: "#c", rule: nil, once: now.addingTimeInterval(3_600), text: "hi all",
            by: "zoe-forgets", at: now)
        let against = try await world.moderation.open(
            .init(
                .warn, network: "libera", channel: "#c", targetNick: "zoenick", targetAccount: "zoe-forgets",
                targetHost: "zoe@host.example", actor: "keeper", reason: "zoenick spammed links"), at: now)
        _ = try await world.moderation.appeal(against.id, by: zoe, text: "it was not spam", at: now)
        _ = try await world.moderation.open(
            .init(
                .warn, network: "libera", channel: "#c", targetNick: "keepnick", targetAccount: "keeper",
                targetHost: nil, actor: "zoe-forgets", reason: "flood"), at: now)
        return world
    }

    @Test func theExportHoldsEverySection() async throws {
        let world = try await Self.world()
        defer { world.fixture.cleanUp() }
        let export = try #require(try await world.members.exportData(of: Self.zoeOther, at: Self.now))
        #expect(export.identities.count == 2)
        for section in [
            "profile", "interactions", "last_seen", "notices", "subscriptions", "subscription_history", "orders",
            "payments", "code_redemptions", "nudges", "thanks", "recommendations_shown",
            "courses_marked_not_interesting", "event_answers", "events_hosted", "moderation_cases_about_you",
            "moderation_appeals",
        ] {
            #expect(export.sections[section]?.isEmpty == false, "section \(section) is empty")
        }
        let json = String(decoding: try JSONEncoder().encode(export), as: UTF8.self)
        #expect(json.contains("zoe-forgets") && json.contains("zoe-elsewhere") && !json.contains("\"keeper\""))
        #expect(try await world.members.exportData(of: Identity(network: "libera", account: "nobody")) == nil)
    }

    @Test func afterForgettingNoTableNamesTheMember() async throws {
        let world = try await Self.world()
        defer { world.fixture.cleanUp() }
        let zoeID = try await world.members.member(of: Self.zoe).id
        let keeperBefore = try await world.members.exportData(of: Self.keeper, at: Self.now)

        let report = try #require(try await world.members.forget(Self.zoe, at: Self.now))
        #expect(report.kept.contains { $0.why == .ledger && $0.rows == 1 })  // the paid order
        #expect(report.kept.contains { $0.why == .safety && $0.rows == 2 })  // the case about her and her appeal

        let names = ["zoe-forgets", "zoe-elsewhere", "zoenick", "zoe@host"]
        let tables = try await world.database.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).compactMap { $0.string("name") }
        #expect(tables.count >= 25)
        for table in tables {
            for row in try await world.database.query("SELECT * FROM \(table)") {
                for (column, value) in zip(row.columns, row.values) {
                    if case .text(let text) = value {
                        for name in names {
                            #expect(!text.contains(name), "\(table).\(column) still names the member: \(text)")
                        }
                    }
                    if column == "member_id" || column.hasSuffix("_member"), case .integer(let id) = value {
                        #expect(id != zoeID, "\(table).\(column) still points at the member")
                    }
                }
            }
        }
        // What was kept is there, under the pseudonym.
        let orders = try await world.database.query(
            "SELECT * FROM subscription_order WHERE account = ?", [.text(report.pseudonym)])
        #expect(orders.count == 1)
        let cases = try await world.moderation.cases(network: "libera", account: report.pseudonym, nick: nil)
        #expect(cases.count == 1 && cases[0].reason == "\(report.pseudonym) spammed links")
        // The other member lost nothing but the thanks Zoe received from them.
        let keeperAfter = try await world.members.exportData(of: Self.keeper, at: Self.now)
        for section in ["subscriptions", "orders", "notices", "event_answers", "moderation_cases_about_you"] {
            #expect(keeperAfter?.sections[section]?.count == keeperBefore?.sections[section]?.count, "\(section)")
        }
        // Coming back later starts afresh, as a new member.
        #expect(try await world.members.knownMember(of: Self.zoe) == nil)
        #expect(try await world.members.member(of: Self.zoe).id != zoeID)
        #expect(try await world.members.forget(Identity(network: "libera", account: "nobody")) == nil)
    }

    @Test func aDataLinkWorksOnceWithinAnHour() async throws {
        let world = try await Self.world()
        defer { world.fixture.cleanUp() }
        let token = try await world.members.makeDataLink(for: Self.zoe, at: Self.now)
        #expect(token.count == 32)
        let stored = try await world.database.query("SELECT token_hash FROM member_data_link")
        #expect(stored.first?.string("token_hash") == Digest.sha256Hex(token))
        #expect(try await world.members.useDataLink(token, at: Self.now.addingTimeInterval(60)) != nil)
        #expect(try await world.members.useDataLink(token, at: Self.now.addingTimeInterval(61)) == nil)
        let late = try await world.members.makeDataLink(for: Self.zoe, at: Self.now)
        #expect(try await world.members.useDataLink(late, at: Self.now.addingTimeInterval(3_601)) == nil)
        #expect(try await world.members.useDataLink("not-a-token", at: Self.now) == nil)
    }
}
