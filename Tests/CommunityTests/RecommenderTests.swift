import Foundation
import Testing

@testable import Community

@Suite("Recommender")
struct RecommenderTests {
    static let now = Date(timeIntervalSince1970: 1_767_603_600)

    static func day(_ offset: Double) -> Date { now.addingTimeInterval(offset * 86_400) }

    /// Six courses in two topics; members 1–20 are a community with a clear pattern: who takes
    /// swift-basics then takes swift-concurrency.
    static func input(
        extra: [RecommenderInput.Event] = [], members extraMembers: [RecommenderInput.Member] = []
    )
        -> RecommenderInput
    {
        let courses = [
            RecommenderInput.Course(id: 1, tags: ["swift", "programming"], level: .beginner, publishedAt: day(-300)),
            RecommenderInput.Course(
                id: 2, tags: ["swift", "concurrency"], level: .intermediate, publishedAt: day(-300)),
            RecommenderInput.Course(id: 3, tags: ["swift", "performance"], level: .advanced, publishedAt: day(-300)),
            RecommenderInput.Course(id: 4, tags: ["rust", "systems"], level: .beginner, publishedAt: day(-300)),
            RecommenderInput.Course(id: 5, tags: ["rust", "concurrency"], level: .advanced, publishedAt: day(-300)),
            RecommenderInput.Course(id: 6, tags: ["cooking"], level: .beginner, publishedAt: day(-300)),
        ]
        var members = (1...20).map {
            RecommenderInput.Member(id: Int64($0), level: .beginner, interests: $0 <= 10 ? ["swift"] : ["rust"])
        }
        members += extraMembers
        var events: [RecommenderInput.Event] = []
        for member in 1...10 {
            events.append(.init(member: Int64(member), course: 1, kind: .subscribe, at: day(-20)))
            events.append(.init(member: Int64(member), course: 2, kind: .subscribe, at: day(-10)))
        }
        for member in 11...20 {
            events.append(.init(member: Int64(member), course: 4, kind: .subscribe, at: day(-15)))
        }
        return RecommenderInput(members: members, courses: courses, events: events + extra, now: now)
    }

    @Test func neverRecommendsWhatTheMemberTouchedOrRefused() {
        let model = Recommender(
            fitting: Self.input(
                extra: [.init(member: 99, course: 1, kind: .view, at: Self.day(-1))],
                members: [.init(id: 99, level: .beginner, interests: ["swift"])]))
        let all = model.recommend(for: 99, count: 10).map(\.course)
        #expect(!all.contains(1))
        let refused = model.recommend(for: 99, count: 10, excluding: [2]).map(\.course)
        #expect(!refused.contains(1) && !refused.contains(2))
        let published = model.recommend(for: 99, count: 10, allowed: [3, 4]).map(\.course)
        #expect(Set(published).isSubset(of: [3, 4]))
    }

    @Test func aMemberWhoTookACourseGetsWhatOthersTookNextBecauseOfIt() {
        let model = Recommender(
            fitting: Self.input(
                extra: [
                    .init(member: 99, course: 1, kind: .view, at: Self.day(-3)),
                    .init(member: 99, course: 1, kind: .subscribe, at: Self.day(-2)),
                    .init(member: 99, course: 1, kind: .mention, at: Self.day(-1)),
                ],
                members: [.init(id: 99, level: .beginner, interests: [])]))
        let first = model.recommend(for: 99, count: 3).first
        #expect(first?.course == 2)
        #expect(first?.reason == .similar)
        #expect(first?.evidence == "1")
    }

    @Test func aNewMemberStartsFromTheirDeclaredInterestsAndLevel() {
        let model = Recommender(
            fitting: Self.input(members: [.init(id: 99, level: .beginner, interests: ["rust"])]))
        let first = model.recommend(for: 99, count: 3).first
        #expect(first?.course == 4)
        #expect(first?.reason == .peers)
        #expect(first?.evidence == "rust")
        // A member with no history and no interests still gets something sensible.
        #expect(model.recommend(for: 12_345, count: 3).isEmpty == false)
    }

