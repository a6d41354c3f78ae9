import Foundation
import Storage

/// Reads newline-terminated lines from a file descriptor on a dedicated thread and delivers
/// them as an async stream, so blocking reads never occupy the cooperative pool.
///
/// A line longer than `maximumLength` bytes is dropped (reported through `onOversized`) and
/// reading carries on with the next line.
public enum FileLineReader {
    /// Starts a reader thread for `descriptor`; the stream finishes at end of file or error.
    public static func lines(
        from descriptor: Int32, maximumLength: Int = 64 * 1024,
        onOversized: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let thread = Thread {
            ThreadSignals.blockProcessSignals()
            var splitter = LineSplitterBuffer(maximumLength: maximumLength)
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                splitter.append(buffer[0..<count]) { line in
                    continuation.yield(line)
                } oversized: {
                    onOversized($0)
                }
            }
            if let rest = splitter.remainder() { continuation.yield(rest) }
            continuation.finish()
        }
        thread.name = "line-reader-\(descriptor)"
        thread.start()
        return stream
    }
}

/// Accumulates bytes and hands out complete lines (without CR/LF); over-long lines are skipped.
public struct LineSplitterBuffer: Sendable {
    private var pending: [UInt8] = []
    private var discarding = false
    private var discardedLength = 0
    /// The longest line accepted, in bytes, without its ending.
    public let maximumLength: Int

    /// Creates an empty buffer.
    public init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    /// Adds bytes; calls `line` for every complete line and `oversized` with the length of
    /// every line that was too long.
    public mutating func append(_ bytes: some Collection<UInt8>, line: ([UInt8]) -> Void, oversized: (Int) -> Void) {
        // Whole runs up to each LF at a time: a line costs one array, made at its exact size.
        var start = bytes.startIndex
        while start != bytes.endIndex {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                take(bytes[start...])
                return
            }
            take(bytes[start..<newline])
            if discarding {
                oversized(discardedLength)
                discarding = false
                discardedLength = 0
            } else {
                if pending.last == 0x0D { pending.removeLast() }
                line(pending)
            }
            // Handed over with the line: a fresh buffer, not a copy of the kept capacity.
            pending = []
            start = bytes.index(after: newline)
        }
    }

    private mutating func take(_ chunk: some Collection<UInt8>) {
        if discarding {
            discardedLength += chunk.count
            return
        }
        pending.append(contentsOf: chunk)
        if pending.count > maximumLength + 1 {
            discarding = true
            discardedLength = pending.count
            pending = []
        }
    }

    /// The unterminated text left at end of input, if any.
    public mutating func remainder() -> [UInt8]? {
        defer { pending.removeAll() }
        guard !pending.isEmpty, !discarding else { return nil }
        return pending
    }
}
