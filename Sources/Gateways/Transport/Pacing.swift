import Foundation
public import IRC

/// How fast lines may go to one server: a token bucket charged per line and per byte.
///
/// IRC servers keep a penalty per client that grows with every command and drains with time
/// (InspIRCd: one second per command, drained one second per second, disconnect or delay past
/// ten; ngIRCd and Solanum alike). The bucket models that budget from our side: `burst` tokens
/// at most, one token earned back every `interval` seconds, and each line costs
/// `1 + bytes / bytesPerToken` tokens (more for commands servers charge extra, such as JOIN).
/// Lines that must go at once (PONG, registration) still pay, so the bucket may go negative and
/// ordinary lines then wait until the server has forgotten them too.
public struct Pacing: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Tokens available at once.
    public var burst: Double
    /// Seconds to earn back one token; 0 turns pacing off.
    public var interval: Double
    /// Bytes of line that cost one extra token (0: length is free).
    public var bytesPerToken: Int

    /// Creates a pacing rule.
    public init(burst: Double, interval: Double, bytesPerToken: Int) {
        self.burst = max(1, burst)
        self.interval = max(0, interval)
        self.bytesPerToken = max(0, bytesPerToken)
    }

    /// The default: safe on InspIRCd's and ngIRCd's default classes, with or without fake lag.
    public static let conservative = Pacing(burst: 4, interval: 1, bytesPerToken: 1024)

    /// No pacing at all (for servers that exempt the agent, and for benchmarks).
    public static let unlimited = Pacing(burst: 1, interval: 0, bytesPerToken: 0)

    /// Whether lines are paced at all.
    public var isPaced: Bool { interval > 0 }

    /// Tokens one line of `bytes` bytes (CRLF included) costs for `command`.
    public func cost(command: IRCCommand, bytes: Int) -> Double {
        let base: Double
        switch command {
        case .join, .who, .whois, .names, .list: base = 2
        default: base = 1
        }
        return base + (bytesPerToken > 0 ? Double(bytes) / Double(bytesPerToken) : 0)
    }

    /// A slower rule, after the server disconnected the agent for flooding: at most as fast as
    /// `conservative` at once; from there, a third slower and one token less of burst each
    /// time, never slower than one line per ten seconds.
    public func slowed() -> Pacing {
        let safe = Self.conservative
        if burst > safe.burst || interval < safe.interval || bytesPerToken == 0 {
            return Pacing(
                burst: min(burst, safe.burst), interval: max(interval, safe.interval),
                bytesPerToken: bytesPerToken == 0 ? safe.bytesPerToken : min(bytesPerToken, safe.bytesPerToken))
        }
        return Pacing(burst: max(1, burst - 1), interval: min(10, interval * 1.5), bytesPerToken: bytesPerToken)
    }

    public var description: String {
        guard isPaced else { return "unpaced" }
        return String(format: "burst %.1f, one line per %.2f s, +1 per %d bytes", burst, interval, bytesPerToken)
    }

    /// Whether a server's reason for closing the connection says the agent sent too much.
    public static func isFloodDisconnect(_ reason: String) -> Bool {
        let lowered = reason.lowercased()
        return ["excess flood", "recvq exceeded", "sendq exceeded", "max sendq", "flooding"].contains {
            lowered.contains($0)
        }
    }
}
