import Synchronization

/// Runs work with a time limit, without waiting for work that ignores cancellation.
///
/// One shared watchdog task serves every limit: starting a limited run costs an append to a
/// queue, not a timer per run. Limits fire up to `granularity` late.
///
/// Inside a dispatcher's lane (the usual case: a chat command) the work runs inline, in the
/// lane's own task; when it overruns, the watchdog cancels that task, hands the lane's later
/// events to a new task and runs `onExpiry` there first, so the person gets the answer to the
/// overrun before any later one, and nobody waits for work that ignores cancellation.
/// Elsewhere the work runs in a task of its own and the caller stops waiting at the limit.
final class TimeLimit: Sendable {
    /// The work did not finish in time; it was cancelled and left to end on its own.
    struct Exceeded: Error, CustomStringConvertible {
        var seconds: Double
        /// `onExpiry` has run (the overrun was answered) and the caller's lane has moved on.
        var answered = false
        var description: String { "no answer within \(seconds) s" }
    }

    /// One limited run: whoever finishes it first (the work or the watchdog) decides its result.
    private final class Run: Sendable {
        private let state = Mutex<(waiter: UnsafeContinuation<Void, Never>?, done: Bool, work: Task<Void, Never>?)>(
            (nil, false, nil))
        let seconds: Double
        /// Inline runs: the lane to hand over on expiry (instead of cancelling a work task), and
        /// what the lane's new task answers first.
        let inline: (lane: LaneHandle, onExpiry: @Sendable () async -> Void)?

        init(seconds: Double, inline: (lane: LaneHandle, onExpiry: @Sendable () async -> Void)? = nil) {
            self.seconds = seconds
            self.inline = inline
        }

        /// Marks the run finished; false when it already was.
        func finish() -> Bool {
            let (first, waiter) = state.withLock { state -> (Bool, UnsafeContinuation<Void, Never>?) in
                guard !state.done else { return (false, nil) }
                state.done = true
                defer { state.waiter = nil }
                return (true, state.waiter)
            }
            waiter?.resume()
            return first
        }

        var isDone: Bool { state.withLock { $0.done } }

        func expire() {
            if let inline {
                // Under the lock: a body returning just now waits in `finish` until the lane has
                // been handed over, so it cannot carry on with the lane's events itself.
                state.withLock { state in
                    guard !state.done else { return }
                    state.done = true
                    _ = inline.lane.release(first: inline.onExpiry)
                }
                return
            }
            if finish() {
                state.withLock { $0.work }?.cancel()
            }
        }

        func wait(work: Task<Void, Never>) async {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    state.work = work
                    if state.done { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private struct Pending {
        var deadline: ContinuousClock.Instant
        var run: Run
    }

    private let pending = Mutex<(queue: [Pending], watching: Bool)>(([], false))
    private let granularity: Duration

    /// Creates a limiter whose limits fire at most `granularity` late.
    init(granularity: Duration = .milliseconds(250)) {
        self.granularity = granularity
    }

    /// Returns `body`'s result, or throws `Exceeded` once `seconds` have passed (the body is
    /// cancelled then, and whatever it returns later is discarded). In a dispatcher's lane,
    /// `onExpiry` answers the overrun at the limit and `Exceeded` (`answered`) comes only when
    /// the body finally returns; elsewhere `Exceeded` comes at the limit and `onExpiry` is unused.
    func run<T: Sendable>(
        seconds: Double, onExpiry: @escaping @Sendable () async -> Void,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        if let lane = LaneHandle.current {
            let run = Run(seconds: seconds, inline: (lane, onExpiry))
            watch(run, until: .now + .milliseconds(Int(seconds * 1000)))
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            guard run.finish() else { throw Exceeded(seconds: seconds, answered: true) }
            return try outcome.get()
        }
        let run = Run(seconds: seconds)
        watch(run, until: .now + .milliseconds(Int(seconds * 1000)))
        let result = Mutex<Result<T, any Error>?>(nil)
        let work = Task(executorPreference: LaneExecutor.current) {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            _ = run.finish()
        }
        await run.wait(work: work)
        guard let outcome = result.withLock({ $0 }) else { throw Exceeded(seconds: seconds) }
        return try outcome.get()
    }

    private func watch(_ run: Run, until deadline: ContinuousClock.Instant) {
        let startWatchdog = pending.withLock { pending -> Bool in
            // Limits are nearly always the same length, so deadlines arrive in order; a shorter
            // one (after a reload) is placed where it belongs.
            let index = pending.queue.lastIndex { $0.deadline <= deadline }.map { $0 + 1 } ?? 0
            pending.queue.insert(Pending(deadline: deadline, run: run), at: index)
            defer { pending.watching = true }
            return !pending.watching
        }
        if startWatchdog { Task { await self.watchdog() } }
    }

    /// Every `granularity` while runs are pending: forgets the finished runs at the front and
    /// expires the due ones; ends when nothing is pending after a tick.
    private func watchdog() async {
        while true {
            // Sleeping first: most runs end within the tick, so under a steady stream of
            // commands the watchdog is started a few times a second, not once per command.
            try? await Task.sleep(until: .now + granularity, clock: .continuous)
            let now = ContinuousClock.now
            let (due, more) = pending.withLock { pending -> ([Run], Bool) in
                let count = pending.queue.prefix { $0.deadline <= now || $0.run.isDone }.count
                let due = pending.queue.prefix(count).map(\.run).filter { !$0.isDone }
                pending.queue.removeFirst(count)
                if pending.queue.isEmpty { pending.watching = false }
                return (due, !pending.queue.isEmpty)
            }
            for run in due { run.expire() }
            guard more else { return }
        }
    }
}
