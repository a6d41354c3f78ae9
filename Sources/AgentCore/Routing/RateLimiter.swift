public import Foundation
import Synchronization

/// Per-person command budget: a token bucket each; whoever runs dry gets one warning and is
/// then ignored until the cool-down ends.
public final class RateLimiter: Sendable {
    /// The limiter's knobs.
    public struct Settings: Sendable, Hashable {
        /// Off: every command is allowed.
        public var enabled: Bool
        /// Commands allowed in a quick burst.
        public var burst: Int
        /// Seconds to earn back one command.
        public var refillSeconds: Double
        /// How long someone who ran dry is ignored.
        public var cooldownSeconds: Double

        /// Creates settings; the defaults allow 5 at once, then one every 2 s, with a 60 s cool-down.
        public init(enabled: Bool = true, burst: Int = 5, refillSeconds: Double = 2, cooldownSeconds: Double = 60) {
            self.enabled = enabled
            self.burst = burst
            self.refillSeconds = refillSeconds
            self.cooldownSeconds = cooldownSeconds
        }
    }

    /// What to do with one command.
    public enum Decision: Sendable, Hashable {
        case allow
        /// Refuse and tell the person once.
        case warn(seconds: Int)
        /// Refuse silently.
        case ignore
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
        var ignoredUntil: Date?
    }

    private let settings: Settings
    private let buckets = Mutex<[String: Bucket]>([:])

    /// Creates a limiter.
    public init(settings: Settings) {
        self.settings = settings
    }

    /// Charges one command to `key` (network + account or nick) at `now`.
    public func check(_ key: String, at now: Date) -> Decision {
        guard settings.enabled else { return .allow }
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: Double(settings.burst), updated: now)
            if let until = bucket.ignoredUntil {
                if now < until { return .ignore }
                bucket = Bucket(tokens: Double(settings.burst), updated: now)
            }
            let earned = now.timeIntervalSince(bucket.updated) / settings.refillSeconds
            bucket.tokens = min(Double(settings.burst), bucket.tokens + max(earned, 0))
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[key] = bucket
                if buckets.count > 10_000 { Self.prune(&buckets, now: now, settings: settings) }
                return .allow
            }
            bucket.ignoredUntil = now.addingTimeInterval(settings.cooldownSeconds)
            buckets[key] = bucket
            return .warn(seconds: Int(settings.cooldownSeconds))
        }
    }

    /// Forgets people whose buckets are full again, so memory stays bounded.
    private static func prune(_ buckets: inout [String: Bucket], now: Date, settings: Settings) {
        buckets = buckets.filter { _, bucket in
            if let until = bucket.ignoredUntil { return until > now }
            return now.timeIntervalSince(bucket.updated) < Double(settings.burst) * settings.refillSeconds
        }
    }
}
