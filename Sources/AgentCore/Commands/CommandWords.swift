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
        // Every byte that matters here is ASCII, and UTF-8 never uses ASCII bytes inside a
        // longer character, so the line is read as bytes (much cheaper than characters).
        var words: [String] = []
        var starts: [String.Index] = []
        // Commands have a few words: room for them up front saves growing the arrays twice.
        words.reserveCapacity(4)
        starts.reserveCapacity(4)
        var current: [UInt8] = []
        var inWord = false
        // The word so far is the text as typed (no quote or escape yet): it is taken as a slice
        // (a short one then needs no allocation at all).
        var plain = true
        var quote: UInt8?
        var escaping = false
        let utf8 = text.utf8
        var index = utf8.startIndex
        func begin() {
            if !inWord {
                inWord = true
                plain = true
                starts.append(index)
            }
        }
        /// From plain to copied: the bytes so far go into `current`.
        func unplain() {
            if plain, let start = starts.last {
                current.append(contentsOf: utf8[start..<index])
                plain = false
            }
        }
        func end() {
            if plain, let start = starts.last {
                words.append(String(text[start..<index]))
            } else {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
            inWord = false
        }
        while index < utf8.endIndex {
            let byte = utf8[index]
            if escaping {
                current.append(byte)
                escaping = false
            } else {
                switch byte {
                case UInt8(ascii: "\\"):
                    begin()
                    unplain()
                    escaping = true
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if quote == nil {
                        begin()
                        unplain()
                        quote = byte
                    } else if quote == byte {
                        quote = nil
                    } else {
                        current.append(byte)
                    }
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    if quote != nil {
                        current.append(byte)
                    } else if inWord {
                        end()
                    }
                default:
                    begin()
                    if !plain { current.append(byte) }
                }
            }
            utf8.formIndex(after: &index)
        }
        if let quote {
            throw UserError("Unterminated quote in your command; close it with \(Character(Unicode.Scalar(quote))).")
        }
        if escaping { current.append(UInt8(ascii: "\\")) }
        if inWord { end() }
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
