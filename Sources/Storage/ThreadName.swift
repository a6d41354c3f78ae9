import Foundation

/// Names for the agent's own threads, as `ps -L`, `top -H` and `/proc` show them.
public enum ThreadName {
    /// Names the calling OS thread (cut to the 15 bytes Linux keeps). Foundation's
    /// `Thread.name` was seen not to reach the kernel, and glibc's `pthread_setname_np` is not
    /// visible to Swift, so this writes the thread's own `comm` file.
    public static func setCurrent(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { _ = close(descriptor) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
