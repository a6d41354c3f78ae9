import Foundation
import Synchronization

/// The body of a connection's I/O thread: resolve, connect, TLS handshake, then poll for
/// reads and writes until closed.
enum IOLoop {
    static func run(
        endpoint: LineConnection.Endpoint, maximumLineLength: Int, onOversizedLine: @escaping @Sendable (Int) -> Void,
        connected: (LineConnection) -> Void, failed: (TransportError) -> Void
    ) {
        let deadline = ContinuousClock.now + .milliseconds(Int(endpoint.connectTimeout * 1000))
        let socket: Int32
        let address: String
        switch SocketConnector.connect(host: endpoint.host, port: endpoint.port, deadline: deadline) {
        case .success(let result): (socket, address) = result
        case .failure(let error):
            failed(error)
            return
        }
        var tls: TLSSession?
        if let options = endpoint.tls {
            do {
                let session = try TLSSession(socket: socket, host: endpoint.host, options: options)
                try handshake(session, socket: socket, deadline: deadline)
                tls = session
            } catch {
                Glibc.close(socket)
                failed(error)
                return
            }
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            Glibc.close(socket)
            failed(TransportError("cannot create wake pipe: \(String(cString: strerror(errno)))"))
            return
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        let (lines, continuation) = AsyncStream<[[UInt8]]>.makeStream()
        let state = LineConnection.SharedState()
        let connection = LineConnection(
            lines: lines, remoteAddress: address, tlsVersion: tls?.protocolVersion, state: state,
            wakeWrite: pipeEnds[1])
        connected(connection)
        let reason = pump(
            socket: socket, tls: tls, wakeRead: pipeEnds[0], state: state, maximumLineLength: maximumLineLength,
            onOversizedLine: onOversizedLine, deliver: { continuation.yield($0) })
        tls?.shutdown()
        Glibc.close(socket)
        state.withLock { state in
            if state.closeReason == nil { state.closeReason = reason }
            state.loopEnded = true
            Glibc.close(pipeEnds[0])
            Glibc.close(pipeEnds[1])
        }
        continuation.finish()
    }

    private static func handshake(
        _ session: TLSSession, socket: Int32, deadline: ContinuousClock.Instant
    ) throws(TransportError) {
        while true {
            var events: Int16
            switch session.handshake() {
            case .bytes: break
            case .wantRead: events = Int16(POLLIN); try waitFor(socket, events: events, deadline: deadline); continue
            case .wantWrite: events = Int16(POLLOUT); try waitFor(socket, events: events, deadline: deadline); continue
            case .closed: throw TransportError("TLS handshake: the server closed the connection")
            case .failed(let message): throw TransportError(message)
            }
            if let refusal = session.checkPeer() { throw TransportError(refusal) }
            return
        }
    }

    private static func waitFor(
        _ socket: Int32, events: Int16, deadline: ContinuousClock.Instant
    ) throws(TransportError) {
        let remaining = ContinuousClock.now.duration(to: deadline)
        let milliseconds = Int32(
            max(0, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
        guard milliseconds > 0 else { throw TransportError("TLS handshake timed out") }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        _ = poll(&descriptor, 1, milliseconds)
    }

    /// Reads and writes until the peer closes, an error happens, or a close is requested and
    /// flushed; returns the reason.
    private static func pump(
        socket: Int32, tls: TLSSession?, wakeRead: Int32, state: LineConnection.SharedState, maximumLineLength: Int,
        onOversizedLine: (Int) -> Void, deliver: ([[UInt8]]) -> Void
    ) -> String {
        var splitter = LineSplitterBuffer(maximumLength: maximumLineLength)
        var pending: [UInt8] = []
        var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
        var tlsWantsWriteForRead = false
        while true {
            let (closeRequested, deadline) = state.withLock { state -> (Bool, ContinuousClock.Instant?) in
                if !state.outgoing.isEmpty {
                    pending.append(contentsOf: state.outgoing)
                    state.outgoing.removeAll(keepingCapacity: true)
                }
                return (state.closeRequested, state.flushDeadline)
            }
            if closeRequested, pending.isEmpty || (deadline.map { ContinuousClock.now >= $0 } ?? true) {
                return "closed by the agent"
            }
            var events = Int16(POLLIN)
            if !pending.isEmpty || tlsWantsWriteForRead { events |= Int16(POLLOUT) }
            var descriptors = [
                pollfd(fd: socket, events: events, revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let timeout: Int32 = closeRequested ? 50 : -1
            let ready = poll(&descriptors, 2, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return "poll failed: \(String(cString: strerror(errno)))"
            }
            if descriptors[1].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 256)
                while read(wakeRead, &drain, drain.count) > 0 {}
            }
            let revents = descriptors[0].revents
            if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0
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
                        splitter.append(readBuffer[0..<count], line: { batch.append($0) }, oversized: onOversizedLine)
                        if batch.count >= 256 {
                            deliver(batch)
                            batch.removeAll(keepingCapacity: true)
                        }
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
