public import Foundation

/// How one gateway is doing, for `/healthz` and `/metrics`.
public struct GatewayHealth: Sendable, Hashable {
    /// The configured network name.
    public var network: String
    /// `irc`, `console`…
    public var kind: String
    /// Registered with the network and able to send.
    public var connected: Bool
    /// When the current connection was registered (nil while disconnected).
    public var since: Date?
    /// Round-trip time of the last keep-alive ping, in seconds, when measured.
    public var lagSeconds: Double?
    /// Lines waiting in the outbox.
    public var queuedLines: Int
    /// Lines written to the network since the start.
    public var sentLines: Int
    /// Lines given up because they waited longer than the outbox allows.
    public var expiredLines: Int
    /// Lines given up for other reasons (disconnected too long, shutdown).
    public var droppedLines: Int
    /// Times the gateway registered again after losing a connection.
    public var reconnects: Int
    /// Short replies joined into another reply's line while waiting for the same channel.
    public var coalescedReplies = 0

    /// Creates a health report.
    public init(
        network: String, kind: String, connected: Bool, since: Date? = nil, lagSeconds: Double? = nil,
        queuedLines: Int = 0, sentLines: Int = 0, expiredLines: Int = 0, droppedLines: Int = 0, reconnects: Int = 0
    ) {
        self.network = network
        self.kind = kind
        self.connected = connected
        self.since = since
        self.lagSeconds = lagSeconds
        self.queuedLines = queuedLines
        self.sentLines = sentLines
        self.expiredLines = expiredLines
        self.droppedLines = droppedLines
        self.reconnects = reconnects
    }
}
