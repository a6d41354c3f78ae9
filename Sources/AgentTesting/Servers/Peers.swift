public import Foundation
import Synchronization

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

/// A child process started by the test kit and stopped by its PID (never by name).
///
/// Started with `posix_spawn` and an empty signal mask: children of a Swift process otherwise
/// inherit the blocked signals of the thread that spawned them (Foundation's `Process` does not
/// reset the mask), and a server with SIGTERM blocked can only be killed, never stopped cleanly.
public final class ChildProcess: Sendable {
    /// The process id.
    public let pid: Int32
    private let exit = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` in `directory`, output to `logFile`, input from
    /// `input` (a file or FIFO; nothing by default).
    public init(
        _ executable: String, _ arguments: [String], directory: URL, logFile: URL, environment: [String: String]? = nil,
        input: String = "/dev/null"
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `sh` changes into the directory, then becomes the program (keeping the clean signal state).
        let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path, executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw Peers.MissingPeer(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// A safety net: a process still running when nothing refers to it any more is killed.
    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
    }

    /// Whether it is still running.
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// Collects the exit status once the process has ended; nil while it runs.
    private func reap(blocking: Bool) -> Int32? {
        exit.withLock { exit in
            if let exit { return exit }
            var status: Int32 = 0
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            guard result == pid else { return result < 0 ? -1 : nil }
            let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            exit = code
            return code
        }
    }

    /// SIGTERM, up to `grace` seconds, then SIGKILL; returns once it has exited.
    public func stop(grace: Double = 5) async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if isRunning {
            kill(pid, SIGKILL)
            while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        }
    }

    /// SIGKILL at once, as a crash would.
    public func killNow() async {
        guard isRunning else { return }
        kill(pid, SIGKILL)
        while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// The exit status (a signal number plus 128 when killed by one), once exited.
    public var terminationStatus: Int32? { reap(blocking: false) }
}
