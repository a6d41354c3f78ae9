import Synchronization

/// Hands chat events to a handler concurrently across speakers while keeping each speaker's
/// events in order, with a bound on the events waiting.
///
/// Promises:
/// - Events with the same lane (one person on one network; network-wide events share a lane
///   per network) are handled one after another, in submission order.
/// - Events in different lanes are handled concurrently.
/// - A lane runs on the executor its events' gateway prefers (its network's thread), when it
///   names one.
/// - At most `capacity` events wait or run at once; `submit` suspends the submitter beyond that
///   (a gateway then stops reading its socket), so a flood costs bounded memory and nothing is
///   dropped.
/// - After `close()`, submitted events are refused (counted); `drain` waits for the ones taken.
public final class EventDispatcher: Sendable {
    private struct Lane {
        var events = FIFOQueue<ChatEvent>()
        var running = false
    }

    private struct State {
        var lanes: [String: Lane] = [:]
        var outstanding = 0
        var closed = false
        var refused = 0
        var spaceWaiters: [CheckedContinuation<Void, Never>] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Events waiting or running at which `submit` waits.
    public let capacity: Int
    private let handler: @Sendable (ChatEvent) async -> Void
    private let state = Mutex(State())

    /// Creates a dispatcher that runs `handler` for each event.
    public init(capacity: Int = 10_000, handler: @escaping @Sendable (ChatEvent) async -> Void) {
        self.capacity = max(1, capacity)
        self.handler = handler
    }

    /// The lane an event belongs to: its speaker (by account when known), else its network.
    public static func lane(of event: ChatEvent) -> String {
        let speaker: Speaker?
        switch event {
        case .message(let from, _, _, _), .notice(let from, _, _), .action(let from, _, _): speaker = from
        case .joined(let who, _), .left(let who, _, _), .renamed(let who, _), .accountChanged(let who, _):
            speaker = who
        case .connected, .disconnected, .kicked: speaker = nil
        }
        return speaker?.key() ?? IdentityKey.network(event.network)
    }

    /// Queues an event in its lane, waiting while `capacity` events are outstanding. A lane
    /// started for it runs on `executor` when given. Returns false when the dispatcher is closed.
    @discardableResult
    nonisolated(nonsending) public func submit(
        _ event: ChatEvent, preferring executor: (any TaskExecutor)? = nil
    ) async
        -> Bool
    {
        let lane = Self.lane(of: event)
        while true {
            enum Outcome { case refused, queued(start: Bool), full }
            let outcome = state.withLock { state -> Outcome in
                if state.closed {
                    state.refused += 1
                    return .refused
                }
                guard state.outstanding < capacity else { return .full }
                state.outstanding += 1
                state.lanes[lane, default: Lane()].events.append(event)
                guard !(state.lanes[lane]?.running ?? false) else { return .queued(start: false) }
                state.lanes[lane]?.running = true
                return .queued(start: true)
            }
            switch outcome {
            case .refused: return false
            case .queued(let start):
                if start {
                    // (A nil executor is no preference: Swift's shared pool.)
                    Task(executorPreference: executor) {
                        await LaneExecutor.$current.withValue(executor) { await self.runLane(lane) }
                    }
                }
                return true
            case .full:
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        guard state.outstanding >= capacity, !state.closed else { return true }
                        state.spaceWaiters.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    private func runLane(_ lane: String) async {
        while true {
            let next = state.withLock { state -> ChatEvent? in
                guard let event = state.lanes[lane]?.events.popFirst() else {
                    state.lanes[lane] = nil
                    return nil
                }
                return event
            }
            guard let next else { return }
            await handler(next)
            let (space, idle) = state.withLock { state in
                state.outstanding -= 1
                let space = state.spaceWaiters
                state.spaceWaiters = []
                var idle: [CheckedContinuation<Void, Never>] = []
                if state.outstanding == 0 {
                    idle = state.idleWaiters
                    state.idleWaiters = []
                }
                return (space, idle)
            }
            for waiter in space + idle { waiter.resume() }
        }
    }

    /// Refuses further events; submitters waiting for space are released (refused).
    public func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.spaceWaiters = [] }
            return state.spaceWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until every event taken so far has been handled.
    nonisolated(nonsending) public func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                guard state.outstanding > 0 else { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Waits until every event taken has been handled, or until `deadline`; returns how many
    /// were still outstanding then (0: all done).
    public func drain(until deadline: ContinuousClock.Instant) async -> Int {
        let alarm = Alarm()
        let watcher = Task {
            await waitUntilIdle()
            alarm.ring()
        }
        await alarm.wait(until: deadline)
        let left = state.withLock { $0.outstanding }
        if left == 0 { watcher.cancel() }
        return left
    }

    /// Events waiting or running now.
    public var outstanding: Int { state.withLock { $0.outstanding } }
    /// Events refused after `close()`.
    public var refused: Int { state.withLock { $0.refused } }
}
