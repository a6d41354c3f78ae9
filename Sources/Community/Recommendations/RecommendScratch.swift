/// Working memory for `Recommender.recommend`: rows as long as the catalogue, reset after each
/// answer by what was touched, so answering for every member allocates almost nothing per
/// member. One per thread; not shared.
public final class RecommendScratch {
    /// Per course, the item-item term's score.
    let itemScores: ScratchRow<Float>
    /// Per course, its place in the answer while the reasons are found; -1 otherwise.
    let chosenSlots: ScratchRow<Int32>
    /// The courses with a link, in the order found.
    let linked: ScratchList
    /// The peers the rows below are for: the key's topics and level.
    var peerKey: PeerKey?
    /// The key's rows (one per topic, in order) and their courses best share first.
    var peerRows: [Int] = []
    var peerWalks: [[PeerShares.Share]] = []
    /// Per course, the sum of the key's rows' shares (added row by row, in the key's order).
    let peerScores: ScratchRow<Float>
    let damping: ScratchRow<Float>
    let dampened: ScratchList
    let isCandidate: ScratchRow<Bool>
    let candidates: ScratchList
    let isSeen: ScratchRow<Bool>
    let seen: ScratchList
    let topics: ScratchRow<Float>
    let levelByTopic: ScratchRow<Int>
    let isTopicTouched: ScratchRow<Bool>
    let touchedTopics: ScratchList

    /// Working memory for answers from `model`.
    public init(for model: Recommender) {
        let courses = model.courseIDs.count
        let tags = model.tagNames.count
        itemScores = ScratchRow(repeating: 0, count: courses)
        chosenSlots = ScratchRow(repeating: -1, count: courses)
        linked = ScratchList(capacity: courses)
        peerScores = ScratchRow(repeating: 0, count: courses)
        damping = ScratchRow(repeating: 1, count: courses)
        dampened = ScratchList(capacity: courses)
        isCandidate = ScratchRow(repeating: false, count: courses)
        candidates = ScratchList(capacity: courses)
        isSeen = ScratchRow(repeating: false, count: courses)
        seen = ScratchList(capacity: courses)
        topics = ScratchRow(repeating: 0, count: tags)
        levelByTopic = ScratchRow(repeating: -1, count: tags)
        isTopicTouched = ScratchRow(repeating: false, count: tags)
        touchedTopics = ScratchList(capacity: tags)
    }

    deinit {
        itemScores.free()
        chosenSlots.free()
        peerScores.free()
        linked.free()
        damping.free()
        dampened.free()
        isCandidate.free()
        candidates.free()
        isSeen.free()
        seen.free()
        topics.free()
        levelByTopic.free()
        isTopicTouched.free()
        touchedTopics.free()
    }

    func touchTopic(_ topic: Int) {
        guard !isTopicTouched[topic] else { return }
        isTopicTouched[topic] = true
        touchedTopics.push(topic)
    }

    func markSeen(_ course: Int) {
        guard !isSeen[course] else { return }
        isSeen[course] = true
        seen.push(course)
    }

    func markCandidate(_ course: Int) {
        isCandidate[course] = true
        candidates.push(course)
    }

    func dampen(_ course: Int, to factor: Float) {
        if damping[course] == 1 { dampened.push(course) }
        damping[course] = min(damping[course], factor)
    }

    /// What `selectStrongest` chose last.
    private(set) var strongest: [(course: Int32, weight: Float)] = []

    /// Keeps in `strongest` the `count` items with the most weight, most first (ties: the lower
    /// course) — or all of them, in their order, when there are no more than `count`.
    func selectStrongest(_ items: ArraySlice<(course: Int32, weight: Float)>, count: Int) {
        pickStrongest(items, count: count, into: &strongest)
    }

    /// What `selectMainTopics` chose last.
    private(set) var mainTopics: [Int] = []

    /// Keeps in `mainTopics` the `count` touched topics with the most weight above zero, most
    /// first (ties: the lower topic).
    func selectMainTopics(count: Int) {
        mainTopics.removeAll(keepingCapacity: true)
        for topic in touchedTopics where topics[topic] > 0 {
            keepBest(topic, in: &mainTopics, count: count) { left, right in
                topics[left] != topics[right] ? topics[left] > topics[right] : left < right
            }
        }
    }

    /// Looks up the rows of `key` in `shares`, unless this scratch holds them.
    func preparePeers(_ key: PeerKey, in shares: PeerShares) {
        guard peerKey != key else { return }
        peerRows = key.topics.map { shares.row(topic: $0, level: key.level) }
        let peerTableStarts = peerRows.map { shares.tableStart[$0] }.filter { $0 >= 0 }
        peerWalks = peerRows.map { shares.rows[$0] }
        peerKey = key
        peerScores.fill(with: 0)
        shares.table.withUnsafeBufferPointer { table in
            peerScores.withBuffer { scores in
                for start in peerTableStarts {
                    let row = UnsafeBufferPointer(rebasing: table[start..<(start + scores.count)])
                    for course in scores.indices { scores[course] += row[course] }
                }
            }
        }
    }

    /// Back to all zeros, visiting only what the last answer touched; the peer rows stay for
    /// the next member with the same peers.
    func reset() {
        for course in linked { itemScores[course] = 0 }
        linked.removeAll()
        for course in dampened { damping[course] = 1 }
        dampened.removeAll()
        for course in candidates { isCandidate[course] = false }
        candidates.removeAll()
        for course in seen { isSeen[course] = false }
        seen.removeAll()
        for topic in touchedTopics {
            topics[topic] = 0
            levelByTopic[topic] = -1
            isTopicTouched[topic] = false
        }
        touchedTopics.removeAll()
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
