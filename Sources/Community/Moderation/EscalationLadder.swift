public import Foundation

/// What happens at each offence: the first offences within `window` warn, later ones mute or
/// ban for longer, the last step repeats. Moderators' warnings and automatic moderation both
/// climb it; every step taken is a case that names it.
public struct EscalationLadder: Sendable, Hashable {
    /// One rung.
    public enum Step: Sendable, Hashable, CustomStringConvertible {
        case warn
        /// A mute; nil duration is for ever.
        case mute(TimeInterval?)
        /// A ban; nil duration is for ever.
        case ban(TimeInterval?)

        /// `warn`, `mute 10m`, `ban 1d`, `ban` (for ever).
        public var description: String {
            switch self {
            case .warn: "warn"
            case .mute(let duration): "mute" + (duration.map { " " + Self.format($0) } ?? "")
            case .ban(let duration): "ban" + (duration.map { " " + Self.format($0) } ?? "")
            }
        }

        /// A number of seconds as moderators write it: `10m`, `1d`, `1h30m`.
        public static func format(_ seconds: TimeInterval) -> String {
            var remaining = Int(seconds)
            var text = ""
            for (name, unit) in [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
            where remaining >= unit {
                text += "\(remaining / unit)\(name)"
                remaining %= unit
            }
            return text.isEmpty ? "0s" : text
        }
    }

    /// The steps, by offence: the first for the first offence in the window, and so on.
    public var steps: [Step]
    /// How far back offences count.
    public var window: TimeInterval

    /// The default of the operating guide: warn, warn, then a 10-minute mute, a day's ban, and
    /// a ban for ever, counting 30 days back.
    public init(
        steps: [Step] = [.warn, .warn, .mute(600), .ban(86_400), .ban(nil)], window: TimeInterval = 30 * 86_400
    ) {
        self.steps = steps.isEmpty ? [.warn] : steps
        self.window = window
    }

    /// The step for the `offence`-th offence within the window (1 = first).
    public func step(forOffence offence: Int) -> Step {
        steps[min(max(offence, 1), steps.count) - 1]
    }

    /// Reads a step as written in the configuration: `warn`, `mute 10m`, `ban 1d`, `ban`,
    /// `ban permanent`, `mute 永久`.
    public static func step(_ text: String) -> Step? {
        let words = text.lowercased().split(separator: " ").map(String.init)
        guard let first = words.first, words.count <= 2 else { return nil }
        var duration: TimeInterval?
        if words.count == 2 {
            switch ModerationDuration.parse(words[1]) {
            case .some(.timed(let seconds)): duration = seconds
            case .some(.permanent): duration = nil
            case nil: return nil
            }
        }
        switch first {
        case "warn" where words.count == 1: return .warn
        case "mute": return .mute(duration)
        case "ban": return .ban(duration)
        default: return nil
        }
    }
}

/// A duration as moderators type it: `10m`, `2h`, `1d`, `1w`, `1h30m`, `90s`, or `permanent`,
/// `perm`, `forever`, `永久`.
public enum ModerationDuration: Sendable, Hashable {
    case timed(TimeInterval)
    case permanent

    /// The duration a word spells, or nil.
    public static func parse(_ word: String) -> ModerationDuration? {
        let lowered = word.lowercased()
        if ["permanent", "perm", "forever", "永久", "永远"].contains(lowered) { return .permanent }
        var total = 0
        var number = ""
        var lastUnit = Int.max
        let units: [Character: Int] = ["w": 604_800, "d": 86_400, "h": 3600, "m": 60, "s": 1]
        for character in lowered {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let unit = units[character], unit < lastUnit, let value = Int(number), number.count <= 6 else {
                return nil
            }
            total += value * unit
            lastUnit = unit
            number = ""
        }
        guard number.isEmpty, lastUnit != .max, total > 0, total <= 5 * 366 * 86_400 else { return nil }
        return .timed(TimeInterval(total))
    }
}