    @Test func membersMoveUpALevelWithinATopic() {
        // Member 99 took the beginner and intermediate swift courses: the advanced one comes before
        // anything easier in another topic they touched.
        let model = Recommender(
            fitting: Self.input(
                extra: [
                    .init(member: 99, course: 1, kind: .complete, at: Self.day(-30)),
                    .init(member: 99, course: 2, kind: .subscribe, at: Self.day(-3)),
                ],
                members: [.init(id: 99, level: .beginner, interests: ["swift"])]))
        let ranked = model.recommend(for: 99, count: 5).map(\.course)
        #expect(ranked.first == 3, "\(ranked)")
        #expect(!ranked.contains(6) || ranked.firstIndex(of: 3)! < ranked.firstIndex(of: 6)!)
    }

    @Test func theSameInputGivesTheSameAnswer() {
        let one = Recommender(fitting: Self.input()).recommend(for: 15, count: 5)
        let two = Recommender(fitting: Self.input()).recommend(for: 15, count: 5)
        #expect(one == two)
    }

    @Test func similarityStartsFromTheMembersStrongestCourses() {
        // Members 1–10 took 1 and 2, members 21–30 took 4 and 5; member 99 subscribed to 1 and
        // only looked at 4 (and at 6, which nobody else took).
        let pairs = (21...30).flatMap { member in
            [4, 5].map { RecommenderInput.Event(member: Int64(member), course: $0, kind: .subscribe, at: Self.day(-5)) }
        }
        let input = Self.input(
            extra: pairs + [
                .init(member: 99, course: 1, kind: .subscribe, at: Self.day(-2)),
                .init(member: 99, course: 4, kind: .view, at: Self.day(-2)),
                .init(member: 99, course: 6, kind: .view, at: Self.day(-2)),
            ],
            members: (21...30).map { .init(id: Int64($0), level: .beginner, interests: ["rust"]) } + [
                .init(id: 99, level: .beginner, interests: [])
            ])
        func because(_ model: Recommender) -> [Int64: String?] {
            Dictionary(
                uniqueKeysWithValues: model.recommend(for: 99, count: 4).filter { $0.reason == .similar }.map {
                    ($0.course, $0.evidence)
                })
        }
        let all = because(Recommender(fitting: input))
        #expect(all[2] == "1")
        #expect(all[5] == "4")
        var weights = RecommenderWeights()
        weights.strongestCourses = 1
        let strongest = because(Recommender(fitting: input, weights: weights))
        #expect(strongest[2] == "1")
        #expect(strongest[5] == nil)
    }

    @Test func theCandidatesFromPeersAreTheirMostTakenCoursesPerInterest() {
        // The members interested in swift took 1 and, more recently, 2: a new member with that
        // interest is offered both; with one course per interest, only 2 (nothing else brings
        // 1 in: it is neither linked to anything they took nor a popular course peers missed).
        let input = Self.input(members: [.init(id: 99, level: .beginner, interests: ["swift"])])
        let all = Recommender(fitting: input).recommend(for: 99, count: 10).map(\.course)
        #expect(all.contains(1) && all.contains(2))
        var weights = RecommenderWeights()
        weights.peerCourses = 1
        let fewer = Recommender(fitting: input, weights: weights).recommend(for: 99, count: 10).map(\.course)
        #expect(fewer.contains(2) && !fewer.contains(1))
    }

    @Test func aWeaklyLinkedCourseIsACandidateFromTheSimilarFloorUp() {
        // Ten members took 1 and 2, one took 1 and 3 (a weak link), and sixty more popular
        // courses fill the community's popular list, so nothing but the link brings 3 in.
        func taking(_ member: Int, _ course: Int) -> RecommenderInput.Event {
            .init(member: Int64(member), course: Int64(course), kind: .subscribe, at: Self.day(-10))
        }
        var courses = [
            RecommenderInput.Course(id: 1, tags: ["x"], level: .beginner, publishedAt: Self.day(-300)),
            RecommenderInput.Course(id: 2, tags: ["y"], level: .beginner, publishedAt: Self.day(-300)),
            RecommenderInput.Course(id: 3, tags: ["z"], level: .beginner, publishedAt: Self.day(-300)),
        ]
        var events = (1...10).flatMap { [taking($0, 1), taking($0, 2)] } + [taking(11, 1), taking(11, 3)]
        for filler in 100..<160 {
            courses.append(
                .init(id: Int64(filler), tags: ["f\(filler)"], level: .beginner, publishedAt: Self.day(-300)))
            events += (0..<3).map { taking(1_000 + filler * 3 + $0, filler) }
        }
        events += [.view, .subscribe, .mention].map { .init(member: 99, course: 1, kind: $0, at: Self.day(-1)) }
        let members = Set(events.map(\.member)).map { RecommenderInput.Member(id: $0, level: .beginner, interests: []) }
        let input = RecommenderInput(members: members, courses: courses, events: events, now: Self.now)
        let all = Recommender(fitting: input).recommend(for: 99, count: 10)
        #expect(all.prefix(2).map(\.course) == [2, 3])
        #expect(all.first { $0.course == 3 }?.evidence == "1")
        var weights = RecommenderWeights()
        weights.similarFloor = 1
        let strongOnly = Recommender(fitting: input, weights: weights).recommend(for: 99, count: 10).map(\.course)
        #expect(strongOnly.first == 2 && !strongOnly.contains(3))
    }

