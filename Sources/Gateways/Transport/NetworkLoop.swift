import AgentCore
import Foundation
import Storage
import Synchronization

/// One thread that runs a network's Swift jobs and its connection's socket I/O, so a line can
/// be read, handled and answered without handing work from thread to thread.
///
/// Promises:
/// - As a serial executor (`asUnownedSerialExecutor()`, the IRC gateway actor's), jobs run one
///   at a time, in queue order.
/// - As a `TaskExecutor`, tasks that prefer it (the network's command lanes) run their
///   nonisolated code on the same thread, and run it as nonisolated code: a call from one
///   nonisolated function to another costs no job.
/// - Sockets handed over with `attach` are read and written between jobs: lines written by a
///   job go out in one write as soon as the queued jobs are done, before the thread sleeps.
/// - A job queued from the loop's own thread costs no system call; from another thread, at most
///   one wake-pipe write until the loop has looked.
/// - After `stop`, the thread ends once no job or socket is left; a job queued later starts a
///   new thread, so nothing queued is ever stranded.
///
/// Jobs must not block: blocking calls (SQLite) belong on executors of their own.
public final class NetworkLoop: TaskExecutor, @unchecked Sendable {
    /// A queued job, and whether it came in through the serial executor (an actor's job) or
    /// through the task executor (a preferring task's nonisolated code, or a default actor's).
    private struct Job {
        var job: UnownedJob
        var isolated: Bool
    }

    private struct State {
        var jobs: [Job] = []
        var arrivals: [SocketPump] = []
        /// The loop has been woken and has not yet looked: further wakes are free.
        var wakePending = false
        /// A thread is serving the loop (or is about to).
        var running = false
        var stopRequested = false
    }

    /// The thread's name (cut to the 15 bytes Linux keeps).
    public let name: String
    private let state = Mutex(State())
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// The serving thread's `pthread_t`, 0 while none serves.
    private let threadID = Atomic<UInt>(0)
    /// When the thread's current turn (jobs, then the sockets' writes) began (uptime in
    /// nanoseconds), 0 while it waits in `poll`.
    private let awakeSince = Atomic<UInt64>(0)
    /// Checks for a thread that stays busy (see `reportStalls`).
    private let stallTimer = Mutex<StallTimer?>(nil)
    private let jobCount = Atomic<Int>(0)
    /// The loop's serial-executor role (set once, in `init`).
    private var serial: SerialRole!

    /// The loop as an actor's executor. A job enqueued through a separate object is known to be
    /// isolated: one `enqueue` would serve both roles and could not tell them apart, and running
    /// nonisolated code as if isolated makes every nonisolated call hop (a job each).
    private final class SerialRole: SerialExecutor, @unchecked Sendable {
        unowned let loop: NetworkLoop
        init(_ loop: NetworkLoop) { self.loop = loop }
        func enqueue(_ job: consuming ExecutorJob) { loop.enqueue(UnownedJob(job), isolated: true) }
        func checkIsolated() {
            precondition(loop.isCurrent, "expected to run on the network loop \(loop.name)")
        }
    }

    /// A Dispatch timer, used only to be cancelled (Dispatch sources are thread-safe).
    private final class StallTimer: @unchecked Sendable {
        let source: any DispatchSourceTimer
        init(_ source: any DispatchSourceTimer) { self.source = source }
    }

    /// Creates a loop; its thread starts with the first job or socket.
    public init(name: String) {
        self.name = name
        // Without a pipe (out of descriptors) the loop still runs jobs, waking every 10 ms.
        (wakeRead, wakeWrite) = WakePipe.make() ?? (-1, -1)
        serial = SerialRole(self)
    }

    deinit {
        stallTimer.withLock { $0?.source.cancel() }
        if wakeRead >= 0 { Glibc.close(wakeRead) }
        if wakeWrite >= 0 { Glibc.close(wakeWrite) }
    }

    /// Jobs run so far (each resumption of a task or actor on the loop is one), for diagnostics
    /// and tests: fewer jobs per command is less work per command.
    public var jobsRun: Int { jobCount.load(ordering: .relaxed) }

    /// Whether the calling thread is the loop's.
    public var isCurrent: Bool { threadID.load(ordering: .acquiring) == pthread_self() }

    /// The loop as a serial executor, for an actor that runs on it.
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor { serial.asUnownedSerialExecutor() }

    /// Queues a job of a task that prefers the loop (starting the thread if none serves it).
    public func enqueue(_ job: consuming ExecutorJob) {
        enqueue(UnownedJob(job), isolated: false)
    }

    private func enqueue(_ job: UnownedJob, isolated: Bool) {
        let onLoop = isCurrent
        let (start, wake) = state.withLock { state -> (Bool, Bool) in
            state.jobs.append(Job(job: job, isolated: isolated))
            return Self.startOrWake(&state, onLoop: onLoop)
        }
        if start { startThread() }
        if wake { ring() }
    }

    /// Hands a connected socket to the loop, which reads and writes it until it closes.
    func attach(_ pump: SocketPump) {
        let (start, wake) = state.withLock { state -> (Bool, Bool) in
            state.arrivals.append(pump)
            return Self.startOrWake(&state, onLoop: false)
        }
        if start { startThread() }
        if wake { ring() }
    }

    /// Makes the loop look at its sockets' queued writes and close requests (from any thread;
    /// free on the loop's own, which looks before it sleeps anyway).
    func wake() {
        guard !isCurrent else { return }
        let (start, wake) = state.withLock { Self.startOrWake(&$0, onLoop: false) }
        if start { startThread() }
        if wake { ring() }
    }

