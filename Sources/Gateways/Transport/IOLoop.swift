import AgentCore
import Foundation
import Synchronization

/// The body of a connection's I/O thread: resolve, connect, TLS handshake, then poll for
/// reads and writes until closed.
enum IOLoop {
    static func run(
        endpoint: LineConnection.Endpoint, state: LineConnection.SharedState, wakeRead: Int32, maximumLineLength: Int,
        readLimit: Int, onOversizedLine: @escaping @Sendable (Int) -> Void,
        connected: (LineConnection) -> Void, failed: (TransportError) -> Void
    ) {
        let deadline = ContinuousClock.now + .milliseconds(Int(endpoint.connectTimeout * 1000))
        let interrupt = Interrupt(wakeRead: wakeRead, state: state)
        defer {
            state.withLock { state in
                Glibc.close(state.wakeWrite)
                state.wakeWrite = -1
            }
            Glibc.close(wakeRead)
        }
        let socket: Int32
        let address: String
        switch SocketConnector.connect(
            host: endpoint.host, port: endpoint.port, deadline: deadline, interrupt: interrupt)
        {
        case .success(let result): (socket, address) = result
        case .failure(let error):
            failed(error)
            return
        }
        var tls: TLSSession?
        if let options = endpoint.tls {
            do {
                let session = try TLSSession(socket: socket, host: endpoint.host, options: options)
                try handshake(session, socket: socket, deadline: deadline, interrupt: interrupt)
                tls = session
            } catch {
                Glibc.close(socket)
                failed(error)
                return
            }
        }
        let (lines, continuation) = AsyncStream<[[UInt8]]>.makeStream()
        let connection = LineConnection(
            lines: lines, remoteAddress: address, tlsVersion: tls?.protocolVersion, state: state, readLimit: readLimit)
        connected(connection)
        let reason = pump(
            socket: socket, tls: tls, wakeRead: wakeRead, state: state, maximumLineLength: maximumLineLength,
            readLimit: readLimit, onOversizedLine: onOversizedLine,
            deliver: { batch in
                state.withLock { state in
                    state.unconsumed += batch.count
                    state.highestUnconsumed = max(state.highestUnconsumed, state.unconsumed)
                }
                continuation.yield(batch)
            })
        tls?.shutdown()
        Glibc.close(socket)
        state.withLock { state in
            if state.closeReason == nil { state.closeReason = reason }
        }
        continuation.finish()
    }

    /// Lets the connect and handshake waits end early when the waiting task is cancelled.
    struct Interrupt {
        let wakeRead: Int32
        let state: LineConnection.SharedState

        enum Outcome { case ready, timedOut, cancelled }

        /// Waits until `events` on `socket`, the deadline, or the waiting task's cancellation.
        func wait(for socket: Int32, events: Int16, until deadline: ContinuousClock.Instant) -> Outcome {
            while true {
                let milliseconds = ContinuousClock.now.duration(to: deadline).inMilliseconds
                guard milliseconds > 0 else { return .timedOut }
                var descriptors = [
                    pollfd(fd: socket, events: events, revents: 0),
                    pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
                ]
                let count = Glibc.poll(&descriptors, 2, Int32(min(milliseconds, 60_000)))
                if descriptors[1].revents != 0 { IOLoop.drainWakePipe(wakeRead, state: state) }
                if state.withLock({ $0.connectCancelled }) { return .cancelled }
                if count > 0, descriptors[0].revents != 0 { return .ready }
            }
        }
    }

