import Foundation

/// A serial executor that runs every job on one dedicated OS thread.
///
/// Actors that make blocking calls (SQLite) use it as their executor, so the blocking happens
/// on this thread and never on Swift's cooperative pool.
public final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // `jobs` and `stopped` are guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    /// Starts the thread, named `name` for debuggers and `top -H`.
    public init(name: String) {
        let thread = Thread { [self] in
            ThreadSignals.blockProcessSignals()
            ThreadName.setCurrent(name)
            self.loop()
        }
        thread.name = name
        thread.start()
    }

    /// Queues a job to run on the thread.
    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish the jobs already queued, then end.
    public func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty && stopped {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
