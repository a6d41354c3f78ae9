import IRC

/// What the session knows about one joined channel.
struct ChannelState: Sendable, Hashable {
    /// The channel name as the server spells it.
    var name: String
    /// Members by nick under the network's case mapping.
    var members: [Nickname: Member] = [:]
    /// The channel's modes without a parameter (`m`, `n`, `t`…), as far as the agent has seen.
    var flags: Set<Character> = []

    /// One member: nick as spelled and the prefix modes they hold (`o`, `v`…).
    struct Member: Sendable, Hashable {
        var nick: String
        var modes: Set<Character> = []
    }
}

/// What the session knows about one user it shares a channel with (or has heard from).
struct UserState: Sendable, Hashable {
    var nick: String
    /// The account the network vouches for; nil when not logged in or not known.
    var account: String?
    /// Whether `account` comes from a source that is authoritative (tag, extended-join,
    /// account-notify, WHOX) rather than unknown.
    var accountKnown = false
    var userHost: String?
}
