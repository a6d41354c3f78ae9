/// A type a command argument can be read as: `init?(argument:)` returns nil for a bad word.
public protocol ArgumentValue: Sendable {
    /// Reads one word, or returns nil when the word is not a valid value.
    init?(argument: String)
    /// What a valid value looks like, for error messages ("a whole number").
    static var argumentDescription: String { get }
}

extension Int: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    public static var argumentDescription: String { "a whole number" }
}

extension String: ArgumentValue {
    public init?(argument: String) { self = argument }
    public static var argumentDescription: String { "a word" }
}

/// The words after a command name, split with quotes and backslash escapes honoured.
public struct Arguments: Sendable, Hashable {
    /// The words in order.
    public let words: [String]
    /// The text after the command name exactly as typed (for free text like `!echo`).
    public let rawText: String
    /// The command's synopsis with the prefix in use (`!redeem <code>`), for error messages.
    public let usage: String

    /// Creates arguments from already-split words.
    public init(words: [String], rawText: String, usage: String = "") {
        self.words = words
        self.rawText = rawText
        self.usage = usage
    }

    /// Number of words.
    public var count: Int { words.count }
    /// True when there are no words.
    public var isEmpty: Bool { words.isEmpty }

    /// The word at `index`, or nil.
    public subscript(index: Int) -> String? { words.indices.contains(index) ? words[index] : nil }

    /// The word at `index` read as `T`; throws a one-line usage error when missing or invalid.
    public func required<T: ArgumentValue>(
        _ index: Int, _ name: String, as type: T.Type = String.self
    ) throws(UserError) -> T {
        guard let word = self[index] else { throw UserError("Missing <\(name)>. Usage: \(usage)") }
        guard let value = T(argument: word) else {
            throw UserError("<\(name)> must be \(T.argumentDescription), not \"\(word)\". Usage: \(usage)")
        }
        return value
    }

    /// The word at `index` read as `T`, nil when absent; throws when present but invalid.
    public func optional<T: ArgumentValue>(
        _ index: Int, _ name: String, as type: T.Type = String.self
    ) throws(UserError) -> T? {
        guard self[index] != nil else { return nil }
        return try required(index, name, as: type)
    }

    /// The words from `index` on, joined with spaces; throws when there are none.
    public func rest(from index: Int, _ name: String) throws(UserError) -> String {
        guard index < words.count else { throw UserError("Missing <\(name)>. Usage: \(usage)") }
        return words[index...].joined(separator: " ")
    }

    /// Throws a usage error when there are more than `maximum` words.
    public func expectAtMost(_ maximum: Int) throws(UserError) {
        if words.count > maximum { throw UserError("Too many arguments. Usage: \(usage)") }
    }
}

/// Splits a command line into words: spaces separate, `"…"` and `'…'` group, `\` escapes the next character.
public enum CommandWords {
    /// The words, or a user-facing error for an unterminated quote.
    public static func split(_ text: String) throws(UserError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        for character in text {
            if escaping {
                current.append(character)
                escaping = false
                inWord = true
                continue
            }
            switch character {
            case "\\":
                escaping = true
                inWord = true
            case "\"", "'":
                if quote == nil {
                    quote = character
                    inWord = true
                } else if quote == character {
                    quote = nil
                } else {
                    current.append(character)
                }
            case " ", "\t":
                if quote != nil {
                    current.append(character)
                } else if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            default:
                current.append(character)
                inWord = true
            }
        }
        if let quote { throw UserError("Unterminated quote in your command; close it with \(quote).") }
        if escaping { current.append("\\") }
        if inWord { words.append(current) }
        return words
    }
}
