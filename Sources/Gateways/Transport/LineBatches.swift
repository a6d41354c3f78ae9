import AgentCore
import Synchronization

/// A connection's received lines, in order, in batches (all complete lines from one read).
///
/// Promises:
/// - Batches arrive in the order they were read; none is dropped while a reader iterates.
/// - Iteration ends (nil) once the connection has closed and every batch read before has
///   been taken, or at once when the iterating task is cancelled.
/// - One reader at a time: a second concurrent iteration is a programming error.
public struct LineBatches: AsyncSequence, Sendable {
    public typealias Element = [[UInt8]]
    public typealias Failure = Never

    let inbox: LineInbox

    /// Reads the batches one after another.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let inbox: LineInbox

        /// The next batch, or nil when the connection has closed.
        public mutating func next() async -> [[UInt8]]? { await inbox.next(isolation: nil) }

        /// The next batch, resumed on the caller's actor without a hop.
        public mutating func next(isolation actor: isolated (any Actor)?) async -> [[UInt8]]? {
            await inbox.next(isolation: actor)
        }
    }

    /// Starts reading.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(inbox: inbox) }
}

/// The queue between a socket's reader (the network loop) and the task consuming its lines.
/// Written for this one job: one lock per batch each way, and no generic stream machinery on a
/// path every received line takes.
final class LineInbox: Sendable {
    private struct State {
        var batches = FIFOQueue<[[UInt8]]>()
        var waiter: UnsafeContinuation<[[UInt8]]?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    /// Hands a batch to the reader (ignored once finished).
    func yield(_ batch: [[UInt8]]) {
        let waiter = state.withLock { state -> UnsafeContinuation<[[UInt8]]?, Never>? in
            guard !state.finished else { return nil }
            guard let waiter = state.waiter else {
                state.batches.append(batch)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: batch)
    }

    /// Ends the sequence once the reader has taken what is queued.
    func finish() {
        let waiter = state.withLock { state -> UnsafeContinuation<[[UInt8]]?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Ends the sequence now, dropping what is queued (the reader has gone).
    private func abandon() {
        let waiter = state.withLock { state -> UnsafeContinuation<[[UInt8]]?, Never>? in
            state.finished = true
            state.batches = FIFOQueue()
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// A batch that needs no waiting: `.some(nil)` when finished, nil when the reader must wait.
    private func ready(_ state: inout State) -> [[UInt8]]?? {
        if let batch = state.batches.popFirst() { return .some(batch) }
        return state.finished ? .some(nil) : nil
    }

    func next(isolation actor: isolated (any Actor)?) async -> [[UInt8]]? {
        if let ready = state.withLock({ ready(&$0) }) { return ready }
        if Task.isCancelled {
            abandon()
            return nil
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation(isolation: actor) { (continuation: UnsafeContinuation<[[UInt8]]?, Never>) in
                let now = state.withLock { state -> [[UInt8]]?? in
                    if let ready = ready(&state) { return ready }
                    state.waiter = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            abandon()
        }
    }
}
