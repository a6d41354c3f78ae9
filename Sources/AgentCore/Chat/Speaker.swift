/// Who said something: the network, their nick, and — only when the network vouches for it —
/// their services account.
public struct Speaker: Sendable, Hashable, CustomStringConvertible {
    /// The configured name of the network (e.g. `libera`, `console`).
    public var network: String
    /// The nick at the time of the event. A nick alone proves nothing about identity.
    public var nick: String
    /// The services account the network vouches for (IRCv3 account-tag, extended-join,
    /// account-notify, WHOX; a Matrix user id), or nil when not identified.
    public var account: String?
    /// `user@host` when known, for logs and ban masks.
    public var userHost: String?

    /// Creates a speaker.
    public init(network: String, nick: String, account: String? = nil, userHost: String? = nil) {
        self.network = network
        self.nick = nick
        self.account = account
        self.userHost = userHost
    }

    /// Who this is for bookkeeping (rate limits, ordering): the account when the network vouches
    /// for one, else the nick folded under the network's rules — `network/a:alice`, `network/n:bob`.
    public func key(folding: NickFolding = .ascii) -> String {
        "\(IdentityKey.network(network))/"
            + (account.map { "a:" + IdentityKey.account($0) } ?? "n:" + folding.fold(nick))
    }

    /// `nick` or `nick (account)`.
    public var description: String {
        account.map { "\(nick) (\($0))" } ?? nick
    }
}

/// Where something was said: a channel, or a private conversation with one person.
public struct Conversation: Sendable, Hashable, CustomStringConvertible {
    /// Channel or private chat.
    public enum Kind: Sendable, Hashable {
        case channel
        case privateChat
    }

    /// The configured name of the network.
    public var network: String
    /// The channel name (`#community`) or, for a private chat, the other person's nick.
    public var name: String
    /// Channel or private chat.
    public var kind: Kind

    /// Creates a conversation.
    public init(network: String, name: String, kind: Kind) {
        self.network = network
        self.name = name
        self.kind = kind
    }

    /// A channel on `network`.
    public static func channel(_ name: String, on network: String) -> Conversation {
        Conversation(network: network, name: name, kind: .channel)
    }

    /// A private conversation with `nick` on `network`.
    public static func privateChat(with nick: String, on network: String) -> Conversation {
        Conversation(network: network, name: nick, kind: .privateChat)
    }

    /// True for a private conversation.
    public var isPrivate: Bool { kind == .privateChat }

    /// `network/name`.
    public var description: String { "\(network)/\(name)" }
}
