import CSQLite
import Foundation

/// Copies the write-ahead log back into the database file on a thread of its own, so a commit
/// does not wait for it. (SQLite's automatic checkpoint runs inside the commit that lets the
/// log reach its threshold, with an fsync: a pause of milliseconds for whichever write it is.)
///
/// The writing connection's WAL hook wakes the thread when the log holds `threshold` pages.
/// Should the log keep growing regardless — writes so continuous that a checkpoint running
/// beside them never catches up, so the log never starts over — the commit that takes it past
/// four times the threshold checkpoints itself, as SQLite would, which keeps the log bounded.
/// A commit may then wait for a checkpoint, like every commit past the threshold did before.
final class WALCheckpointer: @unchecked Sendable {
    // `wanted` and `stopped` are guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var wanted = false
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)
    private let path: String
    private let threshold: Int32
    /// The writing connection whose hook this is.
    private var attached: OpaquePointer?

    /// Starts the thread for the database at `path`; nothing happens until `attach`.
    init(path: String, threshold: Int32 = 1_000) {
        self.path = path
        self.threshold = threshold
        let thread = Thread { [self] in
            ThreadSignals.blockProcessSignals()
            ThreadName.setCurrent("sqlite-ckpt")
            self.loop()
        }
        thread.name = "sqlite-ckpt"
        thread.start()
    }

    /// Replaces `handle`'s automatic checkpoints with this checkpointer, until `stop`.
    func attach(to handle: OpaquePointer) {
        attached = handle
        sqlite3_wal_hook(
            handle,
            { context, handle, _, pages in
                guard let context else { return SQLITE_OK }
                let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
                checkpointer.logGrew(to: pages, on: handle)
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Gives the attached connection back SQLite's own automatic checkpoints, then ends the
    /// thread after any checkpoint under way and closes its connection. Only the first call
    /// does anything: by a second one the connection may be closed.
    func stop() {
        condition.lock()
        let first = !stopped
        stopped = true
        condition.signal()
        condition.unlock()
        guard first else { return }
        if let attached { sqlite3_wal_autocheckpoint(attached, threshold) }
        attached = nil
        done.wait()
    }

    /// Called by SQLite after each commit, on the committing thread.
    private func logGrew(to pages: Int32, on handle: OpaquePointer?) {
        if pages >= threshold * 4 {
            // Waits (up to ~100 ms) for the thread's pass to end, then copies what is left while
            // nothing else is written, so the next commit starts the log over.
            var attempts = 0
            while sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_BUSY,
                attempts < 50
            {
                attempts += 1
                sqlite3_sleep(2)
            }
        } else if pages >= threshold {
            condition.lock()
            wanted = true
            condition.signal()
            condition.unlock()
        }
    }

    private func loop() {
        var handle: OpaquePointer?
        defer {
            sqlite3_close_v2(handle)
            done.signal()
        }
        while true {
            condition.lock()
            while !wanted && !stopped { condition.wait() }
            let stop = stopped
            wanted = false
            condition.unlock()
            if stop { return }
            // A new connection learns the file is in WAL mode when it first reads it.
            if handle == nil,
                sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) != SQLITE_OK
                    || sqlite3_exec(handle, "PRAGMA journal_mode", nil, nil, nil) != SQLITE_OK
            {
                sqlite3_close_v2(handle)
                handle = nil
                continue
            }
            // A failure (the file busy with another process's checkpoint, say) is left for the
            // next wake or the writer's own fallback.
            sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }
}
