/// A language the agent answers in.
public enum Language: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// English.
    case en
    /// Simplified Chinese.
    case zh

    /// The language named `en` or `zh` (case-insensitive), or nil.
    public init?(code: String) {
        self.init(rawValue: code.lowercased())
    }

    /// The code: `en`, `zh`.
    public var description: String { rawValue }

    /// Sentences joined the way the language writes them: with a space in English, directly
    /// after the full stop in Chinese.
    public func sentences(_ parts: [String]) -> String {
        parts.filter { !$0.isEmpty }.joined(separator: self == .zh ? "" : " ")
    }

    /// Items of a list that themselves contain commas: `; ` in English, `；` in Chinese.
    public func items(_ parts: [String]) -> String {
        parts.joined(separator: self == .zh ? "；" : "; ")
    }
}
