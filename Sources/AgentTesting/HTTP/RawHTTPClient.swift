import Foundation

/// A deliberately simple HTTP client on a plain socket, for tests that must misbehave (send
/// garbage, drip a request, never read). Every blocking call runs on a thread of its own, so
/// a test never blocks a thread of the shared pool; every read has a deadline.
public final class RawHTTPClient: @unchecked Sendable {
    /// A response as read off the wire.
    public struct Response: Sendable {
        public var status: Int
        /// Header fields, names lower-cased.
        public var headers: [String: String]
        public var body: [UInt8]
        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Something went wrong talking to the server.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// Creates a failure.
        public init(description: String) { self.description = description }
    }

    private let socket: Int32
    private var received: [UInt8] = []
    private let lock = NSLock()

    private init(socket: Int32) {
        self.socket = socket
    }

    deinit { Glibc.close(socket) }

    /// Connects to 127.0.0.1:`port`.
    public static func connect(port: Int, receiveBuffer: Int? = nil) async throws -> RawHTTPClient {
        try await offPool {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
            if var size = receiveBuffer.map(Int32.init) {
                setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else {
                Glibc.close(socket)
                throw Failure(description: "connect: \(String(cString: strerror(errno)))")
            }
            return RawHTTPClient(socket: socket)
        }
    }

    /// Sends bytes as they are.
    public func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    /// Sends bytes as they are.
    public func send(_ bytes: [UInt8]) async throws {
        let socket = self.socket
        try await Self.offPool {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes {
                    Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                guard sent > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
                offset += sent
            }
        }
    }

    /// A GET with keep-alive.
    public func get(_ path: String, headers: [String: String] = [:], timeout: Double = 5) async throws -> Response {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try await send(request + "\r\n")
        return try await response(timeout: timeout)
    }

    /// Reads one response (head and `Content-Length` body, or the head alone for a HEAD
    /// request) within `timeout` seconds.
    public func response(timeout: Double = 5, headOnly: Bool = false) async throws -> Response {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let response = try takeResponse(headOnly: headOnly) { return response }
            guard try await readMore(until: deadline) else {
                if let response = try takeResponse(headOnly: headOnly) { return response }
                throw Failure(description: "connection closed before a whole response arrived")
            }
        }
    }

    /// Whether the server closes the connection within `timeout` seconds (reading and dropping
    /// whatever arrives meanwhile).
    public func closes(within timeout: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        do {
            while try await readMore(until: deadline) {}
            return true
        } catch let failure as Failure where failure.description.hasPrefix("timed out") {
            return false
        }
    }

    /// Reads what has arrived into the buffer; false when the server closed the connection.
    private func readMore(until deadline: Date) async throws -> Bool {
        let socket = self.socket
        let chunk: [UInt8]? = try await Self.offPool {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard poll(&descriptor, 1, milliseconds) > 0 else { throw Failure(description: "timed out waiting") }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(socket, &buffer, buffer.count, 0)
            if count < 0 {
                if errno == ECONNRESET { return nil }
                throw Failure(description: "recv: \(String(cString: strerror(errno)))")
            }
            return count == 0 ? nil : Array(buffer[0..<count])
        }
        guard let chunk else { return false }
        lock.withLock { received += chunk }
        return true
    }

    private func takeResponse(headOnly: Bool) throws -> Response? {
        try lock.withLock { () throws -> Response? in
            guard
                let end = received.indices.first(where: { index in
                    index + 3 < received.count && received[index..<index + 4].elementsEqual([13, 10, 13, 10])
                })
            else { return nil }
            let head = String(decoding: received[..<end], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                throw Failure(description: "not an HTTP response: \(head.prefix(80))")
            }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
            let length = headOnly || status == 304 || status == 204 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
            guard received.count >= end + 4 + length else { return nil }
            let body = Array(received[(end + 4)..<(end + 4 + length)])
            received.removeFirst(end + 4 + length)
            return Response(status: status, headers: headers, body: body)
        }
    }

    /// Runs blocking work on a new thread and returns its result.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
