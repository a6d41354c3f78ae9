import Foundation

/// A fitted recommender: item-item similarity over time-decayed implicit feedback as the core,
/// "what members with the same interests and level took recently" for members with little
/// history, tag and level content matching, a small recent-popularity term, and a level-aware
/// re-rank so members move beginner → advanced within a topic.
///
/// `fit` reads everything once; `recommend` answers for one member from the fitted arrays.
public struct Recommender: Sendable {
    /// Why a course was recommended: the term that contributed most.
    public enum ReasonKind: String, Sendable, Hashable, CaseIterable {
        /// Similar to a course the member took (`evidence` names it).
        case similar
        /// Taken recently by members with the same interest and level (`evidence`: the topic).
        case peers
        /// Matches the member's topics (`evidence`: the tag).
        case topic
        /// Popular in the community recently.
        case popular
    }

    /// One recommended course with its score and evidence.
    public struct Item: Sendable, Hashable {
        public var course: Int64
        public var score: Double
        public var reason: ReasonKind
        /// The course id (for `.similar`) or tag (for `.peers`, `.topic`) behind the reason.
        public var evidence: String?
    }

    let weights: RecommenderWeights
    let courseIDs: [Int64]
    let courseIndex: IDIndex
    /// Per course, its tag ids, the main topic first.
    let courseTags: FlatRows<Int>
    /// Tag names by id (course tags and declared interests share one numbering).
    let tagNames: [String]
    let courseLevel: [Int]
    let memberIndex: IDIndex
    /// Member ids in input order.
    let memberIDs: [Int64]
    /// Per member: (course, implicit weight) of every course interacted with.
    let history: MemberHistories
    let eventCounts: [Int]
    let declaredLevel: [Int?]
    let declaredInterests: [[Int]]
    /// Per course: neighbours and their cosine similarity, best first.
    let neighbours: FlatRows<(course: Int32, similarity: Float)>
    /// Per tag, its courses, most popular first (candidates for content matching).
    let coursesByTag: [[Int32]]
    /// Every course, most popular first (candidates that fill a short list).
    let byPopularity: [Int32]
    let popularity: [Float]
    /// Recent subscriptions by members who declared a topic, per topic and level.
    let peerShares: PeerShares
    /// The pseudo-topic of all members (for peers of members who named no interest).
    let everyone: Int
    /// Tag ids by name.
    let tagIndex: [String: Int]
    /// The request time of the fit.
    let now: Date
    /// Score multipliers for a course 0, 1, 2 or 3 levels below the member's.
    let levelsBelow: [Float]

    /// Fits the model on `input` with `weights`.
    public init(fitting input: RecommenderInput, weights: RecommenderWeights = RecommenderWeights()) {
        self.weights = weights
        courseIDs = input.courses.map(\.id)
        courseIndex = IDIndex(courseIDs)
        var tagIDs: [String: Int] = [:]
        var tagNames: [String] = []
        func tagID(_ name: String) -> Int {
            let folded = name.lowercased()
            if let id = tagIDs[folded] { return id }
            tagIDs[folded] = tagNames.count
            tagNames.append(folded)
            return tagNames.count - 1
        }
        let courseTags = FlatRows(input.courses.map { $0.tags.map(tagID) })
        self.courseTags = courseTags
        courseLevel = input.courses.map { Self.rank($0.level) }
        memberIDs = input.members.map(\.id)
        memberIndex = IDIndex(memberIDs)
        let declaredLevel = input.members.map { $0.level.map(Self.rank) }
        self.declaredLevel = declaredLevel
        let declaredInterests = input.members.map { $0.interests.map(tagID) }
        // A pseudo-topic every member has: what members of a level take, for those who named no interest.
        let everyone = tagID("")
        self.declaredInterests = declaredInterests
        self.tagNames = tagNames
        self.everyone = everyone
        self.tagIndex = tagIDs
        self.now = input.now
        levelsBelow = (0...3).map { Float(pow(weights.levelBelow, Double($0))) }

        let courseCount = input.courses.count
        let halfLife = weights.halfLifeDays * 86_400
        let peerHalfLife = weights.peerHalfLifeDays * 86_400
        let recentStart = input.now.addingTimeInterval(-weights.recentDays * 86_400)
        let memberCount = input.members.count
        // Each kind's weight by its place among all kinds: a short scan of equal-or-not cases
        // instead of hashing (the kind changes from one event to the next millions of times).
        let kinds = InteractionKind.allCases
        let kindWeights = kinds.map { weights.kinds[$0] ?? 0 }
        func weight(of kind: InteractionKind) -> Double { kinds.firstIndex(of: kind).map { kindWeights[$0] } ?? 0 }
        // One pass over the events: each one's member, course and weight, the popularity of
        // recent subscriptions and where they are.
        var eventMember = [Int32](repeating: -1, count: input.events.count)
        var eventCourse = [Int32](repeating: 0, count: input.events.count)
        var eventWeight = [Double](repeating: 0, count: input.events.count)
        var popularity = Array(repeating: Float(0), count: courseCount)
        // Recent subscriptions: where they are and their decayed weight for the peers.
        var recentSubscriptions: [(position: Int, decay: Float)] = []
        var lastKind = InteractionKind.view
        var lastKindWeight = weight(of: .view)
        for (position, event) in input.events.enumerated() {
            guard let member = memberIndex[event.member], let course = courseIndex[event.course] else { continue }
            let age = max(0, input.now.timeIntervalSince(event.at))
            let decay = exp2(-age / halfLife)
            if event.kind != lastKind { (lastKind, lastKindWeight) = (event.kind, weight(of: event.kind)) }
            eventMember[position] = Int32(member)
            eventCourse[position] = Int32(course)
            eventWeight[position] = lastKindWeight * decay
            if event.kind == .subscribe, event.at >= recentStart {
                popularity[course] += Float(decay)
                recentSubscriptions.append((position, Float(exp2(-age / peerHalfLife))))
            }
        }
        (history, eventCounts) = Self.histories(
            members: memberCount, courses: courseCount, eventMember: eventMember, eventCourse: eventCourse,
            eventWeight: eventWeight)
        // Peers: each recent subscription counts for its member's topics at their level and at
        // any level, in event order.
        let interests = FlatRows(declaredInterests)
        let levels = declaredLevel.map { Int8($0 ?? 3) }
        /// Each recent subscription's contributions, in event order.
        func contributions(_ add: (_ row: Int, _ course: Int, _ amount: Float) -> Void) {
            for (position, decay) in recentSubscriptions {
                let member = Int(eventMember[position])
                let level = Int(levels[member])
                let course = Int(eventCourse[position])
                func count(_ topic: Int) {
                    add(topic * 4 + level, course, decay)
                    if level != 3 { add(topic * 4 + 3, course, decay) }
                }
                for topic in interests[member] { count(topic) }
                count(everyone)
            }
        }
        let maximum = popularity.max() ?? 0
        self.popularity = maximum > 0 ? popularity.map { $0 / maximum } : popularity
        peerShares = PeerShares(rowCount: tagNames.count * 4, courses: courseCount, contributions: contributions)
        neighbours = Self.similarities(
            Self.strongest(self.history, keep: weights.similarityCourses), courses: courseCount,
            keep: weights.neighbours)
        let order = (0..<courseCount).sorted {
            popularity[$0] != popularity[$1] ? popularity[$0] > popularity[$1] : $0 < $1
        }
        byPopularity = order.map { Int32($0) }
        var coursesByTag = Array(repeating: [Int32](), count: tagNames.count)
        for course in order { for tag in courseTags[course] { coursesByTag[tag].append(Int32(course)) } }
        self.coursesByTag = coursesByTag
    }

