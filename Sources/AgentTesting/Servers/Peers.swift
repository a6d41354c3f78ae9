import Foundation

/// Finding the real IRC servers the end-to-end tests run against.
public enum Peers {
    /// A missing peer while `CI` is set: the test must fail rather than skip.
    public struct MissingPeer: Error, CustomStringConvertible {
        public let description: String

        /// A missing peer, with how to install it.
        public init(description: String) {
            self.description = description
        }
    }

    /// True when the `CI` environment variable is set.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }

    /// The full path of an installed program, searched in the sbin and bin directories and PATH.
    public static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories =
            ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"]
            + path.split(separator: ":").map(String.init)
        for directory in directories {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether every named program is installed. When one is missing: throws under CI (so the
    /// test fails), returns false otherwise (so the test can return early and pass locally).
    public static func available(_ names: String...) throws -> Bool {
        let missing = names.filter { executable($0) == nil }
        guard !missing.isEmpty else { return true }
        if isCI {
            throw MissingPeer(
                description:
                    "CI is set but \(missing.joined(separator: ", ")) is not installed (apt-get install -y inspircd atheme-services ngircd)"
            )
        }
        return false
    }

    /// A TCP port on 127.0.0.1 such that it and the next `count - 1` ports are free right now.
    public static func freePorts(count: Int) -> Int {
        while true {
            let port = bindAny()
            if port > 0, port + count < 65_000, (1..<count).allSatisfy({ isFree(port + $0) }) { return port }
        }
    }

    private static func bindAny() -> Int {
        guard let (descriptor, port) = bindLoopback(listening: false) else { return 0 }
        close(descriptor)
        return port
    }

    /// A TCP socket bound to 127.0.0.1 on a port the kernel picks, and that port; listening when
    /// `listening` is true. The caller owns (and closes) the socket. Nil when binding fails.
    public static func bindLoopback(listening: Bool, backlog: Int32 = 8) -> (descriptor: Int32, port: Int)? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0, !listening || listen(descriptor, backlog) == 0 else {
            close(descriptor)
            return nil
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Whether 127.0.0.1:`port` can be bound now.
    public static func isFree(_ port: Int) -> Bool {
        onLoopbackSocket(port) { descriptor, address, length in
            var one: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            return bind(descriptor, address, length) == 0
        }
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func isListening(_ port: Int) -> Bool {
        onLoopbackSocket(port) { descriptor, address, length in connect(descriptor, address, length) == 0 }
    }

    /// Runs `body` with a fresh TCP socket and the address 127.0.0.1:`port`; closes the socket after.
    private static func onLoopbackSocket(
        _ port: Int, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool
    ) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
