public import Foundation
public import Storage
import Synchronization

/// One course recommended to a member, with the evidence behind it.
public struct Recommendation: Sendable, Hashable {
    public var course: Course
    public var reason: Recommender.ReasonKind
    /// For `.similar`: the course the member took that this one is like.
    public var because: Course?
    /// For `.peers` and `.topic`: the topic.
    public var topic: String?
    /// Whether `topic` is one the member declared (`!interests`), not only one of the courses
    /// they interacted with.
    public var topicDeclared: Bool

    /// Describes one recommendation.
    public init(
        course: Course, reason: Recommender.ReasonKind, because: Course? = nil, topic: String? = nil,
        topicDeclared: Bool = true
    ) {
        self.course = course
        self.reason = reason
        self.because = because
        self.topic = topic
        self.topicDeclared = topicDeclared
    }
}

/// Recommendations in the running agent: a model fitted from the community's own data (the
/// catalogue, members' profiles and course interactions), refitted on a schedule, answering
/// from memory so no reply waits for a fit.
public final class RecommendationService: Sendable {
    let database: Database
    let catalog: CatalogStore
    let members: MemberDirectory
    let weights: RecommenderWeights
    private let fitted = Mutex<Fitted?>(nil)
    private let multipliers = Mutex<[Recommender.ReasonKind: Double]>([:])

    private struct Fitted {
        var model: Recommender
        var courses: [Int64: Course]
        var ids: [String: Int64]
    }

    /// Opens the service (creating its table); call `refit` before the first answer.
    public init(
        database: Database, catalog: CatalogStore, members: MemberDirectory,
        weights: RecommenderWeights = RecommenderWeights()
    ) async throws {
        self.database = database
        self.catalog = catalog
        self.members = members
        self.weights = weights
        try await database.migrate("recommendations", RecommendationSchema.migrations)
        members.register(self)
    }

    /// Fits a new model from everything stored up to `now` and starts answering from it.
    public func refit(at now: Date = Date()) async throws {
        let courses = try await catalog.courses()
        var ids: [String: Int64] = [:]
        var byID: [Int64: Course] = [:]
        for (index, course) in courses.enumerated() {
            ids[course.slug] = Int64(index + 1)
            byID[Int64(index + 1)] = course
        }
        let profiles = try await database.query(
            """
            SELECT m.id AS member_id, p.level, p.interests FROM member m
            LEFT JOIN member_profile p ON p.member_id = m.id
            """)
        let inputMembers = try profiles.map { row in
            let reader = RowReader(row, table: "member", key: "member_id")
            return RecommenderInput.Member(
                id: Int64(try reader.integer("member_id")),
                level: try reader.optionalText("level").flatMap(CourseLevel.init(rawValue:)),
                interests: (try reader.optionalText("interests") ?? "").split(separator: " ").map(String.init))
        }
        let rows = try await database.query(
            """
            SELECT id, member_id, kind, course_slug, at FROM interaction
            WHERE kind NOT IN ('message', 'command') AND course_slug IS NOT NULL AND member_id IS NOT NULL
            """)
        let events = try Self.events(rows, ids: ids)
        let input = RecommenderInput(
            members: inputMembers,
            courses: courses.map { course in
                RecommenderInput.Course(
                    id: ids[course.slug] ?? 0, tags: course.tags, level: course.level, publishedAt: course.createdAt)
            },
            events: events, now: now)
        let model = Recommender(fitting: input, weights: adjustedWeights)
        fitted.withLock { $0 = Fitted(model: model, courses: byID, ids: ids) }
    }

    /// Interaction rows as the recommender's events (a redeemed code counts as a subscription);
    /// rows of courses no longer in the catalogue are left out. `member` when the rows are one
    /// member's and carry no `member_id`.
    static func events(_ rows: [Row], ids: [String: Int64], member: Member? = nil) throws -> [RecommenderInput.Event] {
        try rows.compactMap { row in
            let reader = RowReader(row, table: "interaction")
            guard let course = ids[try reader.text("course_slug")] else { return nil }
            var kind: InteractionKind = try reader.value("kind")
            if kind == .redeem { kind = .subscribe }
            return RecommenderInput.Event(
                member: try member?.id ?? Int64(reader.integer("member_id")), course: course, kind: kind,
                at: try reader.date("at"))
        }
    }

