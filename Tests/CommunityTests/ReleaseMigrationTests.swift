import Community
import Foundation
import Storage
import Testing

/// A database written by the release of 2026-11-27 (before members existed), opened by today's
/// services: every row is still there and now follows its member.
@Suite("Migrating a released database")
struct ReleaseMigrationTests {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/release-2026-11-27.sqlite")

    /// A copy of the fixture, so the committed file is never changed.
    func openCopy() throws -> (Database, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("release-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent("agent.sqlite")
        try FileManager.default.copyItem(at: fixture, to: copy)
        return (try Database(path: copy.path), directory)
    }

    func count(_ table: String, where condition: String = "1", in database: Database) async throws -> Int {
        try await database.first("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)")?.int("n") ?? -1
    }

    @Test func everyRowSurvivesAndFollowsItsMember() async throws {
        let (database, directory) = try openCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before: [String: Int] = [
            "subscription": 4, "subscription_order": 2, "subscription_redemption": 1, "subscription_code": 2,
            "interaction": 6, "member_seen": 5, "member_notice": 2, "catalog_course": 14,
        ]
        for (table, rows) in before { #expect(try await count(table, in: database) == rows, "\(table) before") }

        let catalog = try await CatalogStore(database: database)
        let members = try await MemberDirectory(database: database)
        let subscriptions = try await SubscriptionService(database: database, catalog: catalog, members: members)

        for (table, rows) in before { #expect(try await count(table, in: database) == rows, "\(table) after") }
        for table in ["subscription", "subscription_order", "subscription_redemption", "interaction"] {
            #expect(
                try await count(table, where: "member_id IS NULL", in: database) == 0,
                "\(table) has rows without a member")
        }
        // Every identity that appears anywhere is one member of its own.
        let identities = ["you", "owner", "bob", "carol", "dave"].map { Identity(network: "console", account: $0) }
        var seen = Set<Member>()
        for identity in identities {
            let member = try await members.member(of: identity)
            #expect(try await members.identities(of: member) == [identity])
            seen.insert(member)
        }
        #expect(seen.count == identities.count)
        #expect(try await count("member", in: database) == identities.count)

        let you = identities[0], bob = identities[2], carol = identities[3], dave = identities[4]
        let active = try await subscriptions.activeSubscriptions(
            of: you, at: Date(timeIntervalSince1970: 1_795_900_000))
        #expect(active.map(\.courseSlug) == ["rust-ownership"])
        #expect(
            try await subscriptions.history(of: you, course: "swift-basics").map(\.status) == [.active, .cancelled])
        #expect(try await subscriptions.pendingOrders(of: carol).map(\.courseSlug) == ["rust-ownership"])
        #expect(try await members.interactions(of: bob).map(\.kind) == [.subscribe, .view])
        #expect(try await members.lastNick(of: identities[1]) == "you")
        #expect(try await members.waitingNotices(at: Date(timeIntervalSince1970: 1_795_811_400)).map(\.member) == [you])
        let code = try #require(try await subscriptions.codes(course: "swift-concurrency").first { $0.uses == 1 })
        await #expect(throws: SubscriptionError.alreadyRedeemed(code: code.code)) {
            try await subscriptions.redeem(code.code, for: dave, at: Date(timeIntervalSince1970: 1_795_811_400))
        }
        #expect(try await database.appliedMigrations("members") == [1, 2, 3, 4, 5, 6, 7])
        #expect(try await database.appliedMigrations("subscription") == [1, 2, 3, 4])

        // The engagement model starts from the history already there.
        let engagement = try await EngagementService(database: database, members: members)
        let bobMember = try await members.member(of: bob)
        #expect(try await engagement.totals(of: bobMember) == [.subscribe: 1, .view: 1])
        #expect(try await engagement.activity(of: bobMember).interest > 0)
    }
}
