import Foundation

/// What the network says about the person behind a nick.
public enum NickLookup: Sendable, Hashable {
    /// Seen, and identified to this account.
    case identified(account: String)
    /// Seen, and not identified.
    case notIdentified
    /// Not seen by the agent (not in any of its channels), or the network cannot tell.
    case unknown
}

/// A nick typed as an argument, with the account the network vouches for behind it, if any.
public struct NickArgument: Sendable, Hashable {
    /// The nick as typed.
    public let nick: String
    /// The account the network vouches for, or nil when the person is not identified or unknown.
    public let account: String?
}

extension ParameterKind where Value == String {
    /// Any single word.
    public static var word: ParameterKind<String> {
        ParameterKind(expected: "a word".zh("一个词")) { word, _ in word }
    }

    /// A services account name: one word of printable characters, at most 64 of them.
    public static var account: ParameterKind<String> {
        let expected = "an account name".zh("一个账号名")
        return ParameterKind(expected: expected) { word, _ throws(ArgumentProblem) in
            guard word.count <= 64, !word.hasPrefix("#"), word.unicodeScalars.allSatisfy({ $0.value > 0x20 })
            else { throw .invalid(expected: expected) }
            return word
        }
    }

    /// A channel name: starts with `#` or `&`, no commas, spaces or control characters.
    public static var channel: ParameterKind<String> {
        let expected = "a channel such as #community".zh("一个频道名，例如 #community")
        return ParameterKind(expected: expected) { word, _ throws(ArgumentProblem) in
            guard let first = word.first, first == "#" || first == "&", word.count > 1, word.count <= 64,
                !word.contains(","), word.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x07 })
            else { throw .invalid(expected: expected) }
            return word
        }
    }

    /// One of a fixed set of words, compared case-insensitively; the value is the declared spelling.
    /// `aliases` accepts other spellings for them (`高级` → `advanced`) without listing them in usage.
    public static func choice(_ words: [String], aliases: [String: String] = [:]) -> ParameterKind<String> {
        let expected =
            words.count == 1
            ? "the word \(words[0])".zh("“\(words[0])”")
            : ("one of " + words.joined(separator: ", ")).zh(words.joined(separator: "、") + " 之一")
        return ParameterKind(expected: expected) {
            word, _ throws(ArgumentProblem) in
            if let match = words.first(where: { $0.lowercased() == word.lowercased() }) { return match }
            guard let alias = aliases.first(where: { $0.key.lowercased() == word.lowercased() })?.value else {
                throw .invalid(expected: expected)
            }
            return alias
        }
    }
}

extension ParameterKind where Value == Int {
    /// A whole number within `range`.
    public static func integer(in range: ClosedRange<Int>) -> ParameterKind<Int> {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)".zh(
            "\(range.lowerBound) 到 \(range.upperBound) 之间的整数")
        return ParameterKind(expected: expected) { word, _ throws(ArgumentProblem) in
            guard let value = Int(word) else {
                let digits = word.drop { $0 == "-" || $0 == "+" }
                let isNumber = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
                throw isNumber ? .outOfRange(expected: expected) : .invalid(expected: expected)
            }
            guard range.contains(value) else { throw .outOfRange(expected: expected) }
            return value
        }
    }
}

extension ParameterKind where Value == Duration {
    /// A duration such as `10m`, `2h`, `1d` or `1h30m` (units s, m, h, d, w), within `range`.
    public static func duration(in range: ClosedRange<Duration>) -> ParameterKind<Duration> {
        let (low, high) = (DurationText.format(range.lowerBound), DurationText.format(range.upperBound))
        let expected = "a duration such as 10m, 2h, 1d or 1h30m, from \(low) to \(high)".zh(
            "一段时长，例如 10m（或 10分钟）、2h、1d 或 1h30m，从 \(low) 到 \(high)")
        return ParameterKind(expected: expected) { word, _ throws(ArgumentProblem) in
            guard let value = DurationText.parse(word) else { throw .invalid(expected: expected) }
            guard range.contains(value) else { throw .outOfRange(expected: expected) }
            return value
        }
    }
}

