import Community
import Foundation
import Storage

/// A catalog and subscription service over a fresh SQLite file in a temporary directory.
struct CommunityFixture {
    let directory: URL
    let database: Database
    let catalog: CatalogStore
    let subscriptions: SubscriptionService
    let members: MemberDirectory

    static let start = Date(timeIntervalSince1970: 1_767_603_600)  // 2026-01-05 09:00 UTC

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("community-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try Database(path: directory.appendingPathComponent("c.sqlite").path)
        catalog = try await CatalogStore(database: database)
        members = try await MemberDirectory(database: database)
        subscriptions = try await SubscriptionService(
            database: database, catalog: catalog, members: members,
            checkoutTemplate: "https://pay.test/c?o={order}&c={course}&a={account}&m={amount}")
        for course in Self.courses { try await catalog.save(course) }
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    static let courses: [Course] = [
        Course(
            slug: "swift-basics", title: "Swift Basics", summary: "Your first Swift programs",
            tags: ["swift", "beginner-friendly"],
            level: .beginner, price: Price(amountMinor: 0, currency: "CNY"), accessDays: nil, instructor: "Ada"),
        Course(
            slug: "swift-concurrency", title: "Swift Concurrency 并发编程", summary: "async/await, actors, Sendable",
            tags: ["swift", "concurrency"], level: .intermediate, price: Price(amountMinor: 19_900, currency: "CNY"),
            accessDays: 365,
            instructor: "Grace"),
        Course(
            slug: "rust-ownership", title: "Rust 所有权与借用", summary: "深入理解所有权、借用和生命周期", tags: ["rust"],
            level: .advanced, price: Price(amountMinor: 29_900, currency: "CNY"), accessDays: 30, instructor: "张伟"),
        Course(slug: "draft-course", title: "Unpublished", tags: ["swift"], status: .draft),
    ]
}
