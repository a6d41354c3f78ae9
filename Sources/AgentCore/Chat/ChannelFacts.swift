/// What a gateway knows about one channel right now, for acting on it: the agent's own
/// standing, the channel's modes, the network's ban syntax, and who is in it. Plugins decide
/// how to mute or ban from this instead of assuming one server's dialect.
public struct ChannelFacts: Sendable, Hashable {
    /// One person in the channel.
    public struct Person: Sendable, Hashable {
        public var nick: String
        /// `user@host`, when known.
        public var userHost: String?
        /// The account the network vouches for, when it does.
        public var account: String?
        /// Their prefix modes in the channel (`o`, `v`…).
        public var modes: Set<Character>

        /// A person.
        public init(nick: String, userHost: String?, account: String?, modes: Set<Character>) {
            self.nick = nick
            self.userHost = userHost
            self.account = account
            self.modes = modes
        }
    }

    /// The network's extended bans: the prefix (`$` on Solanum, nothing on InspIRCd) and the
    /// letters it accepts (ISUPPORT `EXTBAN`).
    public struct ExtendedBans: Sendable, Hashable {
        public var prefix: String
        public var letters: Set<Character>

        /// Extended bans written `prefix` + letter.
        public init(prefix: String, letters: Set<Character>) {
            self.prefix = prefix
            self.letters = letters
        }
    }

    /// The channel as the server spells it.
    public var channel: String
    /// The agent's own nick on the network.
    public var ownNick: String
    /// The agent's own prefix modes there, nil when it is not in the channel.
    public var ownModes: Set<Character>?
    /// The agent's own `user@host`, when known.
    public var ownUserHost: String?
    /// Prefix modes from highest to lowest (`q`, `a`, `o`, `h`, `v`).
    public var prefixModes: [Character]
    /// List modes the server has (`b`, `e`, `I`, and `q` where it means quiet).
    public var listModes: Set<Character>
    /// Extended bans, when the server has them.
    public var extendedBans: ExtendedBans?
    /// Whether the channel is moderated (+m), as far as the agent has seen.
    public var moderated: Bool
    /// Everyone in the channel.
    public var people: [Person]

    /// Facts about a channel.
    public init(
        channel: String, ownNick: String, ownModes: Set<Character>?, ownUserHost: String?, prefixModes: [Character],
        listModes: Set<Character>, extendedBans: ExtendedBans?, moderated: Bool, people: [Person]
    ) {
        self.channel = channel
        self.ownNick = ownNick
        self.ownModes = ownModes
        self.ownUserHost = ownUserHost
        self.prefixModes = prefixModes
        self.listModes = listModes
        self.extendedBans = extendedBans
        self.moderated = moderated
        self.people = people
    }

    /// Whether the agent holds operator status (`o` or a mode above it) in the channel.
    public var agentIsOperator: Bool {
        guard let own = ownModes else { return false }
        let ranked = prefixModes.firstIndex(of: "o").map { Array(prefixModes[...$0]) } ?? ["o"]
        return !own.isDisjoint(with: ranked)
    }

    /// The person using `nick` (compared case-insensitively), if present.
    public func person(_ nick: String) -> Person? {
        people.first { $0.nick.lowercased() == nick.lowercased() }
    }
}
