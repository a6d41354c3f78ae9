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

/// Time that runs `speed` times faster than the wall clock, anchored at a fixed pair of
/// moments (`virtualOrigin` was "now" at `realOrigin`), so an end-to-end test can let a day pass
/// in seconds — and, the anchor being fixed, keep the same time across a restart. For tests
/// only: the agent uses it when `COMMUNITY_AGENT_VIRTUAL_CLOCK` is set, and says so loudly.
public struct ScaledClock: AgentClock {
    /// The virtual moment that corresponds to `realOrigin`.
    public let virtualOrigin: Date
    /// The wall-clock moment at which virtual time was `virtualOrigin`.
    public let realOrigin: Date
    /// Virtual seconds per real second.
    public let speed: Double

    /// A clock anchored at `virtualOrigin` ≙ `realOrigin`, running `speed` times faster.
    public init(virtualOrigin: Date, realOrigin: Date, speed: Double) {
        self.virtualOrigin = virtualOrigin
        self.realOrigin = realOrigin
        self.speed = max(speed, 0.001)
    }

    /// Reads `VIRTUAL-EPOCH,REAL-EPOCH,SPEED` (seconds since 1970, and a factor); nil otherwise.
    public init?(specification: String) {
        let parts = specification.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, parts[2] > 0 else { return nil }
        self.init(
            virtualOrigin: Date(timeIntervalSince1970: parts[0]), realOrigin: Date(timeIntervalSince1970: parts[1]),
            speed: parts[2])
    }

    public var now: Date { virtualOrigin.addingTimeInterval(Date().timeIntervalSince(realOrigin) * speed) }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSince(now) / speed
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) }
    }
}
