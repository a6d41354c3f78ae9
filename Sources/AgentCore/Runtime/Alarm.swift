import Synchronization

/// A wake-up call one task waits for, rung from anywhere: the waiter returns when it is rung,
/// at its deadline, or when its task is cancelled, whichever comes first. A ring while nobody
/// waits is kept for the next wait, so no ring is ever lost; several rings count as one.
/// (Its continuation is resumed exactly once, under the lock's rules, so the unchecked kind is
/// used: it is on every reply's path.)
public final class Alarm: Sendable {
    private struct State {
        var rung = false
        var waiter: UnsafeContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Creates an alarm that has not rung.
    public init() {}

    /// Wakes the waiter (or the next one to wait).
    public func ring() {
        let waiter = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits for a ring, until `deadline` (nil: no deadline), or until the task is cancelled.
    /// One waiter at a time.
    public func wait(until deadline: ContinuousClock.Instant? = nil) async {
        if consumeRing() { return }
        let timer = deadline.map { deadline in
            Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                self?.ring()
            }
        }
        defer { timer?.cancel() }
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.rung || Task.isCancelled {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            ring()
        }
        _ = consumeRing()
    }

    private func consumeRing() -> Bool {
        state.withLock { state in
            defer { state.rung = false }
            return state.rung
        }
    }
}