    @Test func refusingACourseLowersTheCoursesLikeIt() {
        // Members who took course 1 also took 2; member 99 took 4 and refuses 1.
        let model = Recommender(
            fitting: Self.input(
                extra: [.init(member: 99, course: 4, kind: .subscribe, at: Self.day(-1))],
                members: [.init(id: 99, level: .beginner, interests: ["swift", "rust"])]))
        let before = model.recommend(for: 99, count: 5).first { $0.course == 2 }?.score ?? 0
        let after =
            model.recommend(for: 99, count: 5, excluding: [1], refused: [1]).first { $0.course == 2 }?.score ?? 0
        #expect(before > 0)
        #expect(after < before)
    }
}

@Suite("Recommender internals")
struct RecommenderInternalsTests {
    /// A random community: `members` members, each with a few courses and weights.
    static func histories(members: Int, courses: Int, seed: UInt64) -> [[(course: Int32, weight: Float)]] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        return (0..<members).map { _ in
            let count = Int(next() % 12)
            let chosen = Set((0..<count).map { _ in Int32(next() % UInt64(courses)) }).sorted()
            return chosen.map { (course: $0, weight: Float(next() % 1000) / 250) }
        }
    }

    /// The full co-occurrence matrix, summed member by member, then sorted rows: what the
    /// row-by-row fit must equal exactly.
    static func reference(
        _ history: [[(course: Int32, weight: Float)]], courses: Int, keep: Int
    ) -> [[(course: Int32, similarity: Float)]] {
        var norms = Array(repeating: Float(0), count: courses)
        var products = Array(repeating: Float(0), count: courses * courses)
        for items in history {
            for item in items { norms[Int(item.course)] += item.weight * item.weight }
            for first in items {
                for second in items where second.course != first.course {
                    products[Int(first.course) * courses + Int(second.course)] += first.weight * second.weight
                }
            }
        }
        return (0..<courses).map { course in
            let root = norms[course].squareRoot()
            guard root > 0 else { return [] }
            var row: [(course: Int32, similarity: Float)] = []
            for other in 0..<courses where other != course && norms[other] > 0 {
                let product = products[course * courses + other]
                if product > 0 { row.append((Int32(other), product / (root * norms[other].squareRoot()))) }
            }
            row.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.course < $1.course) }
            return Array(row.prefix(keep))
        }
    }

    @Test(arguments: [(UInt64(1), 5), (UInt64(7), 3), (UInt64(42), 50)])
    func rowByRowSimilaritiesEqualTheFullMatrix(seed: UInt64, keep: Int) {
        let history = Self.histories(members: 400, courses: 60, seed: seed)
        let fitted = Recommender.similarities(MemberHistories(history), courses: 60, keep: keep)
        let expected = Self.reference(history, courses: 60, keep: keep)
        #expect(fitted.count == expected.count)
        for (row, reference) in zip(fitted, expected) {
            #expect(row.map(\.course) == reference.map(\.course))
            #expect(row.map(\.similarity) == reference.map(\.similarity))
        }
    }

    @Test func historiesSumEachMembersEventsByCourse() {
        let history = Recommender.histories(
            members: 3, courses: 4, eventMember: [2, 0, -1, 2, 0, 2], eventCourse: [3, 1, 0, 3, 2, 0],
            eventWeight: [1, 2, 9, 0.5, 0, 4]
        ).rows
        #expect(history[0].map(\.course) == [1, 2])
        #expect(history[0].map(\.weight) == [Float(log1p(2.0)), 0])
        #expect(history[1].isEmpty)
        #expect(history[2].map(\.course) == [0, 3])
        #expect(history[2].map(\.weight) == [Float(log1p(4.0)), Float(log1p(1.5))])
    }

    @Test func similarityCountsEachMembersStrongestCourses() {
        let histories = MemberHistories([
            [(course: 0, weight: 1), (course: 1, weight: 3), (course: 2, weight: 2), (course: 3, weight: 3)],
            [(course: 1, weight: 5)],
        ])
        let kept = Recommender.strongest(histories, keep: 2)
        #expect(kept[0].map(\.course) == [1, 3])
        #expect(kept[1].map(\.course) == [1])
        // Ties go to the lower course.
        #expect(Recommender.strongest(histories, keep: 1)[0].map(\.course) == [1])
        #expect(Recommender.strongest(histories, keep: 4)[0].count == 4)
    }

    @Test func answeringEveryoneAtOnceEqualsAnsweringOneByOne() {
        let extra = [
            RecommenderInput.Member(id: 31, level: nil, interests: []),
            RecommenderInput.Member(id: 32, level: .advanced, interests: ["rust", "swift"]),
            RecommenderInput.Member(id: 33, level: .advanced, interests: ["swift", "rust"]),
            RecommenderInput.Member(id: 34, level: .beginner, interests: ["swift"]),
        ]
        let events = [
            RecommenderInput.Event(member: 32, course: 4, kind: .view, at: RecommenderTests.day(-3)),
            RecommenderInput.Event(member: 34, course: 5, kind: .subscribe, at: RecommenderTests.day(-2)),
        ]
        let input = RecommenderTests.input(extra: events, members: extra)
        let model = Recommender(fitting: input)
        let all = model.recommendAll(count: 4)
        #expect(all.count == input.members.count)
        #expect(model.recommendAll(count: 4, threads: 3) == all)
        for (member, answer) in zip(input.members, all) {
            #expect(answer == model.recommend(for: member.id, count: 4), "member \(member.id)")
        }
    }

    @Test func aReusedScratchGivesTheSameAnswersAsAFreshOne() {
        let model = Recommender(fitting: RecommenderTests.input())
        let scratch = RecommendScratch(for: model)
        for member in Array(1...20) + [99] {
            let fresh = model.recommend(for: Int64(member), count: 5)
            let reused = model.recommend(for: Int64(member), count: 5, scratch: scratch)
            #expect(fresh == reused, "member \(member)")
        }
    }
}

