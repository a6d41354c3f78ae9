public import AgentCore
public import Community
public import Foundation
public import Gateways
public import Storage
import Synchronization

/// The agent's HTTP side: health, metrics, the course API, the payment webhook, calendars and
/// members' data links. One `handle` call per request; it never throws, and every answer has
/// a `Content-Type` (errors are `{"error": "…"}`).
public final class OperatorSurface: Sendable {
    /// What the surface reads and changes.
    public struct Dependencies: Sendable {
        public var database: Database
        public var catalog: CatalogStore
        public var subscriptions: SubscriptionService
        public var members: MemberDirectory
        public var events: EventService
        public var moderation: ModerationService
        public var engagement: EngagementService
        public var recommendations: RecommendationService
        public var tokens: APITokens
        /// Writes the calendar feeds (nil: the events plugin is off and so are the feeds).
        public var calendar: ICalendarWriter?

        /// Collects the dependencies.
        public init(
            database: Database, catalog: CatalogStore, subscriptions: SubscriptionService, members: MemberDirectory,
            events: EventService,
            moderation: ModerationService, engagement: EngagementService, recommendations: RecommendationService,
            tokens: APITokens, calendar: ICalendarWriter?
        ) {
            self.database = database
            self.catalog = catalog
            self.subscriptions = subscriptions
            self.members = members
            self.events = events
            self.moderation = moderation
            self.engagement = engagement
            self.recommendations = recommendations
            self.tokens = tokens
            self.calendar = calendar
        }
    }

    /// Something a member should be told privately because of an HTTP call.
    public enum MemberNotice: Sendable {
        /// Their payment for `order` went through.
        case paid(Subscription, Order)
        /// An operator gave them access through the API.
        case granted(Subscription)
    }

    let services: Dependencies
    let agent: Agent?
    let payments: PaymentsConfiguration
    let networks: [String]
    let log: Logger
    let clock: @Sendable () -> Date
    let tell: @Sendable (Identity, MemberNotice) async -> Void
    let started: Date
    /// The database and scheduler probe, re-read at most once a second.
    let probe = Mutex<(at: ContinuousClock.Instant, writable: Result<Void, StorageProbeError>, lag: Double)?>(nil)
    /// The slower community counts for `/metrics`, re-read at most every few seconds.
    let communityFamilies = Mutex<(at: ContinuousClock.Instant, families: [MetricFamily])?>(nil)
    /// Webhook calls by HTTP status, for `/metrics`.
    let webhookCalls = Mutex<[Int: Int]>([:])
    /// Requests by endpoint and status, for `/metrics`.
    let requestCounts = Mutex<[RequestKey: Int]>([:])

    struct RequestKey: Hashable {
        var endpoint: String
        var code: Int
    }
    /// The listener, once started (for its own counters).
    let listener = Mutex<HTTPListener?>(nil)

    /// Creates the surface; `tell` delivers notices to members (queued for their next visit).
    public init(
        services: Dependencies, agent: Agent?, payments: PaymentsConfiguration, networks: [String], log: Logger,
        clock: @escaping @Sendable () -> Date = { Date() },
        tell: @escaping @Sendable (Identity, MemberNotice) async -> Void
    ) {
        self.services = services
        self.agent = agent
        self.payments = payments
        self.networks = networks
        self.log = log
        self.clock = clock
        self.tell = tell
        self.started = clock()
    }

    /// Starts a listener serving this surface.
    public func listen(host: String, port: Int, limits: HTTPLimits = HTTPLimits()) throws -> HTTPListener {
        let listener = try HTTPListener.start(host: host, port: port, limits: limits, log: log) { [self] request in
            await self.handle(request)
        }
        self.listener.withLock { $0 = listener }
        return listener
    }

    /// One endpoint: its method, its name in metrics, whether it needs an operator token.
    private struct Route {
        var method: String
        var name: String
        var operatorOnly = false
        var run: () async throws -> HTTPResponse
    }

    /// Answers one request (and counts it by endpoint and status for `/metrics`).
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let (name, response) = await answer(request)
        requestCounts.withLock { $0[RequestKey(endpoint: name, code: response.status), default: 0] += 1 }
        return response
    }

    private func answer(_ request: HTTPRequest) async -> (String, HTTPResponse) {
        guard let segments = request.segments else {
            return ("other", .error(400, "the path is not valid percent-encoded UTF-8"))
        }
        let route: Route
        switch segments {
        case ["healthz"]: route = Route(method: "GET", name: "/healthz") { await self.health() }
        case ["metrics"]: route = Route(method: "GET", name: "/metrics") { await self.metrics() }
        case ["webhooks", "payment"]:
            route = Route(method: "POST", name: "/webhooks/payment") { await self.paymentWebhook(request) }
        case ["api", "courses"]:
            route = Route(method: "GET", name: "/api/courses") { try await self.courseList(request) }
        case let path where path.count == 3 && path[0] == "api" && path[1] == "courses":
            route = Route(method: "GET", name: "/api/courses/{slug}") { try await self.courseDetail(path[2], request) }
        case let path where path.count == 4 && path[0] == "api" && path[1] == "members" && path[3] == "subscriptions":
            route = Route(method: "GET", name: "/api/members/{account}/subscriptions", operatorOnly: true) {
                try await self.memberSubscriptions(path[2], request)
            }
        case ["api", "subscriptions"]:
            route = Route(method: "POST", name: "/api/subscriptions", operatorOnly: true) {
                try await self.grant(request)
            }
        case ["calendar.ics"]: route = Route(method: "GET", name: "/calendar.ics") { try await self.calendarFeed() }
        case let path where path.count == 2 && path[0] == "events" && path[1].hasSuffix(".ics"):
            route = Route(method: "GET", name: "/events/{id}.ics") {
                try await self.eventFeed(String(path[1].dropLast(4)))
            }
        case let path where path.count == 3 && path[0] == "me" && path[1] == "data":
            route = Route(method: "GET", name: "/me/data/{token}") { try await self.memberData(path[2]) }
        default:
            return ("other", .error(404, "no such endpoint"))
        }
        guard request.method == route.method else {
            var response = HTTPResponse.error(405, "use \(route.method)")
            response.headers.append(("Allow", route.method))
            return (route.name, response)
        }
        do {
            if route.operatorOnly, let refused = try await authorize(request) { return (route.name, refused) }
            return (route.name, try await route.run())
        } catch {
            let id = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            log.error("HTTP request failed", metadata: ["error_id": id, "path": route.name, "error": "\(error)"])
            return (route.name, .error(500, "internal error (id \(id))"))
        }
    }

    /// nil when the request carries an active operator token, else a 401.
    private func authorize(_ request: HTTPRequest) async throws -> HTTPResponse? {
        guard let value = request.header("authorization"), value.lowercased().hasPrefix("bearer ") else {
            var response = HTTPResponse.error(401, "send an operator token: Authorization: Bearer <token>")
            response.headers.append(("WWW-Authenticate", "Bearer"))
            return response
        }
        let token = String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard try await services.tokens.authenticate(token, at: clock()) != nil else {
            var response = HTTPResponse.error(401, "unknown or revoked token")
            response.headers.append(("WWW-Authenticate", "Bearer error=\"invalid_token\""))
            return response
        }
        return nil
    }
}

/// Why the database probe failed.
struct StorageProbeError: Error {
    var message: String
}