    /// The member's best `count` published courses (with `tag`, when given), never one they have,
    /// touched or hid. Fits first if no model exists yet.
    public func recommend(
        for identity: Identity, count: Int, tag: String? = nil, at now: Date = Date()
    ) async throws -> [Recommendation] {
        if fitted.withLock({ $0 == nil }) { try await refit(at: now) }
        let member = try await members.member(of: identity)
        let hidden = try await hiddenCourses(of: member)
        guard let current = fitted.withLock({ $0 }) else { return [] }
        // The member as they are now: their profile and course interactions, even those after the fit.
        let profile = try await members.profile(of: identity)
        let rows = try await database.query(
            """
            SELECT id, kind, course_slug, at FROM interaction
            WHERE member_id = ? AND kind NOT IN ('message', 'command') AND course_slug IS NOT NULL
            """, [.integer(member.id)])
        let events = try Self.events(rows, ids: current.ids, member: member)
        let now = Recommender.CurrentMember(level: profile.level, interests: profile.interests, events: events)
        let allowed = Set(
            current.courses.filter { _, course in
                course.status == .published
                    && (tag.map { wanted in course.tags.contains { $0.lowercased() == wanted.lowercased() } } ?? true)
            }.keys)
        let excluded = Set(hidden.compactMap { current.ids[$0] })
        return current.model.recommend(
            for: member.id, count: count, excluding: excluded, allowed: allowed, current: now, fill: false,
            refused: excluded
        ).compactMap { item in
            guard let course = current.courses[item.course] else { return nil }
            let evidence = item.evidence
            return Recommendation(
                course: course, reason: item.reason,
                because: item.reason == .similar ? evidence.flatMap(Int64.init).flatMap { current.courses[$0] } : nil,
                topic: item.reason == .peers || item.reason == .topic ? evidence : nil,
                topicDeclared: evidence.map { tag in profile.interests.contains { $0.lowercased() == tag } } ?? false)
        }
    }

    /// Published courses most like `slug` (by who took them together), best first.
    public func similar(to slug: String, count: Int, at now: Date = Date()) async throws -> [Course] {
        if fitted.withLock({ $0 == nil }) { try await refit(at: now) }
        guard let current = fitted.withLock({ $0 }), let id = current.ids[slug.lowercased()] else { return [] }
        return current.model.neighbours(of: id).compactMap { current.courses[$0] }.filter { $0.status == .published }
            .prefix(count).map { $0 }
    }

    /// Hides `slug` from the member's recommendations from now on.
    public func hide(_ slug: String, for identity: Identity, at now: Date = Date()) async throws {
        let member = try await members.member(of: identity)
        try await database.execute(
            "INSERT OR IGNORE INTO recommendation_hidden (member_id, course_slug, hidden_at) VALUES (?, ?, ?)",
            [.integer(member.id), .text(slug.lowercased()), .real(now.timeIntervalSince1970)])
    }

    /// The courses the member hid.
    public func hiddenCourses(of member: Member) async throws -> [String] {
        try await database.query(
            "SELECT course_slug FROM recommendation_hidden WHERE member_id = ?", [.integer(member.id)]
        ).compactMap { $0.string("course_slug") }
    }
}

/// How the recommendations of one reason kind did over a period.
public struct RecommendationOutcome: Sendable, Hashable {
    public var reason: Recommender.ReasonKind
    /// Times a course was shown for this reason.
    public var impressions: Int
    /// Of those, the ones the member viewed, subscribed to or completed within the window.
    public var conversions: Int
}

extension RecommendationService {
    /// Records that `items` were shown to the member behind `identity`, in this order.
    public func recordImpressions(_ items: [Recommendation], for identity: Identity, at now: Date = Date()) async throws
    {
        guard !items.isEmpty else { return }
        let member = try await members.member(of: identity)
        try await database.transaction { connection in
            try connection.executeRows(
                "INSERT INTO recommendation_impression (member_id, course_slug, rank, reason, shown_at)", columns: 5,
                items.enumerated().map { rank, item in
                    [
                        .integer(member.id), .text(item.course.slug), .int(rank + 1), .text(item.reason.rawValue),
                        .real(now.timeIntervalSince1970),
                    ]
                })
        }
    }