extension ParameterKind where Value == NickArgument {
    /// A nick, with the account the network vouches for behind it (when the agent can see the person).
    public static var nick: ParameterKind<NickArgument> {
        let expected = "a nick".zh("一个昵称")
        return ParameterKind(expected: expected) { word, context throws(ArgumentProblem) in
            let forbidden: Set<Character> = [" ", ",", "*", "?", "!", "@", "#", "&", ":"]
            guard word.count <= 64, let first = word.first, first != "#", first != "&",
                !word.contains(where: forbidden.contains),
                word.unicodeScalars.allSatisfy({ $0.value > 0x20 })
            else { throw .invalid(expected: expected) }
            switch await context.lookUp(word) {
            case .identified(let account): return NickArgument(nick: word, account: account)
            case .notIdentified, .unknown: return NickArgument(nick: word, account: nil)
            }
        }
    }
}

/// Reads and writes durations in chat form: `90s`, `10m`, `2h`, `1d`, `1w`, `1h30m`.
public enum DurationText {
    private static let units: [(Character, Int64)] = [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]

    /// Chinese units as people type them, longest first, with the letter each stands for.
    private static let chineseUnits: [(String, String)] = [
        ("个星期", "w"), ("星期", "w"), ("个小时", "h"), ("小时", "h"), ("分钟", "m"), ("秒钟", "s"), ("周", "w"),
        ("天", "d"), ("日", "d"), ("时", "h"), ("分", "m"), ("秒", "s"),
    ]

    /// The duration a word spells, or nil: `90m`, `1h30m`, `2d`, or in Chinese `10分钟`,
    /// `1小时30分`, `半小时`, `3天` (full-width digits too). Each unit at most once, largest first;
    /// a bare number is not a duration.
    public static func parse(_ word: String) -> Duration? {
        let spelled = chatSpelling(of: word)
        var total: Int64 = 0
        var number = ""
        var lastUnit = Int64.max
        for character in spelled {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let unit = units.first(where: { $0.0 == character })?.1, unit < lastUnit,
                let value = Int64(number), number.count <= 7
            else { return nil }
            total += value * unit
            lastUnit = unit
            number = ""
        }
        guard number.isEmpty, lastUnit != .max else { return nil }
        return .seconds(total)
    }

    /// A duration typed in Chinese written the chat way, lowercased (`1小时30分钟` → `1h30m`,
    /// `半小时` → `30m`, full-width digits as ASCII); other words only lowercased.
    public static func chatSpelling(of word: String) -> String {
        var spelled = String(
            word.lowercased().map { character -> Character in
                guard let scalar = character.unicodeScalars.first, (0xFF10...0xFF19).contains(scalar.value),
                    let ascii = Unicode.Scalar(scalar.value - 0xFF10 + 0x30)
                else { return character }
                return Character(ascii)
            })
        guard spelled.contains(where: { !$0.isASCII }) else { return spelled }
        spelled = spelled.replacingOccurrences(of: "半小时", with: "30m")
        for (chinese, letter) in chineseUnits { spelled = spelled.replacingOccurrences(of: chinese, with: letter) }
        return spelled
    }

    /// The shortest chat spelling of a whole number of seconds: `1h30m`, `7d`.
    public static func format(_ duration: Duration) -> String {
        var remaining = duration.components.seconds
        guard remaining > 0 else { return "0s" }
        var text = ""
        for (name, unit) in units where remaining >= unit {
            text += "\(remaining / unit)\(name)"
            remaining %= unit
        }
        return text
    }

    /// A duration as a reader of `language` reads it: the chat spelling in English (`1h30m`),
    /// words in Chinese (`1 小时 30 分钟`, `2 周`).
    public static func format(_ duration: Duration, in language: Language) -> String {
        guard language == .zh else { return format(duration) }
        var remaining = duration.components.seconds
        guard remaining > 0 else { return "0 秒" }
        var parts: [String] = []
        for (unit, name) in [(Int64(604_800), "周"), (86_400, "天"), (3600, "小时"), (60, "分钟"), (1, "秒")]
        where remaining >= unit {
            parts.append("\(remaining / unit) \(name)")
            remaining %= unit
        }
        return parts.joined(separator: " ")
    }
}
