public import Foundation
import Synchronization

/// A child process started by the test kit and stopped by its PID (never by name).
///
/// Started with `posix_spawn` and an empty signal mask: children of a Swift process otherwise
/// inherit the blocked signals of the thread that spawned them (Foundation's `Process` does not
/// reset the mask), and a server with SIGTERM blocked can only be killed, never stopped cleanly.
public final class ChildProcess: Sendable {
    /// The process id.
    public let pid: Int32
    private let exit = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` in `directory`, output to `logFile` (and errors too,
    /// unless `errorFile` names another file), input from `input` (a file or FIFO; nothing by
    /// default). The child inherits no other descriptor of the test process.
    public init(
        _ executable: String, _ arguments: [String], directory: URL, logFile: URL, errorFile: URL? = nil,
        environment: [String: String]? = nil, input: String = "/dev/null"
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let errorFile {
            posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        InheritedDescriptors.closeAll(in: &actions)

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

    /// Waits for the process to end by itself, up to `timeout` seconds, then stops it; its exit
    /// status.
    public func exitStatus(within timeout: Double) async -> Int32 {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if isRunning { await stop(grace: 2) }
        return terminationStatus ?? -1
    }
}

/// Keeps the test process's own descriptors (databases, sockets, pipes: over a thousand while
/// the whole suite runs) out of its children.
enum InheritedDescriptors {
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does
    /// not declare (nil on an older C library).
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Adds "close every descriptor from 3 up" to `actions`.
    static func closeAll(in actions: inout posix_spawn_file_actions_t) {
        _ = addCloseFrom?(&actions, 3)
    }
}
