public import Foundation

/// The community's activity model (DESIGN.md, "The activity model"): a member's interest P(t)
/// is the sum of their weighted interactions, each decayed by e^(−γ·days since); their
/// activity is A = α·P^β / (1 + P^β), 0 when P is 0.
public struct ActivityModel: Sendable, Hashable {
    /// The ceiling of A.
    public var alpha: Double { didSet { updateThresholdInterest() } }
    /// How sharply A rises with P.
    public var beta: Double { didSet { updateThresholdInterest() } }
    /// Decay per day.
    public var gamma: Double
    /// The weight of each kind of interaction (kinds not listed weigh nothing).
    public var weights: [InteractionKind: Double]
    /// A at or above this is "active"; below it after having been above is "cooling".
    public var threshold: Double { didSet { updateThresholdInterest() } }
    /// The interest at which A equals the threshold (kept, not worked out at every use).
    public private(set) var thresholdInterest: Double

    /// The weights of the operating guide.
    public static let defaultWeights: [InteractionKind: Double] = [
        .message: 1, .command: 1, .view: 2, .mention: 2, .rsvp: 3, .subscribe: 5, .redeem: 5, .complete: 8,
        .thanks: 2,
    ]

    /// The model with the guide's defaults: α 10, β 2, γ 0.1 per day, threshold α/2.
    public init(
        alpha: Double = 10, beta: Double = 2, gamma: Double = 0.1,
        weights: [InteractionKind: Double] = ActivityModel.defaultWeights, threshold: Double? = nil
    ) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.weights = weights
        self.threshold = threshold ?? alpha / 2
        self.thresholdInterest = 0
        updateThresholdInterest()
    }

    /// The weight of one interaction of `kind`.
    public func weight(of kind: InteractionKind) -> Double { weights[kind] ?? 0 }

    /// A for an interest of `p`.
    public func activity(interest p: Double) -> Double {
        guard p > 0 else { return 0 }
        let powered = Foundation.pow(p, beta)
        return alpha * powered / (1 + powered)
    }

    /// `p` measured at one time, as it stands `seconds` later with no interaction in between.
    public func decay(_ p: Double, over seconds: TimeInterval) -> Double {
        guard seconds > 0 else { return p }
        return p * Foundation.exp(-gamma * seconds / 86_400)
    }

    private mutating func updateThresholdInterest() {
        // A = α·x/(1+x) with x = P^β, so x = A/(α−A).
        thresholdInterest = Foundation.pow(threshold / (alpha - threshold), 1 / beta)
    }

    /// How long an interest of `p` stays at or above the threshold with nothing added (0 when
    /// it is below already).
    public func secondsAboveThreshold(from p: Double) -> TimeInterval {
        let limit = thresholdInterest
        guard p >= limit, p > 0 else { return 0 }
        guard gamma > 0 else { return .greatestFiniteMagnitude }
        return Foundation.log(p / limit) / gamma * 86_400
    }

    /// Problems with the parameters, each naming its key (empty when the model is usable).
    public var problems: [(key: String, message: String)] {
        var found: [(String, String)] = []
        if !(alpha > 0) { found.append(("alpha", "must be greater than 0")) }
        if !(beta > 0) { found.append(("beta", "must be greater than 0")) }
        if !(gamma >= 0) { found.append(("gamma", "must not be negative")) }
        if !(threshold > 0) || !(threshold < alpha) {
            found.append(("threshold", "must be greater than 0 and less than alpha (\(alpha))"))
        }
        for (kind, weight) in weights where !(weight >= 0) {
            found.append(("weights.\(kind.rawValue)", "must not be negative"))
        }
        return found
    }
}
