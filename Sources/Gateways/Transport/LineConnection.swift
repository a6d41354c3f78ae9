import Foundation
import Synchronization

/// A TCP (optionally TLS) connection that delivers complete lines and writes queued bytes,
/// all on one dedicated I/O thread per connection so the cooperative pool never blocks on it.
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
        /// Creates an endpoint.
        public init(host: String, port: Int, tls: TLSOptions? = nil, connectTimeout: Double = 15) {
            self.host = host
            self.port = port
            self.tls = tls
            self.connectTimeout = connectTimeout
        }
    }

    /// Received lines, in order, in batches (all complete lines from one read).
    public let lines: AsyncStream<[[UInt8]]>
    /// The address actually connected to, e.g. `127.0.0.1:6667`.
    public let remoteAddress: String
    /// The TLS protocol in use, e.g. `TLSv1.3`, or nil for plaintext.
    public let tlsVersion: String?

    private let shared: SharedState
    private let wakeWrite: Int32

    /// State shared between callers and the I/O thread.
    final class SharedState: Sendable {
        let mutex = Mutex(State())
        func withLock<T>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    struct State {
        var outgoing: [UInt8] = []
        var closeRequested = false
        var flushDeadline: ContinuousClock.Instant?
        var closeReason: String?
        /// Set by the I/O thread, under the lock, just before it closes the wake pipe.
        var loopEnded = false
    }

    init(
        lines: AsyncStream<[[UInt8]]>, remoteAddress: String, tlsVersion: String?, state: SharedState, wakeWrite: Int32
    ) {
        self.lines = lines
        self.remoteAddress = remoteAddress
        self.tlsVersion = tlsVersion
        self.shared = state
        self.wakeWrite = wakeWrite
    }

    /// Connects to `endpoint`, trying every resolved address in turn, within its timeout.
    ///
    /// SIGPIPE is ignored process-wide from the first connection on: OpenSSL writes with
    /// `write()`, and a peer that closed would otherwise end the process; EPIPE is handled instead.
    public static func connect(
        to endpoint: Endpoint, maximumLineLength: Int = 8191 + 512,
        onOversizedLine: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> LineConnection {
        signal(SIGPIPE, SIG_IGN)
        return try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<LineConnection, any Error>) in
            let thread = Thread {
                IOLoop.run(
                    endpoint: endpoint, maximumLineLength: maximumLineLength, onOversizedLine: onOversizedLine,
                    connected: { continuation.resume(returning: $0) }, failed: { continuation.resume(throwing: $0) })
            }
            thread.name = "irc-io-\(endpoint.host):\(endpoint.port)"
            thread.start()
        }
    }

    /// Queues bytes for writing (the caller adds CRLF); ignored after `close`.
    public func send(_ bytes: [UInt8]) {
        let accepted = shared.withLock { state -> Bool in
            guard !state.closeRequested else { return false }
            state.outgoing.append(contentsOf: bytes)
            return true
        }
        if accepted { wake() }
    }

    /// Closes the connection after writing what is queued (for at most `flushTimeout` seconds).
    public func close(flushTimeout: Double = 0, reason: String = "closed by the agent") {
        shared.withLock { state in
            guard !state.closeRequested else { return }
            state.closeRequested = true
            state.flushDeadline = .now + .milliseconds(Int(flushTimeout * 1000))
            if state.closeReason == nil { state.closeReason = reason }
        }
        wake()
    }

    /// Why the connection closed, once it has.
    public var closeReason: String? { shared.withLock { $0.closeReason } }

    /// Wakes the I/O thread; holds the lock so the pipe cannot be closed meanwhile.
    private func wake() {
        shared.withLock { state in
            guard !state.loopEnded else { return }
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }
}