@Suite("Recommender tables")
struct RecommenderTableTests {
    @Test(arguments: [[Int64(5), 7, 6, 7], [Int64(9_000_000_000), 1, -4, 1]])
    func anIDIndexFindsEachIDsLastPositionAndNothingElse(ids: [Int64]) {
        let index = IDIndex(ids)
        for id in Set(ids) { #expect(index[id] == ids.lastIndex(of: id)) }
        for missing in [Int64(0), 8, 4, .min, .max] where !ids.contains(missing) { #expect(index[missing] == nil) }
    }

    @Test func peerSharesSumEachRowAndDivideByItsLargestBestFirst() {
        let given: [(row: Int, course: Int, amount: Float)] = [
            (1, 2, 1), (3, 0, 2), (1, 0, 1), (1, 2, 3), (3, 1, 2), (7, 3, 5),
        ]
        let shares = PeerShares(rowCount: 8, courses: 4) { add in
            for (row, course, amount) in given { add(row, course, amount) }
        }
        #expect(shares.rows[1].map(\.course) == [2, 0])
        #expect(shares.rows[1].map(\.share) == [1, 0.25])
        // Equal shares: the lower course first.
        #expect(shares.rows[3].map(\.course) == [0, 1])
        #expect(shares.rows[0].isEmpty)
        // A level with no row of its own falls back to the topic's row for any level.
        #expect(shares.row(topic: 1, level: 2) == 7)
        #expect(shares.row(topic: 0, level: 1) == 1)
        // The table holds every non-empty row's shares by course.
        #expect(shares.tableStart.filter { $0 >= 0 }.count == 3)
        #expect((0..<4).map { shares.table[shares.tableStart[1] + $0] } == [0.25, 0, 1, 0])
        #expect(shares.tableStart[0] == -1)
    }
}
