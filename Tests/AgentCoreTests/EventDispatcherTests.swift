import AgentCore
import Foundation
import Synchronization
import Testing

/// The runtime's dispatcher: one lane per person, in order within a lane, concurrent across
/// lanes, and a bounded number of lanes kept warm.
@Suite("Event dispatcher")
struct EventDispatcherTests {
    /// What the handler saw, in the order it saw it.
    final class Seen: Sendable {
        let texts = Mutex<[String]>([])
        func add(_ text: String) { texts.withLock { $0.append(text) } }
        var all: [String] { texts.withLock { $0 } }
    }

    static func message(_ nick: String, _ text: String) -> ChatEvent {
        .message(
            from: Speaker(network: "test", nick: nick), in: .privateChat(with: nick, on: "test"), text: text,
            time: nil)
    }

    static func text(of event: ChatEvent) -> String? {
        if case .message(let speaker, _, let text, _) = event { return "\(speaker.nick): \(text)" }
        return nil
    }

    /// Waits until `condition` holds, for at most `seconds`.
    static func eventually(_ seconds: Double = 5, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func aSlowEventHoldsUpOnlyItsOwnLane() async throws {
        let seen = Seen()
        let release = Mutex<UnsafeContinuation<Void, Never>?>(nil)
        let dispatcher = EventDispatcher { event in
            guard let text = Self.text(of: event) else { return }
            if text == "alice: slow" {
                await withUnsafeContinuation { continuation in release.withLock { $0 = continuation } }
            }
            seen.add(text)
        }
        for event in [Self.message("alice", "slow"), Self.message("alice", "after"), Self.message("bob", "quick")] {
            await dispatcher.submit(event)
        }
        try await Self.eventually { seen.all.contains("bob: quick") }
        #expect(seen.all == ["bob: quick"])
        try await Self.eventually { release.withLock { $0 != nil } }
        release.withLock { $0 }?.resume()
        await dispatcher.waitUntilIdle()
        #expect(seen.all == ["bob: quick", "alice: slow", "alice: after"])
    }

    @Test func lanesThatRanDryStayWarmUpToTheBoundAndKeepTheirOrder() async throws {
        let seen = Seen()
        let dispatcher = EventDispatcher(warmLanes: 2) { event in
            if let text = Self.text(of: event) { seen.add(text) }
        }
        // Three people, one after another, each going quiet: the lane idle longest makes room.
        for nick in ["alice", "bob", "carol"] {
            await dispatcher.submit(Self.message(nick, "one"))
            await dispatcher.waitUntilIdle()
            try await Self.eventually { dispatcher.warmLaneCount == min(2, seen.all.count) }
        }
        #expect(dispatcher.warmLaneCount == 2)
        // Warm, evicted or new, every lane serves its next events, in order.
        for nick in ["alice", "bob", "carol"] {
            for text in ["two", "three"] { await dispatcher.submit(Self.message(nick, text)) }
        }
        await dispatcher.waitUntilIdle()
        for nick in ["alice", "bob", "carol"] {
            #expect(seen.all.filter { $0.hasPrefix(nick) } == ["\(nick): one", "\(nick): two", "\(nick): three"])
        }
        try await Self.eventually { dispatcher.warmLaneCount == 2 }
        #expect(dispatcher.warmLaneCount == 2)
    }

    @Test func closingEndsTheWarmLanesAndRefusesLaterEvents() async throws {
        let seen = Seen()
        let dispatcher = EventDispatcher { event in
            if let text = Self.text(of: event) { seen.add(text) }
        }
        await dispatcher.submit(Self.message("alice", "hello"))
        await dispatcher.waitUntilIdle()
        try await Self.eventually { dispatcher.warmLaneCount == 1 }
        #expect(dispatcher.warmLaneCount == 1)
        dispatcher.close()
        #expect(dispatcher.warmLaneCount == 0)
        #expect(await dispatcher.submit(Self.message("alice", "too late")) == false)
        #expect(dispatcher.refused == 1)
        #expect(await dispatcher.drain(until: .now + .seconds(1)) == 0)
        #expect(seen.all == ["alice: hello"])
    }

    @Test func withoutWarmLanesALaneLeavesWhenItRunsDry() async throws {
        let seen = Seen()
        let dispatcher = EventDispatcher(warmLanes: 0) { event in
            if let text = Self.text(of: event) { seen.add(text) }
        }
        for text in ["one", "two"] {
            await dispatcher.submit(Self.message("alice", text))
            await dispatcher.waitUntilIdle()
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(dispatcher.warmLaneCount == 0)
        #expect(seen.all == ["alice: one", "alice: two"])
    }
}
