import Community
import Foundation
import Storage
import Testing

/// Services that register with the member directory must not keep each other alive: a database
/// that outlives everything using it keeps its thread and its open files (a test run once held
/// ~1,300 descriptors this way, and a child process launch crashed on them).
@Suite("Service lifetimes")
struct ServiceLifetimeTests {
    @Test func releasingEveryServiceReleasesTheDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lifetime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        weak var released: Database?
        weak var releasedMembers: MemberDirectory?
        do {
            let database = try Database(path: directory.appendingPathComponent("l.sqlite").path)
            let catalog = try await CatalogStore(database: database)
            let members = try await MemberDirectory(database: database)
            let services: [any MemberDataOwner] = [
                try await SubscriptionService(
                    database: database, catalog: catalog, members: members, checkoutTemplate: "https://pay.test/{order}"
                ),
                try await EngagementService(database: database, members: members),
                try await RecommendationService(database: database, catalog: catalog, members: members),
                try await EventService(database: database, members: members),
                try await ModerationService(database: database, members: members),
            ]
            #expect(services.count == 5)
            released = database
            releasedMembers = members
        }
        #expect(released == nil)
        #expect(releasedMembers == nil)
    }
}
