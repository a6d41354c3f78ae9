public import Foundation

/// The agent's source of time. Production uses `SystemClock`; tests use a manual clock and
/// move time by hand.
public protocol AgentClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Suspends until `deadline` (or returns at once when it has passed); throws when cancelled.
    func sleep(until deadline: Date) async throws
}

/// Wall-clock time.
public struct SystemClock: AgentClock {
    /// Creates the clock.
    public init() {}

    public var now: Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) }
    }
}
