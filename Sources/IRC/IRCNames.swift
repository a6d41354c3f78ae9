/// A nick as the network spells it, equal to another when the network's case mapping folds
/// both to the same text (`Agent[]` and `agent{}` under rfc1459).
///
/// Two nicks made with different mappings compare by their folded text; make them with the
/// mapping of the network they come from (`CaseMapping.nick(_:)`).
public struct Nickname: Hashable, Sendable, CustomStringConvertible {
    /// The nick as the network spelled it.
    public let spelling: String
    /// The nick folded under the network's case mapping: the identity used for comparison.
    public let folded: String

    /// A nick compared under `mapping`.
    public init(_ spelling: String, mapping: CaseMapping) {
        self.spelling = spelling
        self.folded = mapping.lowercased(spelling)
    }

    /// Equal when the folded texts are.
    public static func == (lhs: Nickname, rhs: Nickname) -> Bool { lhs.folded == rhs.folded }

    /// Hashes the folded text.
    public func hash(into hasher: inout Hasher) { hasher.combine(folded) }

    /// The spelling.
    public var description: String { spelling }
}

/// A channel name as the network spells it, equal to another under the network's case mapping.
public struct ChannelName: Hashable, Sendable, CustomStringConvertible {
    /// The channel name as the network spelled it.
    public let spelling: String
    /// The name folded under the network's case mapping: the identity used for comparison.
    public let folded: String

    /// A channel name compared under `mapping`.
    public init(_ spelling: String, mapping: CaseMapping) {
        self.spelling = spelling
        self.folded = mapping.lowercased(spelling)
    }

    /// Equal when the folded texts are.
    public static func == (lhs: ChannelName, rhs: ChannelName) -> Bool { lhs.folded == rhs.folded }

    /// Hashes the folded text.
    public func hash(into hasher: inout Hasher) { hasher.combine(folded) }

    /// The spelling.
    public var description: String { spelling }
}

extension CaseMapping {
    /// `text` as a nick of a network with this mapping.
    public func nick(_ text: String) -> Nickname { Nickname(text, mapping: self) }

    /// `text` as a channel name of a network with this mapping.
    public func channel(_ text: String) -> ChannelName { ChannelName(text, mapping: self) }
}
