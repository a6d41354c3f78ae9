import Foundation

/// Resolves a host and connects a non-blocking TCP socket to the first address that answers.
enum SocketConnector {
    /// The connected socket and the address it reached, or why none could be reached.
    static func connect(
        host: String, port: Int, deadline: ContinuousClock.Instant, interrupt: IOLoop.Interrupt
    ) -> Result<(Int32, String), TransportError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(TransportError("cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var failures: [String] = []
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            current = info.pointee.ai_next
            let text = describe(info.pointee.ai_addr, port: port)
            let socket = Glibc.socket(
                info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                info.pointee.ai_protocol)
            guard socket >= 0 else {
                failures.append("\(text): \(String(cString: strerror(errno)))")
                continue
            }
            _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(socket, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                return .success((socket, text))
            }
            guard errno == EINPROGRESS else {
                failures.append("\(text): \(String(cString: strerror(errno)))")
                close(socket)
                continue
            }
            let outcome = interrupt.wait(for: socket, events: Int16(POLLOUT), until: deadline)
            if outcome == .cancelled {
                close(socket)
                return .failure(TransportError("connection attempt to \(host):\(port) cancelled"))
            }
            if outcome == .ready {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return .success((socket, text)) }
                failures.append("\(text): \(String(cString: strerror(error)))")
            } else {
                failures.append("\(text): timed out")
            }
            close(socket)
            if ContinuousClock.now >= deadline { break }
        }
        return .failure(TransportError("cannot connect to \(host):\(port) (\(failures.joined(separator: "; ")))"))
    }

    private static func describe(_ address: UnsafeMutablePointer<sockaddr>?, port: Int) -> String {
        guard let address else { return "?" }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        if address.pointee.sa_family == sa_family_t(AF_INET6) {
            address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                var raw = v6.pointee.sin6_addr
                _ = inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
            }
            return
                "[\(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))]:\(port)"
        }
        address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
            var raw = v4.pointee.sin_addr
            _ = inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count))
        }
        return "\(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)):\(port)"
    }
}
