import Foundation
import Synchronization

/// Working memory for `Recommender.recommend`: rows as long as the catalogue, reset after each
/// answer by what was touched, so answering for every member allocates nothing per member.
/// One per thread; not shared.
public struct RecommendScratch {
    var itemScore: [Float]
    var because: [Int32]
    var strongest: [Float]
    var peerScore: [Float]
    var peerTopic: [Int]
    /// What `peerScore` holds now: the topics and level it was summed for.
    var peerKey: PeerKey?
    var peerTouched: [Int] = []
    /// Courses with a peer score, in course order.
    var peerCandidates: [Int] = []
    /// Each of `peerCandidates`' best possible score (peers and popularity, content assumed
    /// perfect), for the weights `peerBoundWeights`.
    var peerBound: [Float] = []
    var peerBoundWeights: (Float, Float, Float)?
    var isPeerTouched: [Bool]
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

    /// `peerBound` for these weights (worked out once per peer group and weights).
    mutating func peerBounds(
        peerWeight: Float, popularityWeight: Float, contentWeight: Float, _ popularity: [Float]
    ) {
        if let weights = peerBoundWeights, weights == (peerWeight, popularityWeight, contentWeight) { return }
        peerBound = peerCandidates.map {
            peerWeight * peerScore[$0] + popularityWeight * popularity[$0] + contentWeight
        }
        peerBoundWeights = (peerWeight, popularityWeight, contentWeight)
    }

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
        isPeerTouched = Array(repeating: false, count: courses)
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

