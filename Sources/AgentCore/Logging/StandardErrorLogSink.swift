import Foundation
import Synchronization

/// Writes one line per entry to standard error: time, level, label, message, then `key=value` pairs.
///
/// Values with spaces are quoted; CR and LF are escaped so one entry is always one line.
public final class StandardErrorLogSink: LogSink {
    private let lock = Mutex(())

    /// Creates the sink.
    public init() {}

    /// Formats and writes one entry.
    public func write(_ entry: LogEntry) {
        let line = Self.format(entry) + "\n"
        lock.withLock { _ in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// The one-line text for an entry.
    public static func format(_ entry: LogEntry) -> String {
        var line =
            "\(entry.time.formatted(.iso8601)) \(entry.level.description.uppercased()) [\(entry.label)] \(escape(entry.message))"
        for key in entry.metadata.keys.sorted() {
            let value = escape(entry.metadata[key] ?? "")
            line += value.contains(" ") || value.isEmpty ? " \(key)=\"\(value)\"" : " \(key)=\(value)"
        }
        return line
    }

    private static func escape(_ text: String) -> String {
        // By scalar: "\r\n" is one Character and equals neither "\r" nor "\n".
        guard text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\"" || $0 == "\0" }) else {
            return text
        }
        return text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\0", with: "\\0")
    }
}
