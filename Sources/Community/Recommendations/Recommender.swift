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
    let peerCounts: [[Int32: Float]]
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
        var raw = Array(repeating: [Int32: Double](), count: input.members.count)
        var counts = Array(repeating: 0, count: input.members.count)
        var popularity = Array(repeating: Float(0), count: courseCount)
        var peerCounts = Array(repeating: [Int32: Float](), count: tagNames.count * 4)
        for event in input.events {
            guard let member = memberIndex[event.member], let course = courseIndex[event.course] else { continue }
            counts[member] += 1
            let age = max(0, input.now.timeIntervalSince(event.at))
            let decay = pow(0.5, age / halfLife)
            raw[member][Int32(course), default: 0] += (weights.kinds[event.kind] ?? 0) * decay
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
        let history = raw.map { items in
            items.map { (course: $0.key, weight: Float(log1p($0.value))) }.sorted { $0.course < $1.course }
        }
        self.history = history
        eventCounts = counts
        let maximum = popularity.max() ?? 0
        self.popularity = maximum > 0 ? popularity.map { $0 / maximum } : popularity
        self.peerCounts = peerCounts.map { counts in
            let maximum = counts.values.max() ?? 0
            return maximum > 0 ? counts.mapValues { $0 / maximum } : counts
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

    /// Cosine similarity between courses over members' implicit weights; the best `keep` per course.
    static func similarities(
        _ history: [[(course: Int32, weight: Float)]], courses: Int, keep: Int
    ) -> [[(course: Int32, similarity: Float)]] {
        var norms = Array(repeating: Float(0), count: courses)
        var products = Array(repeating: Float(0), count: courses * courses)
        for items in history {
            for item in items { norms[Int(item.course)] += item.weight * item.weight }
            for (position, first) in items.enumerated() {
                let row = Int(first.course) * courses
                for second in items[(position + 1)...] {
                    let value = first.weight * second.weight
                    products[row + Int(second.course)] += value
                    products[Int(second.course) * courses + Int(first.course)] += value
                }
            }
        }
        let roots = norms.map { $0.squareRoot() }
        return (0..<courses).map { course in
            guard roots[course] > 0 else { return [] }
            var row: [(course: Int32, similarity: Float)] = []
            for other in 0..<courses where other != course && roots[other] > 0 {
                let product = products[course * courses + other]
                if product > 0 { row.append((Int32(other), product / (roots[course] * roots[other]))) }
            }
            row.sort { $0.similarity > $1.similarity }
            return Array(row.prefix(keep))
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

    /// Implicit weights of `events` as the fit computes them, at the fit's request time.
    private func weightsOf(_ events: [RecommenderInput.Event]) -> [(course: Int32, weight: Float)] {
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

    /// The member's best `count` courses among `allowed` (nil: all), never one in `excluded` or
    /// one they interacted with.
    public func recommend(
        for memberID: Int64, count: Int, excluding excluded: Set<Int64> = [], allowed: Set<Int64>? = nil,
        current: CurrentMember? = nil, fill: Bool = true, refused: Set<Int64> = []
    ) -> [Item] {
        let member = memberIndex[memberID]
        // What the member did and said since the fit, when the caller knows it (the live agent).
        let items = current.map { weightsOf($0.events) } ?? member.map { history[$0] } ?? []
        var seen = Set(items.map { Int($0.course) })
        for id in excluded { if let index = courseIndex[id] { seen.insert(index) } }
        let courseCount = courseIDs.count

        // Item-item: the similarity of each candidate to what the member took, with the strongest link.
        var itemScore = Array(repeating: Float(0), count: courseCount)
        var because = Array(repeating: Int32(-1), count: courseCount)
        var strongest = Array(repeating: Float(0), count: courseCount)
        for item in items {
            for neighbour in neighbours[Int(item.course)] {
                let contribution = item.weight * neighbour.similarity
                let index = Int(neighbour.course)
                itemScore[index] += contribution
                if contribution > strongest[index] {
                    strongest[index] = contribution
                    because[index] = item.course
                }
            }
        }
        let itemMax = itemScore.max() ?? 0

        // The member's topics: declared interests, and the tags of what they took.
        var topics = Array(repeating: Float(0), count: tagNames.count)
        let interests =
            current.map { $0.interests.compactMap { tagIndex[$0.lowercased()] } } ?? member.map {
                declaredInterests[$0]
            }
            ?? []
        for topic in interests { topics[topic] += 1 }
        var levelByTopic = Array(repeating: -1, count: tagNames.count)
        for item in items {
            let tags = courseTags[Int(item.course)]
            for (position, tag) in tags.enumerated() {
                topics[tag] += item.weight * (position == 0 ? 1 : 0.5)
            }
            if let main = tags.first { levelByTopic[main] = max(levelByTopic[main], courseLevel[Int(item.course)]) }
        }
        let topicMax = topics.max() ?? 0
        let declared = current.map { $0.level.map(Self.rank) } ?? member.flatMap { declaredLevel[$0] }

        // Peers: recent subscriptions of members with the same declared interests and level.
        let cold = current.map { $0.events.count < 3 } ?? member.map { eventCounts[$0] < 3 } ?? true
        var peerScore = Array(repeating: Float(0), count: courseCount)
        var peerTopic = Array(repeating: Int(-1), count: courseCount)
        for topic in interests.isEmpty && cold ? [everyone] : interests {
            let specific = peerCounts[topic * 4 + (declared ?? 3)]
            let counts = specific.isEmpty ? peerCounts[topic * 4 + 3] : specific
            for (course, share) in counts {
                if share > peerScore[Int(course)] { peerTopic[Int(course)] = topic }
                peerScore[Int(course)] += share
            }
        }

        let peerWeight = Float(weights.peers * (cold ? weights.coldBoost : 1))
        let contentWeight = Float(weights.content * (cold ? weights.coldBoost : 1))
        let itemWeight = itemMax > 0 ? Float(weights.itemItem) / itemMax : 0
        let popularityWeight = Float(weights.popularity)
        // Scores first (no allocation per course), then reasons for the chosen few only.
        var best: [(course: Int, score: Float)] = []
        best.reserveCapacity(count + 1)
        var floor: Float = 0
        // Courses like one the member refused count for less (by how alike they are).
        var damping = Array(repeating: Float(1), count: courseCount)
        for id in refused {
            guard let index = courseIndex[id] else { continue }
            for neighbour in neighbours[index].prefix(10) {
                damping[Int(neighbour.course)] = min(damping[Int(neighbour.course)], 1 - 0.5 * neighbour.similarity)
            }
        }
        // Candidates: neighbours of what they took, what their peers took, the most popular courses
        // of their strongest topics, and the most popular overall — not the whole catalogue.
        var isCandidate = Array(repeating: false, count: courseCount)
        var candidates: [Int] = []
        func consider(_ course: Int) {
            guard !isCandidate[course] else { return }
            isCandidate[course] = true
            candidates.append(course)
        }
        for course in 0..<courseCount where itemScore[course] > 0 || peerScore[course] > 0 { consider(course) }
        let mainTopics = topics.indices.filter { topics[$0] > 0 }.sorted { topics[$0] > topics[$1] }.prefix(8)
        for topic in mainTopics { for course in coursesByTag[topic].prefix(60) { consider(Int(course)) } }
        for course in byPopularity.prefix(max(50, count * 5)) { consider(Int(course)) }
        for course in candidates where !seen.contains(course) {
            if let allowed, !allowed.contains(courseIDs[course]) { continue }
            var score =
                itemWeight * itemScore[course] + peerWeight * peerScore[course]
                + contentWeight * contentScore(course, topics: topics, topicMax: topicMax).value
                + popularityWeight * popularity[course]
            score *= damping[course]
            // Courses with no evidence at all fill a short list (offline evaluation), after every other.
            if !fill, score <= 0 { continue }
            let reached =
                courseTags[course].first.flatMap { levelByTopic[$0] >= 0 ? levelByTopic[$0] : nil } ?? declared
            if let reached {
                let level = courseLevel[course]
                if level < reached { score *= Float(pow(weights.levelBelow, Double(reached - level))) }
                if level > reached + 1 { score *= Float(weights.levelFarAbove) }
            }
            guard best.count < count || score > floor else { continue }
            let position = best.firstIndex { $0.score < score } ?? best.count
            best.insert((course, score), at: position)
            if best.count > count { best.removeLast() }
            floor = best.last?.score ?? 0
        }
        return best.map { chosen in
            let course = chosen.course
            let (content, tag) = contentScore(course, topics: topics, topicMax: topicMax)
            let terms: [(ReasonKind, Float)] = [
                (.similar, itemWeight * itemScore[course]), (.peers, peerWeight * peerScore[course]),
                (.topic, contentWeight * content), (.popular, popularityWeight * popularity[course]),
            ]
            let top = terms.max { $0.1 < $1.1 }?.0 ?? .popular
            let evidence: String? =
                switch top {
                case .similar: because[course] >= 0 ? String(courseIDs[Int(because[course])]) : nil
                case .peers: peerTopic[course] >= 0 && peerTopic[course] != everyone ? tagNames[peerTopic[course]] : nil
                case .topic: tag.map { tagNames[$0] }
                case .popular: nil
                }
            return Item(course: courseIDs[course], score: Double(chosen.score), reason: top, evidence: evidence)
        }
    }

    /// How well a course's tags (its main topic counting double) match the member's topics, 0…1,
    /// and the tag that matched best.
    private func contentScore(_ course: Int, topics: [Float], topicMax: Float) -> (value: Float, tag: Int?) {
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
