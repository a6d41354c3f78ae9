/// A short text in English with its Chinese alongside, written where it is used:
/// `"List published courses.".zh("列出已发布的课程。")`. A plain string literal is English only;
/// tests list declarations that still lack Chinese.
public struct LocalizedText: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation,
    CustomStringConvertible
{
    /// The texts by language.
    public var texts: [Language: String]

    /// English only.
    public init(stringLiteral value: String) {
        texts = [.en: value]
    }

    /// English only, from an interpolated literal.
    public init(stringInterpolation: DefaultStringInterpolation) {
        texts = [.en: String(stringInterpolation: stringInterpolation)]
    }

    /// Texts by language.
    public init(_ texts: [Language: String]) {
        self.texts = texts
    }

    /// The same text with its Chinese.
    public func zh(_ chinese: String) -> LocalizedText {
        var copy = self
        copy.texts[.zh] = chinese
        return copy
    }

    /// The text in `language` (English when that language is missing).
    public func text(in language: Language) -> String { texts[language] ?? texts[.en] ?? "" }

    /// The English text.
    public var description: String { text(in: .en) }
}

extension String {
    /// This English text with its Chinese: `"Check that the agent is alive.".zh("确认机器人在线。")`.
    public func zh(_ chinese: String) -> LocalizedText {
        LocalizedText([.en: self, .zh: chinese])
    }
}
