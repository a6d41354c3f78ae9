import AgentCore
import Foundation

/// The HTTP listener's I/O thread: accepts, reads, parses, writes and times out connections.
/// Only this thread touches a connection's buffers; handlers run as tasks and hand their
/// responses back through `HTTPListener.Shared`.
struct HTTPServeLoop {
    let listening: Int32
    let wakeRead: Int32
    let shared: HTTPListener.Shared
    let limits: HTTPLimits
    let log: Logger
    let handler: HTTPListener.Handler

    private var clients: [UInt64: Client] = [:]
    private var nextID: UInt64 = 1
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)

    init(
        listening: Int32, wakeRead: Int32, shared: HTTPListener.Shared, limits: HTTPLimits, log: Logger,
        handler: @escaping HTTPListener.Handler
    ) {
        self.listening = listening
        self.wakeRead = wakeRead
        self.shared = shared
        self.limits = limits
        self.log = log
        self.handler = handler
    }

    /// One connection's buffers and where it is in the request/response cycle.
    private struct Client {
        enum Phase {
            /// Waiting for a request's first byte since the instant given.
            case idle(since: ContinuousClock.Instant)
            /// Part of a request has arrived; it must be complete by the deadline.
            case reading(deadline: ContinuousClock.Instant)
            /// The handler is working on a request.
            case handling
            /// A response is being written; the client must read some of it by the deadline.
            case writing(deadline: ContinuousClock.Instant)
        }

        let socket: Int32
        var phase: Phase
        var input: [UInt8] = []
        var output: [UInt8] = []
        var written = 0
        var closeAfterWrite = false
        var headOnly = false
        var keepAlive = true
    }

    mutating func run() {
        defer {
            for client in clients.values { Glibc.close(client.socket) }
            shared.withLock { $0.openConnections = 0 }
            Glibc.close(listening)
            Glibc.close(wakeRead)
        }
        var descriptors: [pollfd] = []
        var order: [UInt64] = []
        while true {
            let (answered, stop) = shared.withLock { state in
                let answered = state.answered
                state.answered.removeAll(keepingCapacity: true)
                return (answered, state.stopRequested)
            }
            if stop { return }
            let now = ContinuousClock.now
            for (id, response) in answered { respond(id, response, now: now) }

            descriptors.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            descriptors.append(pollfd(fd: listening, events: Int16(POLLIN), revents: 0))
            var nearest: ContinuousClock.Instant?
            for (id, client) in clients {
                var events: Int16 = 0
                switch client.phase {
                case .idle(let since):
                    events = Int16(POLLIN)
                    nearest = earlier(nearest, since + .seconds(limits.idleTimeout))
                case .reading(let deadline):
                    events = Int16(POLLIN)
                    nearest = earlier(nearest, deadline)
                case .handling:
                    continue
                case .writing(let deadline):
                    events = Int16(POLLOUT)
                    nearest = earlier(nearest, deadline)
                }
                descriptors.append(pollfd(fd: client.socket, events: events, revents: 0))
                order.append(id)
            }
            var timeout: Int32 = -1
            if let nearest {
                timeout = Int32(clamping: max(1, now.duration(to: nearest).inMilliseconds + 1))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0, errno != EINTR {
                log.error("poll failed; the HTTP listener stops", metadata: ["error": String(cString: strerror(errno))])
                return
            }
            if descriptors[0].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 64)
                while read(wakeRead, &drain, drain.count) > 0 {}
                shared.withLock { $0.wakePending = false }
            }
            if descriptors[1].revents != 0 { acceptAll() }
            let later = ContinuousClock.now
            for (index, id) in order.enumerated() {
                let revents = descriptors[index + 2].revents
                guard revents != 0, clients[id] != nil else { continue }
                if revents & Int16(POLLOUT) != 0 {
                    flush(id, now: later)
                } else if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                    receive(id, now: later)
                }
            }
            expire(now: later)
        }
    }

    private func earlier(
        _ current: ContinuousClock.Instant?, _ candidate: ContinuousClock.Instant
    )
        -> ContinuousClock.Instant
    {
        guard let current else { return candidate }
        return min(current, candidate)
    }

    /// Accepts every waiting connection; beyond the limit, each is answered 503 and closed.
    private mutating func acceptAll() {
        while true {
            let socket = accept(listening, nil, nil)
            guard socket >= 0 else {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno != EAGAIN, errno != EWOULDBLOCK {
                    log.warning("accept failed", metadata: ["error": String(cString: strerror(errno))])
                }
                return
            }
            guard clients.count < limits.maximumConnections else {
                let bytes = HTTPResponse.error(503, "too many connections; try again shortly", closesConnection: true)
                    .serialized(keepAlive: false, headOnly: false, date: Self.date())
                _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                Glibc.close(socket)
                let refused = shared.withLock { state in
                    state.refusedConnections += 1
                    return state.refusedConnections
                }
                if refused == 1 || refused % 100 == 0 {
                    log.warning(
                        "HTTP connection refused: too many open",
                        metadata: ["limit": "\(limits.maximumConnections)", "refused_total": "\(refused)"])
                }
                continue
            }
            _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
            _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            clients[nextID] = Client(socket: socket, phase: .idle(since: .now))
            nextID += 1
            let open = clients.count
            shared.withLock { $0.openConnections = open }
        }
    }

    /// Reads what the client sent, then looks for a request.
    private mutating func receive(_ id: UInt64, now: ContinuousClock.Instant) {
        guard var client = clients[id] else { return }
        let count = readBuffer.withUnsafeMutableBytes { recv(client.socket, $0.baseAddress, $0.count, 0) }
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            close(id)
            return
        }
        guard count > 0 else { return }
        client.input.append(contentsOf: readBuffer[0..<count])
        if case .idle = client.phase {
            client.phase = .reading(deadline: now + .seconds(limits.requestTimeout))
        }
        clients[id] = client
        parse(id, now: now)
    }

    /// Starts the handler on a complete request, or refuses bytes that cannot be one.
    private mutating func parse(_ id: UInt64, now: ContinuousClock.Instant) {
        guard var client = clients[id] else { return }
        guard !client.input.isEmpty else { return }
        if case .idle = client.phase { client.phase = .reading(deadline: now + .seconds(limits.requestTimeout)) }
        switch HTTPRequestParser.parse(client.input, limits: limits) {
        case .incomplete:
            clients[id] = client
        case .refused(let status, let message):
            client.input.removeAll()
            client.headOnly = false
            clients[id] = client
            log.info("HTTP request refused", metadata: ["status": "\(status)", "reason": message])
            respond(id, .error(status, message, closesConnection: true), now: now)
        case .request(let request, let consumed):
            client.input.removeFirst(consumed)
            client.phase = .handling
            client.headOnly = request.method == "HEAD"
            client.keepAlive = request.keepAlive
            clients[id] = client
            let handler = self.handler
            let shared = self.shared
            var asked = request
            if asked.method == "HEAD" { asked.method = "GET" }
            Task {
                shared.answer(id, await handler(asked))
            }
        }
    }

    /// Queues a response for writing and starts writing it.
    private mutating func respond(_ id: UInt64, _ response: HTTPResponse, now: ContinuousClock.Instant) {
        guard var client = clients[id] else { return }
        let keepAlive = client.keepAlive && !response.closesConnection
        client.output = response.serialized(keepAlive: keepAlive, headOnly: client.headOnly, date: Self.date())
        client.written = 0
        client.closeAfterWrite = !keepAlive
        client.phase = .writing(deadline: now + .seconds(limits.writeTimeout))
        clients[id] = client
        flush(id, now: now)
    }

    /// Writes as much as the socket takes; when done, closes or waits for the next request.
    private mutating func flush(_ id: UInt64, now: ContinuousClock.Instant) {
        guard var client = clients[id] else { return }
        while client.written < client.output.count {
            let written = client.written
            let socket = client.socket
            let sent = client.output[written...].withUnsafeBytes { buffer in
                Glibc.send(socket, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                client.written += sent
                client.phase = .writing(deadline: now + .seconds(limits.writeTimeout))
                continue
            }
            if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                clients[id] = client
                return
            }
            close(id)
            return
        }
        if client.closeAfterWrite {
            // Let the client read the response before the connection goes away.
            shutdown(client.socket, Int32(SHUT_WR))
            close(id)
            return
        }
        client.output = []
        client.written = 0
        client.phase = .idle(since: now)
        clients[id] = client
        parse(id, now: now)
    }

    /// Ends connections past their deadline: a request too slow to arrive gets a 408.
    private mutating func expire(now: ContinuousClock.Instant) {
        for (id, client) in clients {
            switch client.phase {
            case .idle(let since) where now - since >= .seconds(limits.idleTimeout):
                close(id)
            case .reading(let deadline) where now >= deadline:
                var late = client
                late.input.removeAll()
                late.headOnly = false
                late.keepAlive = false
                clients[id] = late
                respond(id, .error(408, "the request did not arrive in time", closesConnection: true), now: now)
            case .writing(let deadline) where now >= deadline:
                log.info("HTTP client did not read its response in time; closed")
                close(id)
            default:
                break
            }
        }
    }

    private mutating func close(_ id: UInt64) {
        guard let client = clients.removeValue(forKey: id) else { return }
        Glibc.close(client.socket)
        let open = clients.count
        shared.withLock { $0.openConnections = open }
    }

    /// The `Date` header's IMF-fixdate.
    static func date() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
