import Community
import Foundation
import Testing

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
