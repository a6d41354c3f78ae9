public import Foundation

/// One member's activity, kept up to date interaction by interaction so that reading it never
/// needs their history: P as of the last interaction, until when A stays at or above the
/// threshold, and the highest P reached recently.
public struct MemberActivity: Sendable, Hashable {
    /// P right after the last interaction.
    public var interest: Double = 0
    /// When `interest` was measured (the last interaction); nil before any.
    public var updatedAt: Date?
    /// The last moment A is (or was) at or above the threshold, given the interactions so far;
    /// nil when it never was.
    public var aboveUntil: Date?
    /// The highest P right after an interaction, and when; replaced when it leaves the look-back
    /// window or is exceeded.
    public var peakInterest: Double = 0
    /// When `peakInterest` was reached.
    public var peakAt: Date?

    /// A member with no interactions.
    public init() {}

    /// The state after one more interaction of weight `weight` at `time`, under `model`, with
    /// peaks remembered over `lookback` seconds. Interactions older than the last one count
    /// fully in P (decayed from their own time).
    public func adding(weight: Double, at time: Date, model: ActivityModel, lookback: TimeInterval) -> MemberActivity {
        var next = self
        let now = max(time, updatedAt ?? time)
        let carried = updatedAt.map { model.decay(interest, over: now.timeIntervalSince($0)) } ?? 0
        next.interest = carried + model.decay(weight, over: now.timeIntervalSince(time))
        next.updatedAt = now
        let above = now.addingTimeInterval(model.secondsAboveThreshold(from: next.interest))
        if next.interest >= model.thresholdInterest, above > (aboveUntil ?? .distantPast) { next.aboveUntil = above }
        if peakAt.map({ $0 < now.addingTimeInterval(-lookback) }) ?? true || next.interest >= peakInterest {
            next.peakInterest = next.interest
            next.peakAt = now
        }
        return next
    }

    /// P at `time` (at or after the last interaction).
    public func interest(at time: Date, model: ActivityModel) -> Double {
        guard let updatedAt else { return 0 }
        return model.decay(interest, over: time.timeIntervalSince(updatedAt))
    }

    /// A at `time`.
    public func activity(at time: Date, model: ActivityModel) -> Double {
        model.activity(interest: interest(at: time, model: model))
    }

    /// The last time up to `time` that A was at or above the threshold; nil when never.
    public func lastAbove(at time: Date) -> Date? { aboveUntil.map { min($0, time) } }

    /// The highest A within `lookback` seconds before `time`, as far as the kept peak tells.
    public func peakActivity(at time: Date, lookback: TimeInterval, model: ActivityModel) -> Double {
        let start = time.addingTimeInterval(-lookback)
        var best = activity(at: time, model: model)
        if let peakAt, peakAt >= start { best = max(best, model.activity(interest: peakInterest)) }
        if let updatedAt, updatedAt <= start {
            best = max(best, model.activity(interest: model.decay(interest, over: start.timeIntervalSince(updatedAt))))
        }
        return best
    }

    /// Cooling at `time`: A is below the threshold now, and was at or above it within `lookback`
    /// seconds.
    public func isCooling(at time: Date, lookback: TimeInterval, model: ActivityModel) -> Bool {
        guard let last = lastAbove(at: time) else { return false }
        return activity(at: time, model: model) < model.threshold && last >= time.addingTimeInterval(-lookback)
    }
}
