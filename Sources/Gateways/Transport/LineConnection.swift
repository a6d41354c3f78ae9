import Foundation
import Storage
import Synchronization

/// A TCP (optionally TLS) connection that delivers complete lines and writes queued bytes.
/// Connecting happens on a short-lived thread of its own; once connected, the socket is served
/// by a `NetworkLoop` (the network's, shared with its gateway, or one of the connection's own),
/// so the cooperative pool never blocks on it.
///
/// Lines arrive without their CR/LF; a line longer than `maximumLineLength` is dropped (and
/// reported through `onOversizedLine`) and the connection carries on. `lines` finishes when
/// the connection closes; `closeReason` then says why.
public final class LineConnection: Sendable {
    /// Where and how to connect.
    public struct Endpoint: Sendable, Hashable {
        public var host: String
        public var port: Int
        /// TLS options, or nil for plaintext.
        public var tls: TLSOptions?
        public var connectTimeout: Double
        /// Names the connection's threads (`irc-io-<label>`, cut to Linux's 15 bytes).
        public var label: String
        /// Creates an endpoint.
        public init(host: String, port: Int, tls: TLSOptions? = nil, connectTimeout: Double = 15, label: String? = nil)
        {
            self.host = host
            self.port = port
            self.tls = tls
            self.connectTimeout = connectTimeout
            self.label = label ?? host
        }

        /// The name of the loop thread serving a network called `label`, within the 15 bytes
        /// Linux keeps.
        static func loopThreadName(label: String) -> String { threadName("irc-io-", label) }
        /// The loop thread's name.
        var threadName: String { Self.loopThreadName(label: label) }
        /// The connect thread's name.
        var connectThreadName: String { Self.threadName("irc-dial-", label) }

        private static func threadName(_ prefix: String, _ label: String) -> String {
            var name = prefix
            for character in label where name.utf8.count + String(character).utf8.count <= 15 {
                name.append(character)
            }
            return name
        }
    }

    /// Received lines, in order, in batches (all complete lines from one read). The reader calls
    /// `consumed(_:)` for each batch it has handled: once `readLimit` lines are received but not
    /// consumed, the connection stops reading from the socket until the reader catches up, so a
    /// fast server fills the kernel's buffers and then its own send queue, never our memory.
    public let lines: LineBatches
    /// The address actually connected to, e.g. `127.0.0.1:6667`.
    public let remoteAddress: String
    /// The TLS protocol in use, e.g. `TLSv1.3`, or nil for plaintext.
    public let tlsVersion: String?

    private let shared: SharedState

    /// State shared between callers and the I/O thread.
    final class SharedState: Sendable {
        let mutex = Mutex(State())
        func withLock<T>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    struct State {
        var outgoing: [UInt8] = []
        /// The connect thread has been woken and has not yet looked: further wakes are free.
        var wakePending = false
        /// The loop serving the connected socket (nil while connecting).
        var loop: NetworkLoop?
        /// Lines delivered to the reader and not yet consumed.
        var unconsumed = 0
        /// The most lines ever waiting for the reader at once.
        var highestUnconsumed = 0
        /// Set when the task waiting for the connection is cancelled before it connects.
        var connectCancelled = false
        /// The write end of the connect thread's wake pipe (-1 once closed).
        var wakeWrite: Int32 = -1
        var closeRequested = false
        var flushDeadline: ContinuousClock.Instant?
        var closeReason: String?
    }

    /// Lines received and not consumed at which reading pauses.
    public let readLimit: Int

    init(
        lines: LineBatches, remoteAddress: String, tlsVersion: String?, state: SharedState, readLimit: Int
    ) {
        self.lines = lines
        self.remoteAddress = remoteAddress
        self.tlsVersion = tlsVersion
        self.shared = state
        self.readLimit = readLimit
    }

