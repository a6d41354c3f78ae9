/// The session's settings, taken from the network configuration.
public struct IRCSessionSettings: Sendable {
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
        /// The SASL mechanism: PLAIN (account and password) or EXTERNAL (client certificate).
        public enum Mechanism: String, Sendable, Hashable {
            case plain = "PLAIN"
            case external = "EXTERNAL"
        }
        public var mechanism: Mechanism
        public var account: String
        public var password: String
        /// Creates SASL credentials; EXTERNAL needs no password.
        public init(mechanism: Mechanism, account: String, password: String = "") {
            self.mechanism = mechanism
            self.account = account
            self.password = password
        }
    }

    /// Creates settings.
    public init(
        network: String, nick: String, alternativeNicks: [String] = [], user: String = "agent",
        realName: String = "Community Agent", serverPassword: String? = nil, sasl: SASLSettings? = nil,
        requireSASL: Bool = false, nickServPassword: String? = nil, channels: [(name: String, key: String?)] = [],
        rejoinDelay: Double = 5, versionReply: String = "Community Agent"
    ) {
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
}