    /// How long the thread's current turn has lasted without getting back to its sockets (nil:
    /// it is waiting, or there is no thread). A network's socket is only read and written
    /// between turns, so a job that never yields (a handler stuck in a loop) holds up the whole
    /// network.
    public var busyFor: Duration? {
        let since = awakeSince.load(ordering: .relaxed)
        guard since > 0 else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        return .nanoseconds(Int64(now > since ? now - since : 0))
    }

    /// Calls `report` (from another thread) each `interval` while the thread's current turn has
    /// lasted longer than `threshold` (see `busyFor`), until the loop is stopped.
    public func reportStalls(
        after threshold: Duration, every interval: Duration, _ report: @escaping @Sendable (Duration) -> Void
    ) {
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        let milliseconds = Int(interval.inSeconds * 1000)
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
        timer.setEventHandler { [weak self] in
            if let busy = self?.busyFor, busy > threshold { report(busy) }
        }
        timer.resume()
        let box = StallTimer(timer)
        stallTimer.withLock { previous in
            previous?.source.cancel()
            previous = box
        }
    }

    /// Lets the thread end once its jobs and sockets are done.
    public func stop() {
        stallTimer.withLock { timer in
            timer?.source.cancel()
            timer = nil
        }
        let onLoop = isCurrent
        let wake = state.withLock { state -> Bool in
            state.stopRequested = true
            // No thread: nothing to tell. On the loop: it looks before it sleeps.
            guard state.running, !onLoop, !state.wakePending else { return false }
            state.wakePending = true
            return true
        }
        if wake { ring() }
    }

    private static func startOrWake(_ state: inout State, onLoop: Bool) -> (start: Bool, wake: Bool) {
        if !state.running {
            state.running = true
            return (true, false)
        }
        guard !onLoop, !state.wakePending else { return (false, false) }
        state.wakePending = true
        return (false, true)
    }

    private func ring() { WakePipe.ring(wakeWrite) }

    private func startThread() {
        let thread = Thread { [self] in
            ThreadSignals.blockProcessSignals()
            ThreadName.setCurrent(name)
            serve()
        }
        thread.name = name
        thread.start()
    }

    // MARK: The thread

    private func serve() {
        threadID.store(pthread_self(), ordering: .releasing)
        var pumps: [SocketPump] = []
        var batch: [Job] = []
        var polled: [SocketPump] = []
        var descriptors: [pollfd] = []
        let readBuffer = ReadBuffer()
        while true {
            awakeSince.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
            runJobs(&batch)
            pumps += state.withLock { state in
                defer { state.arrivals.removeAll() }
                return state.arrivals
            }
            let now = ContinuousClock.now
            var timeout: Int32 = wakeRead >= 0 ? -1 : 10
            polled.removeAll(keepingCapacity: true)
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            pumps.removeAll { pump in
                switch pump.prepare(at: now) {
                case .ended(let reason):
                    pump.finish(reason: reason)
                    return true
                case .poll(let descriptor, let deadline):
                    polled.append(pump)
                    descriptors.append(descriptor)
                    if let deadline {
                        let milliseconds = Int32(clamping: max(1, now.duration(to: deadline).inMilliseconds + 1))
                        timeout = timeout < 0 ? milliseconds : min(timeout, milliseconds)
                    }
                    return false
                }
            }
            if pumps.isEmpty, endIfStopped() { return }
            // Jobs queued since (by a job-round cut short, or by a connection ending just now,
            // which resumes its reader from this thread without a wake) must not wait for a wake.
            if state.withLock({ !$0.jobs.isEmpty }) { timeout = 0 }
            awakeSince.store(0, ordering: .relaxed)
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0, errno != EINTR {
                // Nothing sensible is left to wait on; do not spin.
                usleep(10_000)
                continue
            }
            if descriptors[0].revents != 0 { drainWakePipe() }
            guard ready > 0 else { continue }
            for (index, pump) in polled.enumerated() where descriptors[index + 1].revents != 0 {
                if let reason = pump.service(revents: descriptors[index + 1].revents, buffer: readBuffer) {
                    pump.finish(reason: reason)
                    pumps.removeAll { $0 === pump }
                }
            }
        }
    }

    /// Runs queued jobs, including the ones they queue, for a bounded number of rounds (so
    /// sockets are served even while jobs keep queueing jobs).
    private func runJobs(_ batch: inout [Job]) {
        let serial = asUnownedSerialExecutor()
        let task = asUnownedTaskExecutor()
        for _ in 0..<64 {
            state.withLock { swap(&batch, &$0.jobs) }
            if batch.isEmpty { return }
            jobCount.add(batch.count, ordering: .relaxed)
            for job in batch {
                if job.isolated {
                    job.job.runSynchronously(isolatedTo: serial, taskExecutor: task)
                } else {
                    job.job.runSynchronously(on: task)
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Ends the thread when a stop was asked for and nothing is left; false otherwise.
    private func endIfStopped() -> Bool {
        state.withLock { state in
            guard state.stopRequested, state.jobs.isEmpty, state.arrivals.isEmpty else { return false }
            awakeSince.store(0, ordering: .relaxed)
            // Before `running` goes false: a thread started after this one must keep its own ID.
            threadID.store(0, ordering: .releasing)
            state.running = false
            return true
        }
    }

    /// Empties the wake pipe, then allows the next wake to write to it. In this order: a wake
    /// that lands in between is seen by the loop's next look at its queue anyway, and no wake
    /// can be swallowed with the flag left set (which would leave the thread asleep).
    private func drainWakePipe() {
        WakePipe.drain(wakeRead)
        state.withLock { $0.wakePending = false }
    }
}

/// The loop's one receive buffer, shared by its sockets (used on the loop thread only).
final class ReadBuffer {
    var bytes = [UInt8](repeating: 0, count: 64 * 1024)
}
