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
    let courseIndex: [Int64: Int]
    let courseTags: [[Int]]
    /// Tag names by id (course tags and declared interests share one numbering).
    let tagNames: [String]
    let courseLevel: [Int]
    let memberIndex: [Int64: Int]
    /// Member ids in input order.
    let memberIDs: [Int64]
    /// Per member: (course, implicit weight) of every course interacted with.
    let history: [[(course: Int32, weight: Float)]]
    let eventCounts: [Int]
    let declaredLevel: [Int?]
    let declaredInterests: [[Int]]
    /// Per course: neighbours and their cosine similarity, best first.
    let neighbours: [[(course: Int32, similarity: Float)]]
    /// Per tag, its courses, most popular first (candidates for content matching).
    let coursesByTag: [[Int32]]
    /// Every course, most popular first (candidates that fill a short list).
    let byPopularity: [Int32]
    let popularity: [Float]
    /// Recent subscriptions by members who declared a topic, per topic and level (index
    /// `topic * 4 + level`, level 3 = not declared) and per topic alone (`topic * 4 + 3` when
    /// the level-specific one is empty), each normalised to its largest.
    let peerCounts: [[(course: Int32, share: Float)]]
    /// The pseudo-topic of all members (for peers of members who named no interest).
    let everyone: Int
    /// Tag ids by name.
    let tagIndex: [String: Int]
    /// The request time of the fit.
    let now: Date

    /// Fits the model on `input` with `weights`.
    public init(fitting input: RecommenderInput, weights: RecommenderWeights = RecommenderWeights()) {
        self.weights = weights
        courseIDs = input.courses.map(\.id)
        var courseIndex: [Int64: Int] = [:]
        for (index, course) in input.courses.enumerated() { courseIndex[course.id] = index }
        self.courseIndex = courseIndex
        var tagIDs: [String: Int] = [:]
        var tagNames: [String] = []
        func tagID(_ name: String) -> Int {
            let folded = name.lowercased()
            if let id = tagIDs[folded] { return id }
            tagIDs[folded] = tagNames.count
            tagNames.append(folded)
            return tagNames.count - 1
        }
        courseTags = input.courses.map { $0.tags.map(tagID) }
        courseLevel = input.courses.map { Self.rank($0.level) }
        var memberIndex: [Int64: Int] = [:]
        for (index, member) in input.members.enumerated() { memberIndex[member.id] = index }
        self.memberIndex = memberIndex
        memberIDs = input.members.map(\.id)
        declaredLevel = input.members.map { $0.level.map(Self.rank) }
        let declaredInterests = input.members.map { $0.interests.map(tagID) }
        // A pseudo-topic every member has: what members of a level take, for those who named no interest.
        let everyone = tagID("")
        self.declaredInterests = declaredInterests
        self.tagNames = tagNames
        self.everyone = everyone
        self.tagIndex = tagIDs
        self.now = input.now

        let courseCount = input.courses.count
        let halfLife = weights.halfLifeDays * 86_400
        let peerHalfLife = weights.peerHalfLifeDays * 86_400
        let recentStart = input.now.addingTimeInterval(-weights.recentDays * 86_400)
        let memberCount = input.members.count
        // One pass over the events: each one's member, course and weight, and the popularity and
        // peer counts of recent subscriptions.
        var eventMember = [Int32](repeating: -1, count: input.events.count)
        var eventCourse = [Int32](repeating: 0, count: input.events.count)
        var eventWeight = [Double](repeating: 0, count: input.events.count)
        var counts = Array(repeating: 0, count: memberCount)
        var popularity = Array(repeating: Float(0), count: courseCount)
        var peerCounts = Array(repeating: [Int32: Float](), count: tagNames.count * 4)
        for (position, event) in input.events.enumerated() {
            guard let member = memberIndex[event.member], let course = courseIndex[event.course] else { continue }
            counts[member] += 1
            let age = max(0, input.now.timeIntervalSince(event.at))
            let decay = pow(0.5, age / halfLife)
            eventMember[position] = Int32(member)
            eventCourse[position] = Int32(course)
            eventWeight[position] = (weights.kinds[event.kind] ?? 0) * decay
            if event.kind == .subscribe, event.at >= recentStart {
                popularity[course] += Float(decay)
                let decay = Float(pow(0.5, age / peerHalfLife))
                let level = input.members[member].level.map(Self.rank) ?? 3
                for topic in declaredInterests[member] + [everyone] {
                    peerCounts[topic * 4 + level][Int32(course), default: 0] += decay
                    if level != 3 { peerCounts[topic * 4 + 3][Int32(course), default: 0] += decay }
                }
            }
        }
        let history = Self.histories(
            members: memberCount, courses: courseCount, eventMember: eventMember, eventCourse: eventCourse,
            eventWeight: eventWeight)
        self.history = history
        eventCounts = counts
        let maximum = popularity.max() ?? 0
        self.popularity = maximum > 0 ? popularity.map { $0 / maximum } : popularity
        // Sorted by course: what `recommend` adds up, in a fixed order.
        self.peerCounts = peerCounts.map { counts in
            let maximum = counts.values.max() ?? 0
            return counts.map { (course: $0.key, share: maximum > 0 ? $0.value / maximum : $0.value) }
                .sorted { $0.course < $1.course }
        }
        neighbours = Self.similarities(history, courses: courseCount, keep: weights.neighbours)
        let order = (0..<courseCount).sorted {
            popularity[$0] != popularity[$1] ? popularity[$0] > popularity[$1] : $0 < $1
        }
        byPopularity = order.map { Int32($0) }
        var coursesByTag = Array(repeating: [Int32](), count: tagNames.count)
        for course in order { for tag in courseTags[course] { coursesByTag[tag].append(Int32(course)) } }
        self.coursesByTag = coursesByTag
    }

    /// Each member's courses with their implicit weight (`log1p` of the decayed sum, in event
    /// order), by course: events grouped by member with a counting sort, summed in one dense row.
    static func histories(
        members: Int, courses: Int, eventMember: [Int32], eventCourse: [Int32], eventWeight: [Double]
    ) -> [[(course: Int32, weight: Float)]] {
        var starts = [Int](repeating: 0, count: members + 1)
        for member in eventMember where member >= 0 { starts[Int(member) + 1] += 1 }
        for index in 0..<members { starts[index + 1] += starts[index] }
        var fill = starts
        var byMember = [Int32](repeating: 0, count: starts[members])
        for (position, member) in eventMember.enumerated() where member >= 0 {
            byMember[fill[Int(member)]] = Int32(position)
            fill[Int(member)] += 1
        }
        var sums = [Double](repeating: 0, count: courses)
        var touched = [Bool](repeating: false, count: courses)
        var list: [Int32] = []
        return (0..<members).map { member in
            list.removeAll(keepingCapacity: true)
            for slot in starts[member]..<starts[member + 1] {
                let event = Int(byMember[slot])
                let course = Int(eventCourse[event])
                if !touched[course] {
                    touched[course] = true
                    list.append(Int32(course))
                }
                sums[course] += eventWeight[event]
            }
            list.sort()
            let items = list.map { course in (course: course, weight: Float(log1p(sums[Int(course)]))) }
            for course in list {
                sums[Int(course)] = 0
                touched[Int(course)] = false
            }
            return items
        }
    }

    /// Cosine similarity between courses over members' implicit weights; the best `keep` per
    /// course (ties: the lower course index first). Row by row: each course's members, through
    /// their histories, into one dense row — the same sums, in the same order, as a full
    /// co-occurrence matrix, without its memory.
    static func similarities(
        _ history: [[(course: Int32, weight: Float)]], courses: Int, keep: Int
    ) -> [[(course: Int32, similarity: Float)]] {
        var norms = Array(repeating: Float(0), count: courses)
        var postingStarts = [Int](repeating: 0, count: courses + 1)
        for items in history {
            for item in items {
                norms[Int(item.course)] += item.weight * item.weight
                postingStarts[Int(item.course) + 1] += 1
            }
        }
        for index in 0..<courses { postingStarts[index + 1] += postingStarts[index] }
        var fill = postingStarts
        var postingMember = [Int32](repeating: 0, count: postingStarts[courses])
        var postingWeight = [Float](repeating: 0, count: postingStarts[courses])
        for (member, items) in history.enumerated() {
            for item in items {
                let slot = fill[Int(item.course)]
                postingMember[slot] = Int32(member)
                postingWeight[slot] = item.weight
                fill[Int(item.course)] += 1
            }
        }
        let roots = norms.map { $0.squareRoot() }
        var products = [Float](repeating: 0, count: courses)
        var touched = [Bool](repeating: false, count: courses)
        var list: [Int32] = []
        return (0..<courses).map { course in
            guard roots[course] > 0 else { return [] }
            list.removeAll(keepingCapacity: true)
            for slot in postingStarts[course]..<postingStarts[course + 1] {
                let weight = postingWeight[slot]
                for other in history[Int(postingMember[slot])] where Int(other.course) != course {
                    let index = Int(other.course)
                    if !touched[index] {
                        touched[index] = true
                        list.append(other.course)
                    }
                    products[index] += weight * other.weight
                }
            }
            list.sort()
            var row: [(course: Int32, similarity: Float)] = []
            row.reserveCapacity(keep + 1)
            for other in list {
                let index = Int(other)
                let product = products[index]
                products[index] = 0
                touched[index] = false
                guard product > 0, roots[index] > 0 else { continue }
                let similarity = product / (roots[course] * roots[index])
                // Kept sorted best first; an equal similarity goes after the ones already kept.
                guard row.count < keep || similarity > (row.last?.similarity ?? 0) else { continue }
                var position = row.count
                while position > 0, row[position - 1].similarity < similarity { position -= 1 }
                row.insert((other, similarity), at: position)
                if row.count > keep { row.removeLast() }
            }
            return row
        }
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
        total += (courseIndex.count + memberIndex.count) * 2 * MemoryLayout<(Int64, Int)>.stride
        total += courseTags.reduce(0) { $0 + bytes($1) + 32 } + declaredInterests.reduce(0) { $0 + bytes($1) + 32 }
        total += history.reduce(0) { $0 + bytes($1) + 32 } + neighbours.reduce(0) { $0 + bytes($1) + 32 }
        total += coursesByTag.reduce(0) { $0 + bytes($1) + 32 } + peerCounts.reduce(0) { $0 + bytes($1) + 32 }
        return total
    }

    /// Implicit weights of `events` as the fit computes them, at the fit's request time.
    func weightsOf(_ events: [RecommenderInput.Event]) -> [(course: Int32, weight: Float)] {
        var raw: [Int32: Double] = [:]
        for event in events {
            guard let course = courseIndex[event.course] else { continue }
            let age = max(0, now.timeIntervalSince(event.at))
            raw[Int32(course), default: 0] +=
                (weights.kinds[event.kind] ?? 0) * pow(0.5, age / (weights.halfLifeDays * 86_400))
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
    func contentScore(_ course: Int, topics: [Float], topicMax: Float) -> (value: Float, tag: Int?) {
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