    /// Impressions since `start` by reason kind, and how many converted: the member viewed,
    /// subscribed to, redeemed or completed the course within `window` seconds after seeing it.
    public func outcomes(since start: Date, window: TimeInterval = 14 * 86_400) async throws -> [RecommendationOutcome]
    {
        try await database.query(
            """
            SELECT reason, COUNT(*) AS shown,
                SUM(EXISTS (SELECT 1 FROM interaction i
                    WHERE i.member_id = r.member_id AND i.kind NOT IN ('message', 'command')
                        AND i.kind IN ('view', 'subscribe', 'redeem', 'complete') AND i.course_slug = r.course_slug
                        AND i.at > r.shown_at AND i.at <= r.shown_at + ?2)) AS converted
            FROM recommendation_impression r WHERE shown_at >= ?1 GROUP BY reason ORDER BY reason
            """, [.real(start.timeIntervalSince1970), .real(window)]
        ).map { row in
            let reader = RowReader(row, table: "recommendation_impression", key: "reason")
            return RecommendationOutcome(
                reason: try reader.value("reason"), impressions: try reader.integer("shown"),
                conversions: try reader.integer("converted"))
        }
    }
}

extension RecommendationService {
    /// The configured weights with the feedback multipliers applied.
    var adjustedWeights: RecommenderWeights {
        let factors = multipliers.withLock { $0 }
        var adjusted = weights
        adjusted.itemItem *= factors[.similar] ?? 1
        adjusted.peers *= factors[.peers] ?? 1
        adjusted.content *= factors[.topic] ?? 1
        adjusted.popularity *= factors[.popular] ?? 1
        return adjusted
    }

    /// The current multiplier of each term of the blend (1 when unchanged).
    public var feedbackMultipliers: [Recommender.ReasonKind: Double] { multipliers.withLock { $0 } }

    /// Re-weights the blend's terms by how their recommendations converted over the last 30 days:
    /// each term's rate, smoothed towards the overall rate by `prior` impressions, relative to the
    /// overall rate, bounded to 0.8…1.25 — so a few clicks cannot swing it; terms with fewer than
    /// `minimum` impressions keep 1. Takes effect at the next fit; returns the multipliers.
    @discardableResult
    public func reweight(
        at now: Date = Date(), minimum: Int = 50, prior: Double = 50
    ) async throws
        -> [Recommender.ReasonKind: Double]
    {
        let outcomes = try await outcomes(since: now.addingTimeInterval(-30 * 86_400))
        let shown = outcomes.reduce(0) { $0 + $1.impressions }
        let converted = outcomes.reduce(0) { $0 + $1.conversions }
        var factors: [Recommender.ReasonKind: Double] = [:]
        if shown > 0, converted > 0 {
            let overall = Double(converted) / Double(shown)
            for outcome in outcomes where outcome.impressions >= minimum {
                let smoothed = (Double(outcome.conversions) + prior * overall) / (Double(outcome.impressions) + prior)
                factors[outcome.reason] = min(1.25, max(0.8, smoothed / overall))
            }
        }
        multipliers.withLock { $0 = factors }
        return factors
    }
}

extension RecommendationService: MemberDataOwner {
    public func merge(_ absorbed: Member, into kept: Member, in connection: Connection) throws {
        try connection.execute(
            "UPDATE OR IGNORE recommendation_hidden SET member_id = ? WHERE member_id = ?",
            [.integer(kept.id), .integer(absorbed.id)])
        try connection.execute("DELETE FROM recommendation_hidden WHERE member_id = ?", [.integer(absorbed.id)])
        try connection.execute(
            "UPDATE recommendation_impression SET member_id = ? WHERE member_id = ?",
            [.integer(kept.id), .integer(absorbed.id)])
    }
}
