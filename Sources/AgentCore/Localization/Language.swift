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
}
