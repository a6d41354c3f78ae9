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
/// - Up to `warmLanes` lanes that ran dry keep their task waiting for their next event (the
///   people speaking now), so a command does not cost a new task; the longest idle one makes
///   room for another, and `close()` ends them all.
public final class EventDispatcher: Sendable {
    /// A lane's state, a reference in the table so updating it is not a dictionary write
    /// (those cost an allocation each on this path). Only touched under the dispatcher's lock.
    private final class Lane: @unchecked Sendable {
        var events = FIFOQueue<ChatEvent>()
        /// Which lane task serves the lane now (a fresh number for every task ever started).
        var generation = 0
        var task: Task<Void, Never>?
        var executor: (any TaskExecutor)?
        /// The lane's task while it waits for the lane's next event (resumed with true), or to
        /// end (false).
        var parked: UnsafeContinuation<Bool, Never>?
        /// When it parked, in parkings so far (the lowest has been idle longest).
        var parkedAt = 0
    }

    private struct State {
        var lanes: [String: Lane] = [:]
        var nextGeneration = 0
        var outstanding = 0
        var closed = false
        var refused = 0
        var spaceWaiters: [CheckedContinuation<Void, Never>] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var parkedLanes = 0
        var parkings = 0
    }

    /// Events waiting or running at which `submit` waits.
    public let capacity: Int
    /// Lanes whose task may wait for their next event.
    public let warmLanes: Int
    private let handler: @Sendable (ChatEvent) async -> Void
    private let state = Mutex(State())

    /// Creates a dispatcher that runs `handler` for each event.
    public init(
        capacity: Int = 10_000, warmLanes: Int = 64, handler: @escaping @Sendable (ChatEvent) async -> Void
    ) {
        self.capacity = max(1, capacity)
        self.warmLanes = max(0, warmLanes)
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
            enum Outcome { case refused, queued(start: Int?), woke(UnsafeContinuation<Bool, Never>), full }
            let outcome = state.withLock { state -> Outcome in
                if state.closed {
                    state.refused += 1
                    return .refused
                }
                guard state.outstanding < capacity else { return .full }
                state.outstanding += 1
                // A lane in the table has a task serving it, maybe waiting for this event (it
                // leaves the table when it runs dry and does not stay warm).
                if let entry = state.lanes[lane] {
                    entry.events.append(event)
                    guard let parked = entry.parked else { return .queued(start: nil) }
                    entry.parked = nil
                    state.parkedLanes -= 1
                    return .woke(parked)
                }
                let entry = Lane()
                entry.events.append(event)
                entry.executor = executor
                state.lanes[lane] = entry
                return .queued(start: Self.newGeneration(&state, entry))
            }
            switch outcome {
            case .refused: return false
            case .woke(let parked):
                parked.resume(returning: true)
                return true
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
            enum Next { case event(ChatEvent), dry, end }
            let next = state.withLock { state -> Next in
                // Taken over (its event overran its time limit): the lane is another task's now.
                guard let current = state.lanes[lane], current.generation == generation else { return .end }
                return current.events.popFirst().map(Next.event) ?? .dry
            }
            let event: ChatEvent
            switch next {
            case .event(let next): event = next
            case .end: return
            case .dry:
                guard await waitWarm(lane, generation: generation) else { return }
                continue
            }
            await handler(event)
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

    /// Called by a lane's task whose lane ran dry: waits for the lane's next event while the lane
    /// stays warm (true: go on), or leaves the table (false: the task ends). Making room for it
    /// ends the task of the lane idle longest.
    private func waitWarm(_ lane: String, generation: Int) async -> Bool {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Bool, Never>) in
            let (now, evicted) = state.withLock { state -> (Bool?, UnsafeContinuation<Bool, Never>?) in
                guard let current = state.lanes[lane], current.generation == generation else { return (false, nil) }
                // An event that came since the lane was found dry.
                if !current.events.isEmpty { return (true, nil) }
                guard !state.closed, warmLanes > 0 else {
                    state.lanes[lane] = nil
                    return (false, nil)
                }
                var evicted: UnsafeContinuation<Bool, Never>?
                if state.parkedLanes >= warmLanes {
                    var coldest: (key: String, lane: Lane)?
                    for (key, other) in state.lanes where other.parked != nil {
                        if other.parkedAt < coldest?.lane.parkedAt ?? .max { coldest = (key, other) }
                    }
                    if let (key, other) = coldest {
                        evicted = other.parked
                        other.parked = nil
                        state.lanes[key] = nil
                        state.parkedLanes -= 1
                    }
                }
                state.parkings += 1
                current.parkedAt = state.parkings
                current.parked = continuation
                state.parkedLanes += 1
                return (nil, evicted)
            }
            evicted?.resume(returning: false)
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Refuses further events; submitters waiting for space are released (refused), and warm
    /// lanes' tasks end.
    public func close() {
        let (waiters, parked) = state.withLock { state in
            state.closed = true
            defer { state.spaceWaiters = [] }
            var parked: [UnsafeContinuation<Bool, Never>] = []
            for (key, lane) in state.lanes {
                guard let continuation = lane.parked else { continue }
                lane.parked = nil
                state.lanes[key] = nil
                parked.append(continuation)
            }
            state.parkedLanes = 0
            return (state.spaceWaiters, parked)
        }
        for waiter in waiters { waiter.resume() }
        for task in parked { task.resume(returning: false) }
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
    /// Lanes whose task is waiting for their next event now (at most `warmLanes`).
    public var warmLaneCount: Int { state.withLock { $0.parkedLanes } }
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