    /// Empties the wake pipe, then allows the next wake to write to it. In this order: a wake
    /// that lands in between is seen by the loop's next look at the shared state anyway, and
    /// no wake can be swallowed with the flag left set (which would leave the thread asleep).
    static func drainWakePipe(_ wakeRead: Int32, state: LineConnection.SharedState) {
        var drain = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &drain, drain.count) > 0 {}
        state.withLock { $0.wakePending = false }
    }

    private static func handshake(
        _ session: TLSSession, socket: Int32, deadline: ContinuousClock.Instant, interrupt: Interrupt
    ) throws(TransportError) {
        while true {
            var events: Int16
            switch session.handshake() {
            case .bytes: break
            case .wantRead:
                events = Int16(POLLIN); try waitFor(socket, events: events, deadline: deadline, interrupt: interrupt);
                continue
            case .wantWrite:
                events = Int16(POLLOUT); try waitFor(socket, events: events, deadline: deadline, interrupt: interrupt);
                continue
            case .closed: throw TransportError("TLS handshake: the server closed the connection")
            case .failed(let message): throw TransportError(message)
            }
            if let refusal = session.checkPeer() { throw TransportError(refusal) }
            return
        }
    }

    private static func waitFor(
        _ socket: Int32, events: Int16, deadline: ContinuousClock.Instant, interrupt: Interrupt
    ) throws(TransportError) {
        switch interrupt.wait(for: socket, events: events, until: deadline) {
        case .ready: return
        case .timedOut: throw TransportError("TLS handshake timed out")
        case .cancelled: throw TransportError("connection attempt cancelled")
        }
    }

    /// Reads and writes until the peer closes, an error happens, or a close is requested and
    /// flushed; returns the reason.
    private static func pump(
        socket: Int32, tls: TLSSession?, wakeRead: Int32, state: LineConnection.SharedState, maximumLineLength: Int,
        readLimit: Int, onOversizedLine: (Int) -> Void, deliver: ([[UInt8]]) -> Void
    ) -> String {
        var splitter = LineSplitterBuffer(maximumLength: maximumLineLength)
        var pending: [UInt8] = []
        var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
        var tlsWantsWriteForRead = false
        while true {
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
            let now = ContinuousClock.now
            if closeRequested, pending.isEmpty || (deadline.map { now >= $0 } ?? true) {
                return "closed by the agent"
            }
            var events: Int16 = readPaused ? 0 : Int16(POLLIN)
            if !pending.isEmpty || tlsWantsWriteForRead { events |= Int16(POLLOUT) }
            var descriptors = [
                // Paused with nothing to write: leave the socket out, or a hang-up would spin this loop.
                pollfd(fd: events == 0 ? -1 : socket, events: events, revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            var timeout: Int32 = -1
            if closeRequested, let deadline {
                timeout = Int32(max(1, now.duration(to: deadline).inMilliseconds + 1))
            }
            let ready = poll(&descriptors, 2, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return "poll failed: \(String(cString: strerror(errno)))"
            }
            if descriptors[1].revents != 0 { drainWakePipe(wakeRead, state: state) }
            let revents = descriptors[0].revents
            if !readPaused,
                revents & Int16(POLLIN | POLLHUP | POLLERR) != 0
                    || (tlsWantsWriteForRead && revents & Int16(POLLOUT) != 0)
            {
                tlsWantsWriteForRead = false
                var batch: [[UInt8]] = []
                defer { if !batch.isEmpty { deliver(batch) } }
                readLoop: while true {
                    let outcome: TLSSession.IOResult = readBuffer.withUnsafeMutableBytes { buffer in
                        if let tls { return tls.read(into: buffer) }
                        let count = recv(socket, buffer.baseAddress, buffer.count, 0)
                        if count > 0 { return .bytes(count) }
                        if count == 0 { return .closed }
                        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wantRead }
                        return .failed(String(cString: strerror(errno)))
                    }
                    switch outcome {
                    case .bytes(let count):
                        // Acknowledge at once: a server that batches small writes (Nagle) would
                        // otherwise hold its next line for our delayed ACK, up to 40 ms.
                        var quick: Int32 = 1
                        setsockopt(
                            socket, Int32(IPPROTO_TCP), 12 /* TCP_QUICKACK */, &quick,
                            socklen_t(MemoryLayout<Int32>.size))
                        splitter.append(readBuffer[0..<count], line: { batch.append($0) }, oversized: onOversizedLine)
                        if batch.count >= 256 {
                            deliver(batch)
                            batch.removeAll(keepingCapacity: true)
                            if state.withLock({ $0.unconsumed >= readLimit }) { break readLoop }
                        }
                        // A short plain read emptied the socket: no need to ask again for EAGAIN.
                        if tls == nil, count < readBuffer.count { break readLoop }
                    case .wantRead: break readLoop
                    case .wantWrite:
                        tlsWantsWriteForRead = true
                        break readLoop
                    case .closed: return "connection closed by the server"
                    case .failed(let message): return message
                    }
                }
            }
            if !pending.isEmpty, revents & Int16(POLLOUT) != 0 {
                writeLoop: while !pending.isEmpty {
                    let outcome: TLSSession.IOResult = pending.withUnsafeBytes { buffer in
                        if let tls { return tls.write(buffer) }
                        let count = Glibc.send(socket, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
                        if count >= 0 { return .bytes(count) }
                        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wantWrite }
                        return .failed(
                            errno == EPIPE ? "connection lost (broken pipe)" : String(cString: strerror(errno)))
                    }
                    switch outcome {
                    case .bytes(let count):
                        pending.removeFirst(count)
                    case .wantRead, .wantWrite: break writeLoop
                    case .closed: return "connection closed by the server"
                    case .failed(let message): return message
                    }
                }
            }
        }
    }
}
