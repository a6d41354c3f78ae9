/// A command line split into words: spaces separate, `"…"` and `'…'` group, `\` escapes the
/// next character. Remembers where each word starts, so free text can be taken as typed.
public struct CommandWords: Sendable, Hashable {
    /// The line that was split.
    public let text: String
    /// The words in order, quotes and escapes removed.
    public let words: [String]
    private let starts: [String.Index]

    /// Splits `text`; throws a user-facing error for an unterminated quote.
    public init(_ text: String) throws(UserError) {
        var words: [String] = []
        var starts: [String.Index] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        var index = text.startIndex
        func begin() {
            if !inWord {
                inWord = true
                starts.append(index)
            }
        }
        while index < text.endIndex {
            let character = text[index]
            defer { index = text.index(after: index) }
            if escaping {
                current.append(character)
                escaping = false
                continue
            }
            switch character {
            case "\\":
                begin()
                escaping = true
            case "\"", "'":
                if quote == nil {
                    begin()
                    quote = character
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
                begin()
                current.append(character)
            }
        }
        if let quote { throw UserError("Unterminated quote in your command; close it with \(quote).") }
        if escaping { current.append("\\") }
        if inWord { words.append(current) }
        self.text = text
        self.words = words
        self.starts = starts
    }

    /// The line from word `index` on, exactly as typed (quotes and spacing kept); empty past the end.
    public func rest(from index: Int) -> String {
        guard index < starts.count else { return "" }
        return String(text[starts[index]...])
    }
}
