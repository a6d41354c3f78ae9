public import Foundation

/// How important a log entry is; entries below a logger's level are never built.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case trace, debug, info, notice, warning, error, critical

    /// Reads `trace`, `debug`, `info`, `notice`, `warning` (or `warn`), `error`, `critical`.
    public init?(name: String) {
        switch name.lowercased() {
        case "warn": self = .warning
        default:
            guard let level = LogLevel.allCases.first(where: { $0.description == name.lowercased() }) else {
                return nil
            }
            self = level
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The lower-case name.
    public var description: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }
}

/// One log record, as a sink receives it.
public struct LogEntry: Sendable, Hashable {
    public var time: Date
    public var level: LogLevel
    public var label: String
    public var message: String
    public var metadata: [String: String]

    /// Creates an entry.
    public init(time: Date, level: LogLevel, label: String, message: String, metadata: [String: String]) {
        self.time = time
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
    }
}

/// Where log entries go. Implementations must be safe to call from any task at once.
public protocol LogSink: Sendable {
    /// Records one entry; must not block for long or throw.
    func write(_ entry: LogEntry)
}

/// A small swift-log-shaped logger: a label, a minimum level, metadata, and a sink.
public struct Logger: Sendable {
    /// The component that logs, e.g. `irc.libera` or `router`.
    public var label: String
    /// Entries below this level are dropped before their message is built.
    public var level: LogLevel
    /// Key-value context added to every entry.
    public var metadata: [String: String]
    /// Where entries go.
    public var sink: any LogSink

    /// Creates a logger.
    public init(label: String, level: LogLevel = .info, metadata: [String: String] = [:], sink: any LogSink) {
        self.label = label
        self.level = level
        self.metadata = metadata
        self.sink = sink
    }

    /// A copy with another label and extra metadata.
    public func child(_ label: String, metadata extra: [String: String] = [:]) -> Logger {
        var copy = self
        copy.label = label
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    /// Logs at `level` when enabled; `message` is only evaluated then.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, metadata extra: [String: String] = [:]) {
        guard level >= self.level else { return }
        var merged = metadata
        merged.merge(extra) { _, new in new }
        sink.write(LogEntry(time: Date(), level: level, label: label, message: message(), metadata: merged))
    }

    /// Logs at `.trace`.
    public func trace(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.trace, message(), metadata: metadata)
    }
    /// Logs at `.debug`.
    public func debug(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.debug, message(), metadata: metadata)
    }
    /// Logs at `.info`.
    public func info(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.info, message(), metadata: metadata)
    }
    /// Logs at `.notice`.
    public func notice(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.notice, message(), metadata: metadata)
    }
    /// Logs at `.warning`.
    public func warning(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.warning, message(), metadata: metadata)
    }
    /// Logs at `.error`.
    public func error(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.error, message(), metadata: metadata)
    }

    /// A logger that drops everything.
    public static let disabled = Logger(label: "disabled", level: .critical, sink: DiscardingLogSink())
}

/// A sink that drops every entry.
public struct DiscardingLogSink: LogSink {
    /// Creates the sink.
    public init() {}
    public func write(_ entry: LogEntry) {}
}
