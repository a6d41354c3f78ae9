import Foundation

/// Working memory for `Recommender.recommend`: rows as long as the catalogue, reset after each
/// answer by what was touched, so answering for every member allocates nothing per member.
/// One per thread; not shared.
public struct RecommendScratch {
    var itemScore: [Float]
    var because: [Int32]
    var strongest: [Float]
    var peerScore: [Float]
    var peerTopic: [Int]
    var damping: [Float]
    var isCandidate: [Bool]
    var isSeen: [Bool]
    var seenCourses: [Int] = []
    var touchedCourses: [Int] = []
    var isTouched: [Bool]
    var dampened: [Int] = []
    var candidates: [Int] = []
    var topics: [Float]
    var levelByTopic: [Int]
    var isTopicTouched: [Bool]
    var touchedTopics: [Int] = []

    /// Scratch rows for `model`.
    public init(for model: Recommender) {
        let courses = model.courseIDs.count
        let tags = model.tagNames.count
        itemScore = Array(repeating: 0, count: courses)
        because = Array(repeating: -1, count: courses)
        strongest = Array(repeating: 0, count: courses)
        peerScore = Array(repeating: 0, count: courses)
        peerTopic = Array(repeating: -1, count: courses)
        damping = Array(repeating: 1, count: courses)
        isCandidate = Array(repeating: false, count: courses)
        isSeen = Array(repeating: false, count: courses)
        isTouched = Array(repeating: false, count: courses)
        topics = Array(repeating: 0, count: tags)
        levelByTopic = Array(repeating: -1, count: tags)
        isTopicTouched = Array(repeating: false, count: tags)
    }

    mutating func touch(_ course: Int) {
        guard !isTouched[course] else { return }
        isTouched[course] = true
        touchedCourses.append(course)
    }

    mutating func touchTopic(_ topic: Int) {
        guard !isTopicTouched[topic] else { return }
        isTopicTouched[topic] = true
        touchedTopics.append(topic)
    }

    /// Back to all zeros, visiting only what the last answer touched.
    mutating func reset() {
        for course in touchedCourses {
            itemScore[course] = 0
            because[course] = -1
            strongest[course] = 0
            peerScore[course] = 0
            peerTopic[course] = -1
            isTouched[course] = false
        }
        touchedCourses.removeAll(keepingCapacity: true)
        for course in dampened { damping[course] = 1 }
        dampened.removeAll(keepingCapacity: true)
        for course in candidates { isCandidate[course] = false }
        candidates.removeAll(keepingCapacity: true)
        for course in seenCourses { isSeen[course] = false }
        seenCourses.removeAll(keepingCapacity: true)
        for topic in touchedTopics {
            topics[topic] = 0
            levelByTopic[topic] = -1
            isTopicTouched[topic] = false
        }
        touchedTopics.removeAll(keepingCapacity: true)
    }
}

extension Recommender {
    /// The member's best `count` courses among `allowed` (nil: all), never one in `excluded` or
    /// one they interacted with.
    public func recommend(
        for memberID: Int64, count: Int, excluding excluded: Set<Int64> = [], allowed: Set<Int64>? = nil,
        current: CurrentMember? = nil, fill: Bool = true, refused: Set<Int64> = []
    ) -> [Item] {
        var scratch = RecommendScratch(for: self)
        return recommend(
            for: memberID, count: count, excluding: excluded, allowed: allowed, current: current, fill: fill,
            refused: refused, scratch: &scratch)
    }

