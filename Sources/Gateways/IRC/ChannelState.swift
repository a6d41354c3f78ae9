/// What the session knows about one joined channel.
struct ChannelState: Sendable, Hashable {
    /// The channel name as the server spells it.
    var name: String
    /// Members by case-folded nick.
    var members: [String: Member] = [:]

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

/// The session's settings, taken from the network configuration.
public struct IRCSessionSettings: Sendable, Hashable {
    public var network: String
    public var nick: String
    public var alternativeNicks: [String]
    public var user: String
    public var realName: String
    public var serverPassword: String?
    public var sasl: SASLSettings?
    public var requireSASL: Bool
    public var nickServPassword: String?
    public var channels: [(name: String, key: String?)]
    public var rejoinDelay: Double
    public var versionReply: String

    /// SASL credentials.
    public struct SASLSettings: Sendable, Hashable {
        public enum Mechanism: String, Sendable, Hashable {
            case plain = "PLAIN"
            case external = "EXTERNAL"
        }
        public var mechanism: Mechanism
        public var account: String
        public var password: String
        public init(mechanism: Mechanism, account: String, password: String = "") {
            self.mechanism = mechanism
            self.account = account
            self.password = password
        }
    }

    /// Creates settings.
    public init(network: String, nick: String, alternativeNicks: [String] = [], user: String = "agent",
                realName: String = "Community Agent", serverPassword: String? = nil, sasl: SASLSettings? = nil,
                requireSASL: Bool = false, nickServPassword: String? = nil, channels: [(name: String, key: String?)] = [],
                rejoinDelay: Double = 5, versionReply: String = "Community Agent")
    {
        self.network = network
        self.nick = nick
        self.alternativeNicks = alternativeNicks
        self.user = user
        self.realName = realName
        self.serverPassword = serverPassword
        self.sasl = sasl
        self.requireSASL = requireSASL
        self.nickServPassword = nickServPassword
        self.channels = channels
        self.rejoinDelay = rejoinDelay
        self.versionReply = versionReply
    }

    public static func == (lhs: IRCSessionSettings, rhs: IRCSessionSettings) -> Bool {
        lhs.network == rhs.network && lhs.nick == rhs.nick && lhs.channels.map(\.name) == rhs.channels.map(\.name)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(network)
        hasher.combine(nick)
    }
}
