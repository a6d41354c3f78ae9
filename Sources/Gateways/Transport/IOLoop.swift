import AgentCore
import Foundation
import Synchronization

/// The body of a connection's short-lived connect thread: resolve, connect, TLS handshake,
/// then hand the socket to the network loop that serves it until it closes.
enum IOLoop {
    static func run(
        endpoint: LineConnection.Endpoint, state: LineConnection.SharedState, wakeRead: Int32, loop: NetworkLoop,
        ownsLoop: Bool, maximumLineLength: Int, readLimit: Int, onOversizedLine: @escaping @Sendable (Int) -> Void,
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
        let inbox = LineInbox()
        let connection = LineConnection(
            lines: LineBatches(inbox: inbox), remoteAddress: address, tlsVersion: tls?.protocolVersion, state: state,
            readLimit: readLimit)
        let pump = SocketPump(
            socket: socket, tls: tls, state: state, inbox: inbox, maximumLineLength: maximumLineLength,
            readLimit: readLimit, onOversizedLine: onOversizedLine, ownLoop: ownsLoop ? loop : nil)
        // From here on wakes go to the loop, which flushes anything queued meanwhile.
        state.withLock { $0.loop = loop }
        loop.attach(pump)
        connected(connection)
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
        WakePipe.drain(wakeRead)
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
}
