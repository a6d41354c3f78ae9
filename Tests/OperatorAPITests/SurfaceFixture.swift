import AgentCore
import AgentTesting
import Community
import Foundation
import Gateways
import OperatorAPI
import Storage
import Synchronization

/// An operator surface over a fresh SQLite file, with a fixed clock and the notices it sent.
final class SurfaceFixture: Sendable {
    let directory: URL
    let database: Database
    let services: OperatorSurface.Dependencies
    let surface: OperatorSurface
    let told = Told()
    let logs = CapturingLogSink()
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let secret = "whsec-test"

    init(secret: String? = SurfaceFixture.secret) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("surface-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try Database(path: directory.appendingPathComponent("s.sqlite").path)
        let catalog = try await CatalogStore(database: database)
        let members = try await MemberDirectory(database: database)
        services = OperatorSurface.Dependencies(
            database: database, catalog: catalog,
            subscriptions: try await SubscriptionService(database: database, catalog: catalog, members: members),
            members: members, events: try await EventService(database: database, members: members),
            moderation: try await ModerationService(database: database, members: members),
            engagement: try await EngagementService(database: database, members: members),
            recommendations: try await RecommendationService(database: database, catalog: catalog, members: members),
            tokens: try await APITokens(database: database), calendar: ICalendarWriter())
        for course in Self.courses { try await catalog.save(course) }
        var payments = PaymentsConfiguration()
        payments.webhookSecret = secret
        let told = self.told
        surface = OperatorSurface(
            services: services, agent: nil, payments: payments, networks: ["libera"],
            log: Logger(label: "http", level: .debug, sink: logs), clock: { SurfaceFixture.now }
        ) { identity, notice in
            switch notice {
            case .paid(_, let order): told.withLock { $0.append((identity, "paid \(order.id)")) }
            case .granted(let subscription):
                told.withLock { $0.append((identity, "granted \(subscription.courseSlug)")) }
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static let courses: [Course] = [
        Course(
            slug: "swift-basics", title: "Swift Basics", summary: "Your first Swift programs", tags: ["swift"],
            level: .beginner, price: Price(amountMinor: 0, currency: "CNY"), accessDays: nil, instructor: "Ada"),
        Course(
            slug: "swift-concurrency", title: "Swift Concurrency 并发编程", summary: "async/await, actors",
            tags: ["swift", "concurrency"], level: .intermediate, price: Price(amountMinor: 19_900, currency: "CNY"),
            accessDays: 365, instructor: "Grace"),
        Course(
            slug: "rust-ownership", title: "Rust 所有权与借用", summary: "所有权、借用和生命周期", tags: ["rust"],
            level: .advanced, price: Price(amountMinor: 29_900, currency: "CNY"), accessDays: 30, instructor: "张伟"),
        Course(slug: "draft-course", title: "Unpublished", tags: ["swift"], status: .draft),
    ]

    /// A request as the listener would hand it over.
    func call(
        _ method: String, _ target: String, body: String = "", headers: [(String, String)] = []
    ) async -> HTTPResponse {
        let parts = target.split(separator: "?", maxSplits: 1)
        let query: [(name: String, value: String)] =
            parts.count > 1
            ? parts[1].split(separator: "&").map { pair in
                let halves = pair.split(separator: "=", maxSplits: 1)
                return (
                    PercentEncoding.decode(halves[0], plusIsSpace: true) ?? "",
                    halves.count > 1 ? PercentEncoding.decode(halves[1], plusIsSpace: true) ?? "" : ""
                )
            } : []
        return await surface.handle(
            HTTPRequest(
                method: method, path: String(parts[0]), query: query,
                headers: headers.map { ($0.0.lowercased(), $0.1) }, body: Array(body.utf8)))
    }

    /// A signed webhook call at `timestamp` (default: now).
    func webhook(_ body: String, timestamp: Int? = nil, secret: String = SurfaceFixture.secret) async -> HTTPResponse {
        let stamp = timestamp ?? Int(Self.now.timeIntervalSince1970)
        let signature = WebhookSignature.header(timestamp: stamp, body: Array(body.utf8), secret: secret)
        return await call("POST", "/webhooks/payment", body: body, headers: [("Community-Signature", signature)])
    }

    /// A pending order for `account` on libera for a paid course.
    func order(_ account: String, _ slug: String = "swift-concurrency") async throws -> Order {
        switch try await services.subscriptions.subscribe(Identity(network: "libera", account: account), to: slug) {
        case .paymentNeeded(let order, _), .renewalNeeded(let order, _, _): return order
        default: throw RawHTTPClient.Failure(description: "no order made")
        }
    }
}

extension HTTPResponse {
    /// The body parsed as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// The notices the surface asked to deliver, in order.
final class Told: Sendable {
    private let entries = Mutex<[(Identity, String)]>([])

    func withLock<T>(_ body: (inout [(Identity, String)]) -> T) -> T { entries.withLock { body(&$0) } }
}