    /// Back to all zeros, visiting only what the last answer touched; the peer rows stay for
    /// the next member with the same peers.
    mutating func reset() {
        for course in touchedCourses {
            itemScore[course] = 0
            because[course] = -1
            strongest[course] = 0
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

/// Whose recent subscriptions count as a member's peers: their topics (in order) and level.
struct PeerKey: Hashable, Comparable {
    var topics: [Int]
    var level: Int

    static func < (left: PeerKey, right: PeerKey) -> Bool {
        left.level != right.level ? left.level < right.level : left.topics.lexicographicallyPrecedes(right.topics)
    }
}

extension Recommender {
    /// Every member's best `count` courses, in input order: the same answers as `recommend` one
    /// by one, computed with members who share peers next to each other so the peer rows are
    /// summed once per group; on `threads` threads of its own (each with its own working rows).
    public func recommendAll(count: Int, threads: Int = 1) -> [[Item]] {
        let keys = memberIDs.indices.map { member in
            peerKey(
                interests: declaredInterests[member], cold: eventCounts[member] < 3, declared: declaredLevel[member])
        }
        // Grouped by peers, then by whether the member is new (which changes the peers' weight).
        let order = memberIDs.indices.sorted {
            if keys[$0] != keys[$1] { return keys[$0] < keys[$1] }
            if (eventCounts[$0] < 3) != (eventCounts[$1] < 3) { return eventCounts[$0] < 3 }
            return $0 < $1
        }
        let parts = max(1, min(threads, order.count))
        let answers = Mutex(Array(repeating: [Item](), count: memberIDs.count))
        let model = self
        let run = { @Sendable (part: Int) in
            var scratch = RecommendScratch(for: model)
            let slice = order[(order.count * part / parts)..<(order.count * (part + 1) / parts)]
            var found: [(Int, [Item])] = []
            found.reserveCapacity(slice.count)
            for member in slice {
                found.append((member, model.recommend(for: model.memberIDs[member], count: count, scratch: &scratch)))
            }
            answers.withLock { answers in for (member, items) in found { answers[member] = items } }
        }
        if parts == 1 {
            run(0)
        } else {
            let group = DispatchGroup()
            for part in 0..<parts {
                group.enter()
                Thread {
                    run(part)
                    group.leave()
                }.start()
            }
            group.wait()
        }
        return answers.withLock { $0 }
    }

    func peerKey(interests: [Int], cold: Bool, declared: Int?) -> PeerKey {
        PeerKey(topics: interests.isEmpty && cold ? [everyone] : interests, level: declared ?? 3)
    }

    /// Sums the peer rows for `key`, unless they already hold it.
    func preparePeers(_ key: PeerKey, scratch: inout RecommendScratch) {
        guard scratch.peerKey != key else { return }
        for course in scratch.peerTouched {
            scratch.peerScore[course] = 0
            scratch.peerTopic[course] = -1
            scratch.isPeerTouched[course] = false
        }
        scratch.peerTouched.removeAll(keepingCapacity: true)
        for topic in key.topics {
            let specific = peerCounts[topic * 4 + key.level]
            let counts = specific.isEmpty ? peerCounts[topic * 4 + 3] : specific
            for (course, share) in counts {
                let index = Int(course)
                if !scratch.isPeerTouched[index] {
                    scratch.isPeerTouched[index] = true
                    scratch.peerTouched.append(index)
                }
                if share > scratch.peerScore[index] { scratch.peerTopic[index] = topic }
                scratch.peerScore[index] += share
            }
        }
        scratch.peerTouched.sort()
        scratch.peerCandidates = scratch.peerTouched.filter { scratch.peerScore[$0] > 0 }
        scratch.peerBoundWeights = nil
        scratch.peerKey = key
    }

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
        preparePeers(peerKey(interests: interests, cold: cold, declared: declared), scratch: &scratch)

        let peerWeight = Float(weights.peers * (cold ? weights.coldBoost : 1))
        let contentWeight = Float(weights.content * (cold ? weights.coldBoost : 1))
        let itemWeight = itemMax > 0 ? Float(weights.itemItem) / itemMax : 0
        let popularityWeight = Float(weights.popularity)
        // Courses like one the member refused count for less (by how alike they are).
        for id in refused {
            guard let index = courseIndex[id] else { continue }
            for neighbour in neighbours[index].prefix(10) {
                let course = Int(neighbour.course)
                if scratch.damping[course] == 1 { scratch.dampened.append(course) }
                scratch.damping[course] = min(scratch.damping[course], 1 - 0.5 * neighbour.similarity)
            }
        }
        // Level multipliers by how many levels a course is below the member's.
        let below = (0...3).map { Float(pow(weights.levelBelow, Double($0))) }
        // The best `count` by score, ties to the lower rank. Candidates and their ranks: what the
        // item scores or the peers reached (rank: the course index), then the most popular
        // courses of the member's strongest topics, then the most popular overall (ranks after
        // every course, in that order) — not the whole catalogue.
        var best: [(course: Int, score: Float, rank: Int)] = []
        best.reserveCapacity(count + 1)
        func offer(_ course: Int, rank: Int) {
            guard !scratch.isSeen[course] else { return }
            if let allowed, !allowed.contains(courseIDs[course]) { return }
            let evidence =
                itemWeight * scratch.itemScore[course] + peerWeight * scratch.peerScore[course]
                + popularityWeight * popularity[course]
            // Content is at most 1 and the multipliers at most 1: a course that could not beat
            // the list even with a perfect content match is not scored. (The margin covers
            // rounding: the full score adds up in another order.)
            if best.count >= count, let last = best.last, (evidence + contentWeight) * 1.0001 < last.score { return }
            var score =
                itemWeight * scratch.itemScore[course] + peerWeight * scratch.peerScore[course]
                + contentWeight * contentScore(course, topics: scratch.topics, topicMax: topicMax).value
                + popularityWeight * popularity[course]
            score *= scratch.damping[course]
            // Courses with no evidence at all fill a short list (offline evaluation), after every other.
            if !fill, score <= 0 { return }
            let reached =
                courseTags[course].first.flatMap {
                    scratch.levelByTopic[$0] >= 0 ? scratch.levelByTopic[$0] : nil
                } ?? declared
            if let reached {
                let level = courseLevel[course]
                if level < reached { score *= below[min(3, reached - level)] }
                if level > reached + 1 { score *= Float(weights.levelFarAbove) }
            }
            func ahead(_ other: (course: Int, score: Float, rank: Int)) -> Bool {
                score > other.score || (score == other.score && rank < other.rank)
            }
            if best.count >= count, let last = best.last, !ahead(last) { return }
            let position = best.firstIndex(where: ahead) ?? best.count
            best.insert((course, score, rank), at: position)
            if best.count > count { best.removeLast() }
        }
        // What the item scores reached, exactly.
        for course in scratch.touchedCourses where scratch.itemScore[course] > 0 {
            scratch.isCandidate[course] = true
            scratch.candidates.append(course)
            offer(course, rank: course)
        }
        // The topics' and the community's most popular, unless the peers reached them (then
        // they are offered below, with the peers' rank).
        var rank = courseIDs.count
        let mainTopics = scratch.touchedTopics.sorted().filter { scratch.topics[$0] > 0 }
            .sorted { scratch.topics[$0] > scratch.topics[$1] }.prefix(8)
        let extra =
            mainTopics.flatMap { coursesByTag[$0].prefix(60) } + byPopularity.prefix(max(50, count * 5))
        for course32 in extra {
            let course = Int(course32)
            guard !scratch.isCandidate[course] else { continue }
            scratch.isCandidate[course] = true
            scratch.candidates.append(course)
            guard scratch.peerScore[course] <= 0 else { continue }
            offer(course, rank: rank)
            rank += 1
        }
        // What only the peers reached, unless even its best possible score cannot enter the list.
        scratch.peerBounds(
            peerWeight: peerWeight, popularityWeight: popularityWeight, contentWeight: contentWeight, popularity)
        for (position, course) in scratch.peerCandidates.enumerated() {
            if best.count >= count, let last = best.last, scratch.peerBound[position] * 1.0001 < last.score {
                continue
            }
            guard !(scratch.isTouched[course] && scratch.itemScore[course] > 0) else { continue }
            offer(course, rank: course)
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
