import Foundation
import Synchronization

/// Automatic moderation for one channel: each rule on when set.
public struct AutomodRules: Sendable, Hashable {
    /// At most `count` events within `seconds`.
    public struct Rate: Sendable, Hashable {
        public var count: Int
        public var seconds: Double

        /// `count` within `seconds`.
        public init(count: Int, seconds: Double) {
            self.count = max(1, count)
            self.seconds = max(0.1, seconds)
        }
    }

    /// Lines from one person (`flood`).
    public var flood: Rate?
    /// The same line again from one person (`repeats`).
    public var repeats: Rate?
    /// Distinct nicks of the channel named in one line (`highlights`).
    public var highlights: Int?
    /// Words or phrases never allowed, matched after normalising (`patterns`).
    public var patterns: [String] = []
    /// Links from someone who joined less than this many minutes ago (`links_joined_minutes`).
    public var linksJoinedMinutes: Double?

    /// No rule on.
    public init() {}

    /// Text as compared with patterns: compatibility forms folded (full-width letters become
    /// plain), lower case, invisible characters and accents dropped, and common look-alikes
    /// (Cyrillic а/е/о/р/с, 0/1/3/4/5/7, @, $) read as the letters they imitate.
    public static func normalised(_ text: String) -> String {
        let lookAlikes: [Character: Character] = [
            "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ѕ": "s", "ј": "j",
            "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "|": "l",
        ]
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
            .folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var result = ""
        for character in folded {
            if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .format }) { continue }
            result.append(lookAlikes[character] ?? character)
        }
        return result
    }

    /// The first pattern found in `text`, if any.
    public func bannedPattern(in text: String) -> String? {
        guard !patterns.isEmpty else { return nil }
        let subject = Self.normalised(text)
        let squeezed = subject.filter { !$0.isWhitespace && !$0.isPunctuation }
        return patterns.first { pattern in
            let normal = Self.normalised(pattern)
            return subject.contains(normal)
                || (!normal.contains(" ") && squeezed.contains(normal.filter { !$0.isPunctuation }))
        }
    }

    /// Whether `text` holds a link.
    public static func hasLink(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.contains("http://") || lowered.contains("https://") || lowered.contains("www.")
    }
}

/// What automod remembers per channel and person, in memory and bounded: recent lines and
/// when people joined.
final class AutomodState: Sendable {
    struct Line {
        var at: Date
        var text: String
    }

    private struct State {
        var lines: [String: [Line]] = [:]
        var joined: [String: Date] = [:]
        var quietUntil: [String: Date] = [:]
    }

    private let state = Mutex(State())

    /// Remembers that `key` joined at `now`.
    func joined(_ key: String, at now: Date) {
        state.withLock { state in
            if state.joined.count > 50_000 { state.joined.removeAll() }
            state.joined[key] = now
        }
    }

    /// When `key` joined, if the agent saw it.
    func joinedAt(_ key: String) -> Date? { state.withLock { $0.joined[key] } }

    /// Adds a line and returns the lines of the last `window` seconds, this one included.
    func add(_ key: String, text: String, at now: Date, window: Double) -> [Line] {
        state.withLock { state in
            if state.lines.count > 50_000 { state.lines.removeAll() }
            var lines = state.lines[key, default: []].filter { now.timeIntervalSince($0.at) <= window }
            lines.append(Line(at: now, text: text))
            state.lines[key] = lines
            return lines
        }
    }

    /// Whether automod has just acted on `key` (so one flood is one offence); marks it when not.
    func actedRecently(_ key: String, at now: Date, for seconds: Double = 30) -> Bool {
        state.withLock { state in
            if let until = state.quietUntil[key], until > now { return true }
            state.quietUntil[key] = now.addingTimeInterval(seconds)
            state.lines[key] = nil
            return false
        }
    }
}
