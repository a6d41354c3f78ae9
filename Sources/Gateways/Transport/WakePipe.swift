import Foundation

/// A non-blocking, close-on-exec pipe one thread polls and others write a byte to, to wake it.
/// Whoever owns one keeps a "woken, not yet looked" flag so that at most one byte is in flight,
/// and clears it only after `drain` (so no wake can be swallowed with the flag left set).
enum WakePipe {
    /// A new pipe's read and write ends, or nil with `errno` set.
    static func make() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        return (ends[0], ends[1])
    }

    /// Writes the wake-up byte.
    static func ring(_ write: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(write, &byte, 1)
    }

    /// Reads until the pipe is empty.
    static func drain(_ read: Int32) {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { Glibc.read(read, $0.baseAddress, $0.count) }) > 0 {}
    }
}
