public import Foundation

/// What the recommender learns from: members with their declared profile, the catalogue, and
/// the interactions up to the request time. Ids are opaque integers.
public struct RecommenderInput: Sendable {
    /// One member as they described themselves.
    public struct Member: Sendable, Hashable {
        public var id: Int64
        public var level: CourseLevel?
        public var interests: [String]

        public init(id: Int64, level: CourseLevel?, interests: [String]) {
            self.id = id
            self.level = level
            self.interests = interests
        }
    }

    /// One course of the catalogue.
    public struct Course: Sendable, Hashable {
        public var id: Int64
        /// Tags, the main topic first.
        public var tags: [String]
        public var level: CourseLevel
        public var publishedAt: Date

        public init(id: Int64, tags: [String], level: CourseLevel, publishedAt: Date) {
            self.id = id
            self.tags = tags
            self.level = level
            self.publishedAt = publishedAt
        }
    }

    /// One interaction.
    public struct Event: Sendable, Hashable {
        public var member: Int64
        public var course: Int64
        public var kind: InteractionKind
        public var at: Date

        public init(member: Int64, course: Int64, kind: InteractionKind, at: Date) {
            self.member = member
            self.course = course
            self.kind = kind
            self.at = at
        }
    }

    public var members: [Member]
    public var courses: [Course]
    public var events: [Event]
    /// The request time: "now" for decay and recency.
    public var now: Date

    public init(members: [Member], courses: [Course], events: [Event], now: Date) {
        self.members = members
        self.courses = courses
        self.events = events
        self.now = now
    }
}

/// The blend's weights (`plugins.recommendations` in the configuration). The defaults were
/// tuned on the public synthetic community (`../shared/recs`, medium and large, seed 42) and
/// nothing else.
public struct RecommenderWeights: Sendable, Hashable {
    /// Implicit weight of each kind of interaction before `log1p`.
    public var kinds: [InteractionKind: Double] = [.view: 1, .subscribe: 4, .complete: 2, .mention: 2]
    /// Days for an interaction's weight to halve.
    public var halfLifeDays = 120.0
    /// Days for a subscription's weight in popularity and peers to halve.
    public var peerHalfLifeDays = 90.0
    /// Neighbours kept per course.
    public var neighbours = 50
    /// How many of a member's courses, those with the most (recent) weight, the item-item term
    /// starts from.
    public var strongestCourses = 10
    /// How many of each member's courses, those with the most (recent) weight, count towards
    /// the similarity between courses.
    public var similarityCourses = 20
    /// How many of the courses the peers of each of a member's interests took most (recently)
    /// are candidates.
    public var peerCourses = 20
    /// The share of a member's best item-item score a linked course needs to be a candidate.
    public var similarFloor = 0.15
    /// The terms of the blend.
    public var itemItem = 1.0
    public var peers = 0.8
    public var content = 0.5
    public var popularity = 0.04
    /// How much more peers and content count for a member with fewer than 3 interactions.
    public var coldBoost = 3.0
    /// Days that count as "recent" for popularity and peers.
    public var recentDays = 180.0
    /// Multiplier per level below the member's, and for more than one level above.
    public var levelBelow = 0.6
    public var levelFarAbove = 0.5

    public init() {}
}