    /// `recommend` with working memory reused from earlier answers (answering for many members).
    public func recommend(
        for memberID: Int64, count: Int, excluding excluded: Set<Int64> = [], allowed: Set<Int64>? = nil,
        current: CurrentMember? = nil, fill: Bool = true, refused: Set<Int64> = [],
        scratch: inout RecommendScratch
    ) -> [Item] {
        defer { scratch.reset() }
        let member = memberIndex[memberID]
        // What the member did and said since the fit, when the caller knows it (the live agent).
        let items = current.map { weightsOf($0.events) } ?? member.map { history[$0] } ?? []
        for item in items {
            scratch.isSeen[Int(item.course)] = true
            scratch.seenCourses.append(Int(item.course))
        }
        for id in excluded {
            guard let index = courseIndex[id] else { continue }
            scratch.isSeen[index] = true
            scratch.seenCourses.append(index)
        }

        // Item-item: the similarity of each candidate to what the member took, with the strongest link.
        for item in items {
            for neighbour in neighbours[Int(item.course)] {
                let contribution = item.weight * neighbour.similarity
                let index = Int(neighbour.course)
                scratch.touch(index)
                scratch.itemScore[index] += contribution
                if contribution > scratch.strongest[index] {
                    scratch.strongest[index] = contribution
                    scratch.because[index] = item.course
                }
            }
        }
        var itemMax: Float = 0
        for course in scratch.touchedCourses { itemMax = max(itemMax, scratch.itemScore[course]) }

        // The member's topics: declared interests, and the tags of what they took.
        let interests =
            current.map { $0.interests.compactMap { tagIndex[$0.lowercased()] } } ?? member.map {
                declaredInterests[$0]
            }
            ?? []
        for topic in interests {
            scratch.touchTopic(topic)
            scratch.topics[topic] += 1
        }
        for item in items {
            let tags = courseTags[Int(item.course)]
            for (position, tag) in tags.enumerated() {
                scratch.touchTopic(tag)
                scratch.topics[tag] += item.weight * (position == 0 ? 1 : 0.5)
            }
            if let main = tags.first {
                scratch.touchTopic(main)
                scratch.levelByTopic[main] = max(scratch.levelByTopic[main], courseLevel[Int(item.course)])
            }
        }
        var topicMax: Float = 0
        for topic in scratch.touchedTopics { topicMax = max(topicMax, scratch.topics[topic]) }
        let declared = current.map { $0.level.map(Self.rank) } ?? member.flatMap { declaredLevel[$0] }

        // Peers: recent subscriptions of members with the same declared interests and level.
        let cold = current.map { $0.events.count < 3 } ?? member.map { eventCounts[$0] < 3 } ?? true
        for topic in interests.isEmpty && cold ? [everyone] : interests {
            let specific = peerCounts[topic * 4 + (declared ?? 3)]
            let counts = specific.isEmpty ? peerCounts[topic * 4 + 3] : specific
            for (course, share) in counts {
                let index = Int(course)
                scratch.touch(index)
                if share > scratch.peerScore[index] { scratch.peerTopic[index] = topic }
                scratch.peerScore[index] += share
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
        for id in refused {
            guard let index = courseIndex[id] else { continue }
            for neighbour in neighbours[index].prefix(10) {
                let course = Int(neighbour.course)
                if scratch.damping[course] == 1 { scratch.dampened.append(course) }
                scratch.damping[course] = min(scratch.damping[course], 1 - 0.5 * neighbour.similarity)
            }
        }
        // Candidates: neighbours of what they took, what their peers took, the most popular courses
        // of their strongest topics, and the most popular overall — not the whole catalogue.
        func consider(_ course: Int) {
            guard !scratch.isCandidate[course] else { return }
            scratch.isCandidate[course] = true
            scratch.candidates.append(course)
        }
        // In course order: scanning every course beats sorting when many were touched.
        if scratch.touchedCourses.count * 16 > courseIDs.count {
            for course in 0..<courseIDs.count
            where scratch.isTouched[course] && (scratch.itemScore[course] > 0 || scratch.peerScore[course] > 0) {
                consider(course)
            }
        } else {
            for course in scratch.touchedCourses.sorted()
            where scratch.itemScore[course] > 0 || scratch.peerScore[course] > 0 {
                consider(course)
            }
        }
        let mainTopics = scratch.touchedTopics.sorted().filter { scratch.topics[$0] > 0 }
            .sorted { scratch.topics[$0] > scratch.topics[$1] }.prefix(8)
        for topic in mainTopics { for course in coursesByTag[topic].prefix(60) { consider(Int(course)) } }
        for course in byPopularity.prefix(max(50, count * 5)) { consider(Int(course)) }
        // Level multipliers by how many levels a course is below the member's.
        let below = (0...3).map { Float(pow(weights.levelBelow, Double($0))) }
        for course in scratch.candidates where !scratch.isSeen[course] {
            if let allowed, !allowed.contains(courseIDs[course]) { continue }
            let evidence =
                itemWeight * scratch.itemScore[course] + peerWeight * scratch.peerScore[course]
                + popularityWeight * popularity[course]
            // Content is at most 1 and the multipliers at most 1: a course that could not beat
            // the list even with a perfect content match is not scored.
            // (The margin covers rounding: the sum is added up in another order below.)
            if best.count >= count, (evidence + contentWeight) * 1.0001 < floor { continue }
            var score =
                itemWeight * scratch.itemScore[course] + peerWeight * scratch.peerScore[course]
                + contentWeight * contentScore(course, topics: scratch.topics, topicMax: topicMax).value
                + popularityWeight * popularity[course]
            score *= scratch.damping[course]
            // Courses with no evidence at all fill a short list (offline evaluation), after every other.
            if !fill, score <= 0 { continue }
            let reached =
                courseTags[course].first.flatMap {
                    scratch.levelByTopic[$0] >= 0 ? scratch.levelByTopic[$0] : nil
                } ?? declared
            if let reached {
                let level = courseLevel[course]
                if level < reached { score *= below[min(3, reached - level)] }
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
            let (content, tag) = contentScore(course, topics: scratch.topics, topicMax: topicMax)
            let terms: [(ReasonKind, Float)] = [
                (.similar, itemWeight * scratch.itemScore[course]), (.peers, peerWeight * scratch.peerScore[course]),
                (.topic, contentWeight * content), (.popular, popularityWeight * popularity[course]),
            ]
            let top = terms.max { $0.1 < $1.1 }?.0 ?? .popular
            let peerTopic = scratch.peerTopic[course]
            let evidence: String? =
                switch top {
                case .similar: scratch.because[course] >= 0 ? String(courseIDs[Int(scratch.because[course])]) : nil
                case .peers: peerTopic >= 0 && peerTopic != everyone ? tagNames[peerTopic] : nil
                case .topic: tag.map { tagNames[$0] }
                case .popular: nil
                }
            return Item(course: courseIDs[course], score: Double(chosen.score), reason: top, evidence: evidence)
        }
    }
}