    /// Connects to `endpoint`, trying every resolved address in turn, within its timeout.
    /// Cancelling the calling task abandons the attempt at once (resolving a name excepted).
    /// Once connected, `loop` serves the socket (nil: a loop of the connection's own, ended
    /// with it).
    ///
    /// SIGPIPE is ignored process-wide from the first connection on: OpenSSL writes with
    /// `write()`, and a peer that closed would otherwise end the process; EPIPE is handled instead.
    public static func connect(
        to endpoint: Endpoint, loop: NetworkLoop? = nil, maximumLineLength: Int = 8191 + 512, readLimit: Int = 4096,
        onOversizedLine: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> LineConnection {
        signal(SIGPIPE, SIG_IGN)
        guard let (wakeRead, wakeWrite) = WakePipe.make() else {
            throw TransportError("cannot create wake pipe: \(String(cString: strerror(errno)))")
        }
        let state = SharedState()
        state.withLock { $0.wakeWrite = wakeWrite }
        let servingLoop = loop ?? NetworkLoop(name: endpoint.threadName)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<LineConnection, any Error>) in
                let thread = Thread {
                    ThreadSignals.blockProcessSignals()
                    ThreadName.setCurrent(endpoint.connectThreadName)
                    IOLoop.run(
                        endpoint: endpoint, state: state, wakeRead: wakeRead, loop: servingLoop, ownsLoop: loop == nil,
                        maximumLineLength: maximumLineLength, readLimit: readLimit, onOversizedLine: onOversizedLine,
                        connected: { continuation.resume(returning: $0) }, failed: { continuation.resume(throwing: $0) }
                    )
                }
                thread.name = endpoint.connectThreadName
                thread.start()
            }
        } onCancel: {
            state.withLock { $0.connectCancelled = true }
            Self.wake(state)
        }
    }

    /// Queues bytes for writing (the caller adds CRLF); ignored after `close`.
    public func send(_ bytes: [UInt8]) {
        let loop = shared.withLock { state -> NetworkLoop? in
            guard !state.closeRequested else { return nil }
            state.outgoing.append(contentsOf: bytes)
            return Self.wakeLocked(&state)
        }
        loop?.wake()
    }

    /// Whether `close` has been called: bytes sent from now on are ignored.
    public var isClosing: Bool { shared.withLock { $0.closeRequested } }

    /// Tells the I/O thread that the reader has handled `count` lines; reading resumes when it
    /// had paused and the backlog has halved.
    public func consumed(_ count: Int) {
        let loop = shared.withLock { state -> NetworkLoop? in
            let before = state.unconsumed
            state.unconsumed -= count
            // Reading pauses at `readLimit`; every pause is followed by this crossing on the way down.
            guard before >= readLimit / 2, state.unconsumed < readLimit / 2 else { return nil }
            return Self.wakeLocked(&state)
        }
        loop?.wake()
    }

    /// The most received lines that ever waited for the reader at once.
    public var highestBacklog: Int { shared.withLock { $0.highestUnconsumed } }

    /// Closes the connection after writing what is queued (for at most `flushTimeout` seconds).
    public func close(flushTimeout: Double = 0, reason: String = "closed by the agent") {
        let loop = shared.withLock { state -> NetworkLoop? in
            guard !state.closeRequested else { return nil }
            state.closeRequested = true
            state.flushDeadline = .now + .milliseconds(Int(flushTimeout * 1000))
            if state.closeReason == nil { state.closeReason = reason }
            return Self.wakeLocked(&state)
        }
        loop?.wake()
    }

    /// Why the connection closed, once it has.
    public var closeReason: String? { shared.withLock { $0.closeReason } }

    /// Wakes the thread in charge: the connect thread, at most one pipe write until it has
    /// looked, or the loop serving the socket.
    static func wake(_ shared: SharedState) {
        shared.withLock { wakeLocked(&$0) }?.wake()
    }

    /// Under the lock, so the pipe cannot be closed meanwhile; returns the loop to wake once
    /// the lock is released, if a loop is in charge.
    private static func wakeLocked(_ state: inout State) -> NetworkLoop? {
        if let loop = state.loop { return loop }
        guard !state.wakePending, state.wakeWrite >= 0 else { return nil }
        state.wakePending = true
        WakePipe.ring(state.wakeWrite)
        return nil
    }
}
