import Community
import Foundation
import Storage
import Testing

@Suite("Member directory")
struct MemberDirectoryTests {
    @Test func aDatabaseWhoseSubscriptionSchemaMadeTheMemberTablesKeepsTheirRows() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("members-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Database(path: directory.appendingPathComponent("old.sqlite").path)
        // The layout releases up to 2026-11 wrote: both tables created by the subscription schema.
        try await database.execute(
            "CREATE TABLE interaction (id INTEGER PRIMARY KEY, network TEXT NOT NULL, account TEXT NOT NULL, kind TEXT NOT NULL, course_slug TEXT, at REAL NOT NULL)"
        )
        try await database.execute(
            "CREATE TABLE member_seen (network TEXT NOT NULL, account TEXT NOT NULL, nick TEXT NOT NULL, seen_at REAL NOT NULL, PRIMARY KEY (network, account))"
        )
        try await database.execute(
            "INSERT INTO interaction (network, account, kind, course_slug, at) VALUES ('libera', 'alice', 'view', 'swift-basics', 100)"
        )
        try await database.execute("INSERT INTO member_seen VALUES ('libera', 'alice', 'Alice', 100)")

        let members = try await MemberDirectory(database: database)
        let alice = Identity(network: "libera", account: "alice")
        #expect(try await members.lastNick(of: alice) == "Alice")
        try await members.record(.subscribe, of: alice, course: "swift-basics", at: Date(timeIntervalSince1970: 200))
        let history = try await members.interactions(of: alice)
        #expect(history.map(\.kind) == [.view, .subscribe])
        #expect(history.map(\.at) == [Date(timeIntervalSince1970: 100), Date(timeIntervalSince1970: 200)])
        #expect(try await database.appliedMigrations("members") == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test func anInteractionOfAnUnknownKindIsAnErrorNotDropped() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let alice = Identity(network: "libera", account: "alice")
        let member = try await fixture.members.member(of: alice)
        try await fixture.database.execute(
            "INSERT INTO interaction (network, account, member_id, kind, at) VALUES ('libera', 'alice', ?, 'teleport', 1)",
            [.integer(member.id)])
        await #expect(throws: CorruptRow.self) { try await fixture.members.interactions(of: alice) }
    }
}
