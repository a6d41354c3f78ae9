import Community
import Foundation
import Storage
import Testing

/// Events and RSVPs on a real SQLite file: the waitlist moves in the same transaction as the
/// answer that frees a place, also when many answer at once.
@Suite("Events and RSVPs")
struct EventServiceTests {
    static let now = CommunityFixture.start

    static func member(_ name: String) -> Identity { Identity(network: "libera", account: name) }

    static func draft(capacity: Int? = nil) -> EventDraft {
        var draft = EventDraft(
            title: "Swift 并发答疑", start: now.addingTimeInterval(86_400), network: "libera", channels: ["#swift"])
        draft.capacity = capacity
        draft.tags = ["swift", "concurrency"]
        draft.course = "swift-concurrency"
        draft.duration = 5_400
        return draft
    }

    @Test func anEventIsStoredWithAShortIdAndListedWhileUpcoming() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let events = try await EventService(database: fixture.database, members: fixture.members)
        let event = try await events.create(Self.draft(), at: Self.now)
        #expect(event.id.count == 4)
        #expect(event.end.timeIntervalSince(event.start) == 5_400)
        #expect(try await events.event(event.id.uppercased()) == event)
        #expect(try await events.upcoming(from: Self.now).map(\.id) == [event.id])
        #expect(try await events.upcoming(tag: "rust", from: Self.now).isEmpty)
        #expect(try await events.upcoming(from: event.end).isEmpty)
        let (cancelled, _) = try await events.cancel(event.id, reason: "speaker ill", at: Self.now)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.revision == 1)
        #expect(try await events.upcoming(from: Self.now).isEmpty)
        await #expect(throws: EventError.cancelled(cancelled)) {
            try await events.rsvp(event.id, by: Self.member("ann"), answer: .yes, at: Self.now)
        }
        await #expect(throws: EventError.notFound("zzzz")) {
            try await events.rsvp("zzzz", by: Self.member("ann"), answer: .yes, at: Self.now)
        }
    }

    @Test func beyondCapacityYesJoinsTheWaitlistAndTheFirstWaitingIsPromoted() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let events = try await EventService(database: fixture.database, members: fixture.members)
        let event = try await events.create(Self.draft(capacity: 2), at: Self.now)
        #expect(try await events.rsvp(event.id, by: Self.member("ann"), answer: .yes, at: Self.now).standing == .going)
        #expect(try await events.rsvp(event.id, by: Self.member("bo"), answer: .yes, at: Self.now).standing == .going)
        #expect(
            try await events.rsvp(event.id, by: Self.member("cy"), answer: .yes, at: Self.now).standing
                == .waitlisted(place: 1))
        #expect(
            try await events.rsvp(event.id, by: Self.member("di"), answer: .yes, at: Self.now).standing
                == .waitlisted(place: 2))
        let again = try await events.rsvp(event.id, by: Self.member("cy"), answer: .yes, at: Self.now)
        #expect(again.unchanged && again.standing == .waitlisted(place: 1))
        // A maybe from someone going frees a place: cy moves up, di is next.
        let freed = try await events.rsvp(event.id, by: Self.member("ann"), answer: .maybe, at: Self.now)
        #expect(freed.standing == .maybe)
        #expect(freed.promoted.map(\.identity.account) == ["cy"])
        #expect(try await events.rsvp(of: Self.member("di"), for: event.id)?.waitlistPlace == 1)
        // Someone waiting who steps back frees nothing.
        #expect(try await events.rsvp(event.id, by: Self.member("di"), answer: .no, at: Self.now).promoted == [])
        var counts = RSVPCounts()
        counts.going = 2
        counts.maybe = 1
        counts.notGoing = 1
        #expect(try await events.counts(event.id) == counts)
        // A larger capacity promotes those waiting.
        _ = try await events.rsvp(event.id, by: Self.member("ed"), answer: .yes, at: Self.now)
        let (_, promoted) = try await events.update(event.id, at: Self.now) { $0.capacity = 5 }
        #expect(promoted.map(\.identity.account) == ["ed"])
        // The RSVP is an interaction of the member, with the event's course.
        let history = try await fixture.members.interactions(of: Self.member("ann"))
        #expect(history.map(\.kind) == [.rsvp])
        #expect(history.first?.course == "swift-concurrency")
    }

    @Test func concurrentAnswersNeverOverfillAndTheWaitlistStaysInOrder() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let events = try await EventService(database: fixture.database, members: fixture.members)
        let event = try await events.create(Self.draft(capacity: 5), at: Self.now)
        let names = (0..<40).map { "m\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                group.addTask { _ = try await events.rsvp(event.id, by: Self.member(name), answer: .yes, at: Self.now) }
            }
            try await group.waitForAll()
        }
        var counts = try await events.counts(event.id)
        #expect(counts.going == 5 && counts.waitlisted == 35)
        // Ten going members step back at once: exactly ten are promoted, first come first served.
        let waiting = try await events.rsvps(of: event.id).filter { $0.waitlistPlace != nil }.map(\.identity.account)
        let going = try await events.rsvps(of: event.id).filter { $0.answer == .yes && $0.waitlistPlace == nil }
        let promoted = try await withThrowingTaskGroup(of: [String].self) { group in
            for rsvp in going {
                group.addTask {
                    try await events.rsvp(event.id, by: rsvp.identity, answer: .no, at: Self.now).promoted.map(
                        \.identity.account)
                }
            }
            var all: [String] = []
            for try await names in group { all += names }
            return all
        }
        #expect(Set(promoted) == Set(waiting.prefix(5)))
        counts = try await events.counts(event.id)
        #expect(counts.going == 5 && counts.waitlisted == 30 && counts.notGoing == 5)
        let places = try await events.rsvps(of: event.id).compactMap(\.waitlistPlace)
        #expect(places == Array(1...30))
    }

    @Test func aPostIsClaimedOnce() async throws {
        let fixture = try await CommunityFixture()
        defer { fixture.cleanUp() }
        let events = try await EventService(database: fixture.database, members: fixture.members)
        #expect(try await events.claimPost("event:abcd:1h", planned: Self.now, state: .posted, at: Self.now))
        #expect(!(try await events.claimPost("event:abcd:1h", planned: Self.now, state: .late, at: Self.now)))
        #expect(try await events.posts(prefix: "event:abcd").map(\.state) == [.posted])
    }
}