    /// A member as they stand now (profile and course interactions), for answers between fits.
    public struct CurrentMember: Sendable, Hashable {
        public var level: CourseLevel?
        public var interests: [String]
        public var events: [RecommenderInput.Event]

        public init(level: CourseLevel?, interests: [String], events: [RecommenderInput.Event]) {
            self.level = level
            self.interests = interests
            self.events = events
        }
    }

    /// The bytes the fitted model's arrays and tables hold, counted from their sizes (dictionary
    /// entries at twice their size for the hash table's slack; small headers ignored).
    public var storedBytes: Int {
        func bytes<T>(_ array: [T]) -> Int { array.count * MemoryLayout<T>.stride }
        var total =
            bytes(courseIDs) + bytes(courseLevel) + bytes(eventCounts) + bytes(declaredLevel)
            + bytes(byPopularity) + bytes(popularity) + bytes(memberIDs)
        total += courseIndex.storedBytes + memberIndex.storedBytes + history.storedBytes + peerShares.storedBytes
        total += courseTags.storedBytes + declaredInterests.reduce(0) { $0 + bytes($1) + 32 }
        total += neighbours.storedBytes + coursesByTag.reduce(0) { $0 + bytes($1) + 32 }
        return total
    }

    /// Implicit weights of `events` as the fit computes them, at the fit's request time.
    func weightsOf(_ events: [RecommenderInput.Event]) -> [(course: Int32, weight: Float)] {
        var raw: [Int32: Double] = [:]
        for event in events {
            guard let course = courseIndex[event.course] else { continue }
            let age = max(0, now.timeIntervalSince(event.at))
            raw[Int32(course), default: 0] +=
                (weights.kinds[event.kind] ?? 0) * exp2(-age / (weights.halfLifeDays * 86_400))
        }
        return raw.map { (course: $0.key, weight: Float(log1p($0.value))) }.sorted { $0.course < $1.course }
    }

    /// The courses most often taken together with `course`, best first.
    public func neighbours(of course: Int64) -> [Int64] {
        guard let index = courseIndex[course] else { return [] }
        return neighbours[index].map { courseIDs[Int($0.course)] }
    }

    static func rank(_ level: CourseLevel) -> Int { CourseLevel.allCases.firstIndex(of: level) ?? 0 }

    /// How well a course's tags (its main topic counting double) match the member's topics, 0…1,
    /// and the tag that matched best.
    func contentScore(_ course: Int, topics: ScratchRow<Float>, topicMax: Float) -> (value: Float, tag: Int?) {
        guard topicMax > 0 else { return (0, nil) }
        var content: Float = 0
        var weightSum: Float = 0
        var bestTag: Int?
        var bestValue: Float = 0
        for (position, tag) in courseTags[course].enumerated() {
            let tagWeight: Float = position == 0 ? 1 : 0.5
            weightSum += tagWeight
            let value = topics[tag] * tagWeight
            content += value
            if value > bestValue { (bestTag, bestValue) = (tag, value) }
        }
        return (weightSum > 0 ? content / (weightSum * topicMax) : 0, bestTag)
    }
}
