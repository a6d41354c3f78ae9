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
    /// A lane's state, a reference in the table so updating it is not a dictionary write
    /// (those cost an allocation each on this path). Only touched under the dispatcher's lock.
    private final class Lane: @unchecked Sendable {
        var events = FIFOQueue<ChatEvent>()
        /// Which lane task serves the lane now (a fresh number for every task ever started).
        var generation = 0
        var task: Task<Void, Never>?
        var executor: (any TaskExecutor)?
    }

    private struct State {
        var lanes: [String: Lane] = [:]
        var nextGeneration = 0
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
            enum Outcome { case refused, queued(start: Int?), full }
            let outcome = state.withLock { state -> Outcome in
                if state.closed {
                    state.refused += 1
                    return .refused
                }
                guard state.outstanding < capacity else { return .full }
                state.outstanding += 1
                // A lane in the table has a task serving it (it leaves the table when it runs dry).
                if let entry = state.lanes[lane] {
                    entry.events.append(event)
                    return .queued(start: nil)
                }
                let entry = Lane()
                entry.events.append(event)
                entry.executor = executor
                state.lanes[lane] = entry
                return .queued(start: Self.newGeneration(&state, entry))
            }
            switch outcome {
            case .refused: return false
            case .queued(let generation):
                if let generation { startLane(lane, generation: generation, executor: executor, first: nil) }
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

    private static func newGeneration(_ state: inout State, _ lane: Lane) -> Int {
        state.nextGeneration += 1
        lane.generation = state.nextGeneration
        return state.nextGeneration
    }

    /// Starts the task that serves `lane` (as its `generation`), doing `first` before its events.
    private func startLane(
        _ lane: String, generation: Int, executor: (any TaskExecutor)?, first: (@Sendable () async -> Void)?
    ) {
        let handle = LaneHandle(dispatcher: self, lane: lane, generation: generation)
        // (A nil executor is no preference: Swift's shared pool.)
        let task = Task(executorPreference: executor) {
            await LaneExecutor.$current.withValue(executor) {
                await LaneHandle.$current.withValue(handle) {
                    await first?()
                    await self.runLane(lane, generation: generation)
                }
            }
        }
        state.withLock { state in
            if let current = state.lanes[lane], current.generation == generation { current.task = task }
        }
    }

    /// Gives up the event `handle`'s lane task is handling: it counts as handled, the task is
    /// cancelled, and a new task serves the lane's later events after running `first`. The old
    /// task leaves the lane alone once its handler returns. False when the lane had moved on.
    func release(_ handle: LaneHandle, first: @escaping @Sendable () async -> Void) -> Bool {
        let taken = state.withLock {
            state -> (
                old: Task<Void, Never>?, executor: (any TaskExecutor)?, generation: Int,
                waiters: [CheckedContinuation<Void, Never>]
            )? in
            guard let current = state.lanes[handle.lane], current.generation == handle.generation else { return nil }
            state.outstanding -= 1
            let old = current.task
            current.task = nil
            let generation = Self.newGeneration(&state, current)
            return (old, current.executor, generation, Self.takeWaiters(&state))
        }
        guard let taken else { return false }
        for waiter in taken.waiters { waiter.resume() }
        taken.old?.cancel()
        startLane(handle.lane, generation: taken.generation, executor: taken.executor, first: first)
        return true
    }

    /// The submitters waiting for space, and, when nothing is outstanding, the idle waiters.
    private static func takeWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        var waiters = state.spaceWaiters
        state.spaceWaiters = []
        if state.outstanding == 0 {
            waiters += state.idleWaiters
            state.idleWaiters = []
        }
        return waiters
    }

    private func runLane(_ lane: String, generation: Int) async {
        while true {
            let next = state.withLock { state -> ChatEvent? in
                // Taken over (its event overran its time limit): the lane is another task's now.
                guard let current = state.lanes[lane], current.generation == generation else { return nil }
                guard let event = current.events.popFirst() else {
                    state.lanes[lane] = nil
                    return nil
                }
                return event
            }
            guard let next else { return }
            await handler(next)
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
                guard state.lanes[lane]?.generation == generation else { return nil }
                state.outstanding -= 1
                return Self.takeWaiters(&state)
            }
            // Taken over while handling: the event was counted then, and the lane is not ours.
            guard let waiters else { return }
            for waiter in waiters { waiter.resume() }
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

/// The lane a handler's event runs in (a task-local while the dispatcher's lane task handles
/// it), so a time limit can let that person's later events go on without waiting for a
/// handler that overran.
struct LaneHandle: Sendable {
    /// The lane of the event being handled, nil outside a dispatcher's lane.
    @TaskLocal static var current: LaneHandle?

    let dispatcher: EventDispatcher
    let lane: String
    let generation: Int

    /// Gives up the event being handled (see `EventDispatcher.release`).
    func release(first: @escaping @Sendable () async -> Void) -> Bool {
        dispatcher.release(self, first: first)
    }
}
