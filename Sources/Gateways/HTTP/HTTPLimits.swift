/// The bounds every HTTP connection lives within.
public struct HTTPLimits: Sendable, Hashable {
    /// The request line and header fields together, in bytes (beyond: 431).
    public var maximumHeaderBytes = 16 * 1024
    /// The body, in bytes (beyond: 413).
    public var maximumBodyBytes = 1024 * 1024
    /// Seconds from a request's first byte until it must be complete (beyond: 408 and close),
    /// which ends slow-drip clients.
    public var requestTimeout: Double = 10
    /// Seconds a kept-alive connection may sit without a request before it is closed.
    public var idleTimeout: Double = 30
    /// Seconds a response may wait for the client to read it before the connection is closed.
    public var writeTimeout: Double = 10
    /// Open connections; one more is answered 503 and closed.
    public var maximumConnections = 256

    /// The defaults above.
    public init() {}
}
