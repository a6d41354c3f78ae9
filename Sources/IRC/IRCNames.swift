/// A name as the network spells it, equal to another of its kind when the network's case mapping
/// folds both to the same text (`Agent[]` and `agent{}` under rfc1459).
///
/// `Kind` keeps nicks and channel names apart (`Nickname`, `ChannelName`). Two names made with
/// different mappings compare by their folded text; make them with the mapping of the network
/// they come from (`CaseMapping.nick(_:)`, `CaseMapping.channel(_:)`).
public struct IRCName<Kind>: Hashable, Sendable, CustomStringConvertible {
    /// The name as the network spelled it.
    public let spelling: String
    /// The name folded under the network's case mapping: the identity used for comparison.
    public let folded: String

    /// A name compared under `mapping`.
    public init(_ spelling: String, mapping: CaseMapping) {
        self.spelling = spelling
        self.folded = mapping.lowercased(spelling)
    }

    /// Equal when the folded texts are.
    public static func == (lhs: IRCName, rhs: IRCName) -> Bool { lhs.folded == rhs.folded }

    /// Hashes the folded text.
    public func hash(into hasher: inout Hasher) { hasher.combine(folded) }

    /// The spelling.
    public var description: String { spelling }
}

/// Marks an `IRCName` as a nick.
public enum NickKind {}
/// Marks an `IRCName` as a channel name.
public enum ChannelKind {}

/// A nick, compared under the network's case mapping.
public typealias Nickname = IRCName<NickKind>
/// A channel name, compared under the network's case mapping.
public typealias ChannelName = IRCName<ChannelKind>

extension CaseMapping {
    /// `text` as a nick of a network with this mapping.
    public func nick(_ text: String) -> Nickname { Nickname(text, mapping: self) }

    /// `text` as a channel name of a network with this mapping.
    public func channel(_ text: String) -> ChannelName { ChannelName(text, mapping: self) }
}
