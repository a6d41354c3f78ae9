import AgentCore
import Foundation

/// A connected socket (optionally TLS) served by a `NetworkLoop`: reads complete lines into
/// the connection's stream and writes its queued bytes. Handed to the loop once (`attach`),
/// then used only on the loop's thread.
final class SocketPump: @unchecked Sendable {
    enum Preparation {
        /// The connection is over, for this reason.
        case ended(String)
        /// Wait on this descriptor, and until `deadline` at the latest when one is given.
        case poll(pollfd, deadline: ContinuousClock.Instant?)
    }

    private let socket: Int32
    private let tls: TLSSession?
    private let state: LineConnection.SharedState
    private let inbox: LineInbox
    private let readLimit: Int
    private let onOversizedLine: (Int) -> Void
    /// A loop of this connection's own, stopped when the connection ends.
    private let ownLoop: NetworkLoop?
    private var splitter: LineSplitterBuffer
    private var pending: [UInt8] = []
    private var tlsWantsWriteForRead = false
    /// Bytes were read and no write has carried their acknowledgement yet.
    private var ackOwed = false

    init(
        socket: Int32, tls: TLSSession?, state: LineConnection.SharedState,
        inbox: LineInbox, maximumLineLength: Int, readLimit: Int,
        onOversizedLine: @escaping (Int) -> Void, ownLoop: NetworkLoop?
    ) {
        self.socket = socket
        self.tls = tls
        self.state = state
        self.inbox = inbox
        self.readLimit = readLimit
        self.onOversizedLine = onOversizedLine
        self.ownLoop = ownLoop
        self.splitter = LineSplitterBuffer(maximumLength: maximumLineLength)
    }

    /// Takes the connection's queued bytes and writes what the socket accepts now; says what
    /// to wait for next, or that the connection is over (a close asked for and flushed, or
    /// past its flush deadline).
    func prepare(at now: ContinuousClock.Instant) -> Preparation {
        let (closeRequested, deadline, readPaused) = state.withLock {
            state -> (Bool, ContinuousClock.Instant?, Bool) in
            if !state.outgoing.isEmpty {
                if pending.isEmpty {
                    swap(&pending, &state.outgoing)
                } else {
                    pending.append(contentsOf: state.outgoing)
                    state.outgoing.removeAll(keepingCapacity: true)
                }
            }
            return (state.closeRequested, state.flushDeadline, state.unconsumed >= readLimit)
        }
        if closeRequested, let deadline, now >= deadline { return .ended("closed by the agent") }
        if !pending.isEmpty, let failure = write() { return .ended(failure) }
        if closeRequested, pending.isEmpty { return .ended("closed by the agent") }
        if ackOwed { acknowledgeNow() }
        var events: Int16 = readPaused ? 0 : Int16(POLLIN)
        if !pending.isEmpty || tlsWantsWriteForRead { events |= Int16(POLLOUT) }
        // Paused with nothing to write: leave the socket out, or a hang-up would spin the loop.
        let descriptor = pollfd(fd: events == 0 ? -1 : socket, events: events, revents: 0)
        return .poll(descriptor, deadline: closeRequested ? deadline : nil)
    }

    /// Reads and writes what `revents` allows; returns why the connection ended, if it did.
    func service(revents: Int16, buffer: ReadBuffer) -> String? {
        if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0
            || (tlsWantsWriteForRead && revents & Int16(POLLOUT) != 0)
        {
            tlsWantsWriteForRead = false
            if let failure = read(into: buffer) { return failure }
        }
        if !pending.isEmpty, revents & Int16(POLLOUT) != 0 { return write() }
        return nil
    }

    /// Closes the socket, records why, and ends the connection's stream of lines.
    func finish(reason: String) {
        tls?.shutdown()
        Glibc.close(socket)
        state.withLock { state in
            if state.closeReason == nil { state.closeReason = reason }
        }
        inbox.finish()
        ownLoop?.stop()
    }

    private func read(into buffer: ReadBuffer) -> String? {
        var batch: [[UInt8]] = []
        defer { if !batch.isEmpty { deliver(batch) } }
        while true {
            let outcome: TLSSession.IOResult = buffer.bytes.withUnsafeMutableBytes { bytes in
                if let tls { return tls.read(into: bytes) }
                let count = recv(socket, bytes.baseAddress, bytes.count, 0)
                if count > 0 { return .bytes(count) }
                if count == 0 { return .closed }
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wantRead }
                return .failed(String(cString: strerror(errno)))
            }
            switch outcome {
            case .bytes(let count):
                ackOwed = true
                splitter.append(buffer.bytes[0..<count], line: { batch.append($0) }, oversized: onOversizedLine)
                if batch.count >= 256 {
                    deliver(batch)
                    batch.removeAll(keepingCapacity: true)
                    if state.withLock({ $0.unconsumed >= readLimit }) { return nil }
                }
                // A short plain read emptied the socket: no need to ask again for EAGAIN.
                if tls == nil, count < buffer.bytes.count { return nil }
            case .wantRead: return nil
            case .wantWrite:
                tlsWantsWriteForRead = true
                return nil
            case .closed: return "connection closed by the server"
            case .failed(let message): return message
            }
        }
    }

    /// Acknowledges what was read at once. A server that batches small writes (Nagle) would
    /// otherwise hold its next line for our delayed ACK, up to 40 ms. Called only when the
    /// lines' handling wrote nothing (a reply carries the ACK itself, for free).
    private func acknowledgeNow() {
        ackOwed = false
        var quick: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), 12 /* TCP_QUICKACK */, &quick, socklen_t(MemoryLayout<Int32>.size))
    }

    private func deliver(_ batch: [[UInt8]]) {
        state.withLock { state in
            state.unconsumed += batch.count
            state.highestUnconsumed = max(state.highestUnconsumed, state.unconsumed)
        }
        inbox.yield(batch)
    }

    /// Writes pending bytes until done or the socket is full; returns a failure, if any.
    private func write() -> String? {
        while !pending.isEmpty {
            let outcome: TLSSession.IOResult = pending.withUnsafeBytes { bytes in
                if let tls { return tls.write(bytes) }
                let count = Glibc.send(socket, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
                if count >= 0 { return .bytes(count) }
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wantWrite }
                return .failed(errno == EPIPE ? "connection lost (broken pipe)" : String(cString: strerror(errno)))
            }
            switch outcome {
            case .bytes(let count):
                // Usually all of it: emptied in place, the buffer's room kept.
                if count == pending.count {
                    pending.removeAll(keepingCapacity: true)
                } else {
                    pending.removeFirst(count)
                }
                ackOwed = false
            case .wantRead, .wantWrite: return nil
            case .closed: return "connection closed by the server"
            case .failed(let message): return message
            }
        }
        return nil
    }
}
