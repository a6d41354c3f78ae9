public import AgentCore
import Foundation
import Storage
import Synchronization

/// A small HTTP/1.1 server on one dedicated I/O thread: it accepts, reads and writes every
/// connection with `poll`, and hands each complete request to an async handler, so neither a
/// slow client nor a slow handler ever holds a thread of the cooperative pool.
///
/// Bounded everywhere (see `HTTPLimits`): header and body size, time to send a request, idle
/// keep-alive time, time for the client to read a response, and the number of connections.
/// One request per connection is handled at a time; pipelined requests wait their turn.
public final class HTTPListener: Sendable {
    /// What the handler is given and must answer.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    /// The address actually bound, e.g. `127.0.0.1:9464`.
    public let address: String
    /// The port bound (useful when 0 was asked for).
    public let port: Int
    let shared: Shared
    private let finished: Alarm

    /// State shared between callers, handler tasks and the I/O thread.
    final class Shared: Sendable {
        let mutex = Mutex(State())
        func withLock<T>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }

        /// Hands a handler's response to the I/O thread.
        func answer(_ connection: UInt64, _ response: HTTPResponse) {
            withLock { state in
                state.answered.append((connection, response))
                state.requests += 1
                HTTPListener.wakeLocked(&state)
            }
        }
    }

    struct State {
        /// Responses ready to be written, by connection id.
        var answered: [(connection: UInt64, response: HTTPResponse)] = []
        var stopRequested = false
        var stopped = false
        var wakePending = false
        var wakeWrite: Int32 = -1
        var openConnections = 0
        var requests = 0
        var refusedConnections = 0
    }

    private init(address: String, port: Int, shared: Shared, finished: Alarm) {
        self.address = address
        self.port = port
        self.shared = shared
        self.finished = finished
    }

    /// Binds `host:port` (port 0: any free port) and starts serving with `handler`.
    public static func start(
        host: String, port: Int, limits: HTTPLimits = HTTPLimits(), log: Logger, handler: @escaping Handler
    ) throws(TransportError) -> HTTPListener {
        let (socket, address, boundPort) = try bind(host: host, port: port)
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            Glibc.close(socket)
            throw TransportError("cannot create wake pipe: \(String(cString: strerror(errno)))")
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        signal(SIGPIPE, SIG_IGN)
        let shared = Shared()
        shared.withLock { $0.wakeWrite = pipeEnds[1] }
        let finished = Alarm()
        let listener = HTTPListener(address: address, port: boundPort, shared: shared, finished: finished)
        let wakeRead = pipeEnds[0]
        let thread = Thread {
            ThreadSignals.blockProcessSignals()
            ThreadName.setCurrent("http-io")
            var loop = HTTPServeLoop(
                listening: socket, wakeRead: wakeRead, shared: shared, limits: limits, log: log, handler: handler)
            loop.run()
            shared.withLock { state in
                Glibc.close(state.wakeWrite)
                state.wakeWrite = -1
                state.stopped = true
            }
            finished.ring()
        }
        thread.name = "http-io"
        thread.start()
        return listener
    }

    /// Stops accepting, closes every connection and waits for the I/O thread to end.
    public func stop() async {
        shared.withLock { state in
            state.stopRequested = true
            Self.wakeLocked(&state)
        }
        while !shared.withLock({ $0.stopped }) {
            await finished.wait(until: .now + .milliseconds(100))
        }
    }

    /// Connections open right now.
    public var openConnections: Int { shared.withLock { $0.openConnections } }
    /// Requests handled since the start.
    public var requestsHandled: Int { shared.withLock { $0.requests } }
    /// Connections answered 503 because too many were open.
    public var refusedConnections: Int { shared.withLock { $0.refusedConnections } }

    static func wakeLocked(_ state: inout State) {
        guard !state.wakePending, state.wakeWrite >= 0 else { return }
        state.wakePending = true
        var byte: UInt8 = 1
        _ = write(state.wakeWrite, &byte, 1)
    }

    /// A listening, non-blocking socket on `host:port`, with the address and port bound.
    private static func bind(host: String, port: Int) throws(TransportError) -> (Int32, String, Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let info = list else {
            throw TransportError("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let socket = Glibc.socket(
            info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
        guard socket >= 0 else { throw TransportError("cannot create a socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard Glibc.bind(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(socket)
            throw TransportError("cannot listen on \(host):\(port): \(reason)")
        }
        guard Glibc.listen(socket, 512) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(socket)
            throw TransportError("cannot listen on \(host):\(port): \(reason)")
        }
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var bound = port
        withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                if getsockname(socket, address, &length) == 0 {
                    if address.pointee.sa_family == sa_family_t(AF_INET6) {
                        address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                            bound = Int(UInt16(bigEndian: $0.pointee.sin6_port))
                        }
                    } else {
                        address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                            bound = Int(UInt16(bigEndian: $0.pointee.sin_port))
                        }
                    }
                }
            }
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return (socket, "\(shownHost):\(bound)", bound)
    }
}
