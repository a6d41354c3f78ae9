import Foundation
import Synchronization

extension Recommender {
    /// Every member's best `count` courses, in input order: the same answers as `recommend` one
    /// by one, computed with members who share peers next to each other (their rows of the
    /// peers' table are looked up once per group and stay in cache); on `threads` threads of
    /// its own (each with its own working rows).
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
            let scratch = RecommendScratch(for: model)
            let slice = order[(order.count * part / parts)..<(order.count * (part + 1) / parts)]
            var found: [(Int, [Item])] = []
            found.reserveCapacity(slice.count)
            for member in slice {
                found.append((member, model.recommend(for: model.memberIDs[member], count: count, scratch: scratch)))
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

    /// The member's best `count` courses among `allowed` (nil: all), never one in `excluded` or
    /// one they interacted with.
    public func recommend(
        for memberID: Int64, count: Int, excluding excluded: Set<Int64> = [], allowed: Set<Int64>? = nil,
        current: CurrentMember? = nil, fill: Bool = true, refused: Set<Int64> = []
    ) -> [Item] {
        recommend(
            for: memberID, count: count, excluding: excluded, allowed: allowed, current: current, fill: fill,
            refused: refused, scratch: RecommendScratch(for: self))
    }

    /// `recommend` with working memory reused from earlier answers (answering for many members).
    public func recommend(
        for memberID: Int64, count: Int, excluding excluded: Set<Int64> = [], allowed: Set<Int64>? = nil,
        current: CurrentMember? = nil, fill: Bool = true, refused: Set<Int64> = [],
        scratch: RecommendScratch
    ) -> [Item] {
        defer { scratch.reset() }
        let member = memberIndex[memberID]
        // What the member did and said since the fit, when the caller knows it (the live agent).
        let items = current.map { weightsOf($0.events)[...] } ?? member.map { history[$0] } ?? []
        for item in items { scratch.markSeen(Int(item.course)) }
        for id in excluded {
            guard let index = courseIndex[id] else { continue }
            scratch.markSeen(index)
        }

        // Item-item: the similarity of each candidate to what the member took (the strongest
        // link is found later, for the courses chosen). Contributions are never negative, so a
        // course is linked at its first positive one.
        let itemScores = scratch.itemScores
        scratch.selectStrongest(items, count: weights.strongestCourses)
        let strong = scratch.strongest
        neighbours.items.withUnsafeBufferPointer { all in
            itemScores.withBuffer { scores in
                for item in strong {
                    let course = Int(item.course)
                    for neighbour in all[neighbours.starts[course]..<neighbours.starts[course + 1]] {
                        let contribution = item.weight * neighbour.similarity
                        let index = Int(neighbour.course)
                        let score = scores[index]
                        scratch.linked.push(index, if: score == 0 && contribution > 0)
                        scores[index] = score + contribution
                    }
                }
            }
        }
        var itemMax: Float = 0
        for course in scratch.linked { itemMax = max(itemMax, itemScores[course]) }

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
        let key = peerKey(interests: interests, cold: cold, declared: declared)
        scratch.preparePeers(key, in: peerShares)
        let peerScores = scratch.peerScores
        /// The sum of the peers' shares of `course`, topic by topic.
        func peerScore(_ course: Int) -> Float { peerScores[course] }

        let peerWeight = Float(weights.peers * (cold ? weights.coldBoost : 1))
        let contentWeight = Float(weights.content * (cold ? weights.coldBoost : 1))
        let itemWeight = itemMax > 0 ? Float(weights.itemItem) / itemMax : 0
        let popularityWeight = Float(weights.popularity)
        // Courses like one the member refused count for less (by how alike they are).
        for id in refused {
            guard let index = courseIndex[id] else { continue }
            for neighbour in neighbours[index].prefix(10) {
                scratch.dampen(Int(neighbour.course), to: 1 - 0.5 * neighbour.similarity)
            }
        }
        // The best `count` by score, ties to the lower rank. Candidates and their ranks: what the
        // item scores or the peers reached (rank: the course index), then the most popular
        // courses of the member's strongest topics, then the most popular overall (ranks after
        // every course, in that order) — not the whole catalogue.
        var best: [(course: Int, score: Float, rank: Int)] = []
        best.reserveCapacity(count + 1)
        func offer(_ course: Int, rank: Int) {
            guard !scratch.isSeen[course] else { return }
            if let allowed, !allowed.contains(courseIDs[course]) { return }
            let collaborative = itemWeight * itemScores[course] + peerWeight * peerScore(course)
            let popular = popularityWeight * popularity[course]
            // Content is at most 1 and the multipliers at most 1: a course that could not beat
            // the list even with a perfect content match is not scored. (The margin covers
            // rounding: the full score adds up in another order.)
            if best.count >= count, let last = best.last,
                (collaborative + popular + contentWeight) * 1.0001 < last.score
            {
                return
            }
            var score =
                collaborative + contentWeight * contentScore(course, topics: scratch.topics, topicMax: topicMax).value
                + popular
            score *= scratch.damping[course]
            // Courses with no evidence at all fill a short list (offline evaluation), after every other.
            if !fill, score <= 0 { return }
            let reached =
                courseTags[course].first.flatMap {
                    scratch.levelByTopic[$0] >= 0 ? scratch.levelByTopic[$0] : nil
                } ?? declared
            if let reached {
                let level = courseLevel[course]
                if level < reached { score *= levelsBelow[min(3, reached - level)] }
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
        // What the item scores reached, from a share of the best one up.
        let linkFloor = max(Float(weights.similarFloor) * itemMax, .leastNonzeroMagnitude)
        for course in scratch.linked where itemScores[course] >= linkFloor {
            scratch.markCandidate(course)
            offer(course, rank: course)
        }
        // The 20 most popular courses of the member's 3 strongest topics and the community's
        // 50 most popular, unless the peers reached them (then they are offered below, with the
        // peers' rank). (More topics or courses changed no score on the public data.)
        var rank = courseIDs.count
        scratch.selectMainTopics(count: 3)
        let mainTopics = scratch.mainTopics
        /// Offers `course` unless it is a candidate already; false once neither it nor a less
        /// popular course could enter the list (an extra has no peer score and an item score
        /// below the floor).
        let extraItemBound = itemWeight * linkFloor
        func offerExtra(_ course: Int) -> Bool {
            if best.count >= count, let last = best.last,
                (popularityWeight * popularity[course] + contentWeight + extraItemBound) * 1.0001 < last.score
            {
                return false
            }
            guard !scratch.isCandidate[course], peerScore(course) <= 0 else { return true }
            scratch.markCandidate(course)
            offer(course, rank: rank)
            rank += 1
            return true
        }
        for topic in mainTopics {
            for course in coursesByTag[topic].prefix(20) where !offerExtra(Int(course)) { break }
        }
        for course in byPopularity.prefix(max(50, count * 5)) where !offerExtra(Int(course)) { break }
        // What only the peers reached: each interest's `peerCourses` best shares, best first,
        // until even a course with the next shares of every row (content assumed perfect) could
        // not enter the list.
        let rows = scratch.peerWalks
        let popularityBound = popularityWeight  // popularity is at most 1
        var depth = 0
        while depth < weights.peerCourses {
            var shares: Float = 0
            var deeper = false
            for row in rows where depth < row.count {
                shares += row[depth].share
                deeper = true
            }
            guard deeper else { break }
            if best.count >= count, let last = best.last,
                (peerWeight * shares + popularityBound + contentWeight) * 1.0001 < last.score
            {
                break
            }
            for row in rows where depth < row.count {
                let course = Int(row[depth].course)
                guard !scratch.isCandidate[course] else { continue }
                scratch.markCandidate(course)
                guard peerScore(course) > 0 else { continue }
                offer(course, rank: course)
            }
            depth += 1
        }
        // Each chosen course's strongest link: the member's course that contributed most to its
        // item score (the first on a tie), in one pass over their courses' neighbours.
        let slots = scratch.chosenSlots
        for (slot, chosen) in best.enumerated() { slots[chosen.course] = Int32(slot) }
        var because = [(course: Int32, contribution: Float)](repeating: (-1, 0), count: best.count)
        neighbours.items.withUnsafeBufferPointer { all in
            for item in strong {
                let course = Int(item.course)
                for neighbour in all[neighbours.starts[course]..<neighbours.starts[course + 1]] {
                    let slot = Int(slots[Int(neighbour.course)])
                    guard slot >= 0 else { continue }
                    let contribution = item.weight * neighbour.similarity
                    if contribution > because[slot].contribution { because[slot] = (item.course, contribution) }
                }
            }
        }
        for chosen in best { slots[chosen.course] = -1 }
        return best.enumerated().map { slot, chosen in
            let course = chosen.course
            let (content, tag) = contentScore(course, topics: scratch.topics, topicMax: topicMax)
            // The largest term names the reason (on a tie, the first of these).
            var (top, largest) = (ReasonKind.similar, itemWeight * itemScores[course])
            func consider(_ kind: ReasonKind, _ term: Float) {
                if term > largest { (top, largest) = (kind, term) }
            }
            consider(.peers, peerWeight * peerScore(course))
            consider(.topic, contentWeight * content)
            consider(.popular, popularityWeight * popularity[course])
            // The topic whose peers took it most.
            var peerTopic = -1
            var peerSum: Float = 0
            for (topic, row) in zip(key.topics, scratch.peerRows) {
                let start = peerShares.tableStart[row]
                let share = start >= 0 ? peerShares.table[start + course] : 0
                if share > peerSum { peerTopic = topic }
                peerSum += share
            }
            let evidence: String? =
                switch top {
                case .similar: because[slot].course >= 0 ? String(courseIDs[Int(because[slot].course)]) : nil
                case .peers: peerTopic >= 0 && peerTopic != everyone ? tagNames[peerTopic] : nil
                case .topic: tag.map { tagNames[$0] }
                case .popular: nil
                }
            return Item(course: courseIDs[course], score: Double(chosen.score), reason: top, evidence: evidence)
        }
    }
}
