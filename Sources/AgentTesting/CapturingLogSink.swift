public import AgentCore
import Synchronization

/// Keeps every log entry in memory so tests can assert on what was logged.
public final class CapturingLogSink: LogSink {
    private let storage = Mutex<[LogEntry]>([])

    /// Creates an empty sink.
    public init() {}

    public func write(_ entry: LogEntry) { storage.withLock { $0.append(entry) } }

    /// Every entry so far, oldest first.
    public var entries: [LogEntry] { storage.withLock { $0 } }

    /// Entries at `level` or above.
    public func entries(atLeast level: LogLevel) -> [LogEntry] { entries.filter { $0.level >= level } }
}

/// An outlet that records requests instead of sending them.
public final class CapturingOutlet: Outlet {
    private let storage = Mutex<[(request: GatewayRequest, network: String)]>([])
    private let nicks = Mutex<[String: NickLookup]>([:])
    private let channels = Mutex<[String: ChannelFacts]>([:])

    /// Creates an empty outlet.
    public init() {}

    public func perform(_ request: GatewayRequest, on network: String) async {
        storage.withLock { $0.append((request, network)) }
    }

    /// What `lookUp(nick:on:)` answers, by nick (compared case-insensitively); others are unknown.
    public var knownNicks: [String: NickLookup] {
        get { nicks.withLock { $0 } }
        set { nicks.withLock { $0 = Dictionary(newValue.map { ($0.key.lowercased(), $0.value) }) { a, _ in a } } }
    }

    public func lookUp(nick: String, on network: String) async -> NickLookup {
        nicks.withLock { $0[nick.lowercased()] } ?? .unknown
    }

    /// What `channelFacts(_:on:)` answers, by channel (compared case-insensitively).
    public var knownChannels: [String: ChannelFacts] {
        get { channels.withLock { $0 } }
        set { channels.withLock { $0 = Dictionary(newValue.map { ($0.key.lowercased(), $0.value) }) { a, _ in a } } }
    }

    public func channelFacts(_ channel: String, on network: String) async -> ChannelFacts? {
        channels.withLock { $0[channel.lowercased()] }
    }

    /// Every request so far, oldest first.
    public var requests: [GatewayRequest] { storage.withLock { $0.map(\.request) } }

    /// Removes and returns the requests so far.
    public func take() -> [GatewayRequest] {
        storage.withLock { stored in
            defer { stored.removeAll() }
            return stored.map(\.request)
        }
    }
}
