/// Working memory for `Recommender.recommend`: rows as long as the catalogue, reset after each
/// answer by what was touched, so answering for every member allocates almost nothing per
/// member. One per thread; not shared.
public final class RecommendScratch {
    let itemScore: ScratchRow<Float>
    let because: ScratchRow<Int32>
    let strongest: ScratchRow<Float>
    let isTouched: ScratchRow<Bool>
    let touched: ScratchList
    let peerScore: ScratchRow<Float>
    let peerTopic: ScratchRow<Int32>
    let isPeerTouched: ScratchRow<Bool>
    let peerTouched: ScratchList
    /// What `peerScore` holds now: the topics and level it was summed for, and their rows.
    var peerKey: PeerKey?
    var peerRows: [[PeerShares.Share]] = []
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
        itemScore = ScratchRow(repeating: 0, count: courses)
        because = ScratchRow(repeating: -1, count: courses)
        strongest = ScratchRow(repeating: 0, count: courses)
        isTouched = ScratchRow(repeating: false, count: courses)
        touched = ScratchList(capacity: courses)
        peerScore = ScratchRow(repeating: 0, count: courses)
        peerTopic = ScratchRow(repeating: -1, count: courses)
        isPeerTouched = ScratchRow(repeating: false, count: courses)
        peerTouched = ScratchList(capacity: courses)
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
        itemScore.free()
        because.free()
        strongest.free()
        isTouched.free()
        touched.free()
        peerScore.free()
        peerTopic.free()
        isPeerTouched.free()
        peerTouched.free()
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

    func touch(_ course: Int) {
        guard !isTouched[course] else { return }
        isTouched[course] = true
        touched.push(course)
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

    /// Sums `rows` (the key's topics' rows, in order) into `peerScore`, unless it holds them.
    func preparePeers(_ key: PeerKey, rows: () -> [[PeerShares.Share]]) {
        guard peerKey != key else { return }
        for course in peerTouched {
            peerScore[course] = 0
            peerTopic[course] = -1
            isPeerTouched[course] = false
        }
        peerTouched.removeAll()
        peerRows = rows()
        for (topic, row) in zip(key.topics, peerRows) {
            for (course, share) in row {
                let index = Int(course)
                if !isPeerTouched[index] {
                    isPeerTouched[index] = true
                    peerTouched.push(index)
                }
                if share > peerScore[index] { peerTopic[index] = Int32(topic) }
                peerScore[index] += share
            }
        }
        peerKey = key
    }

    /// Back to all zeros, visiting only what the last answer touched; the peer rows stay for
    /// the next member with the same peers.
    func reset() {
        for course in touched {
            itemScore[course] = 0
            because[course] = -1
            strongest[course] = 0
            isTouched[course] = false
        }
        touched.removeAll()
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
