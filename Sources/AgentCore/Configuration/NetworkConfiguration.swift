/// One network the agent connects to.
public struct NetworkConfiguration: Sendable, Hashable {
    /// The kind of gateway.
    public enum Kind: String, Sendable, Hashable {
        case irc
        case console
    }

    /// A channel to join, with its key when it has one.
    public struct Channel: Sendable, Hashable {
        public var name: String
        public var key: String?
        /// Creates a channel entry.
        public init(name: String, key: String? = nil) {
            self.name = name
            self.key = key
        }
    }

    /// TLS options.
    public struct TLS: Sendable, Hashable {
        public var enabled: Bool = false
        /// Verify the certificate chain and host name (on by default; turning it off is logged loudly).
        public var verify: Bool = true
        /// Trust this CA file instead of (in addition to) the system store.
        public var caFile: String?
        /// Accept exactly these SHA-256 certificate fingerprints (hex, colons optional).
        public var fingerprints: [String] = []
        /// Client certificate and key (PEM) for CertFP / SASL EXTERNAL.
        public var clientCertificate: String?
        public var clientKey: String?
        /// TLS off, verification on.
        public init() {}
    }

    /// SASL options.
    public struct SASL: Sendable, Hashable {
        /// The SASL mechanism: `plain` or `external`.
        public enum Mechanism: String, Sendable, Hashable {
            case plain
            case external
        }
        public var mechanism: Mechanism
        public var account: String
        public var password: String?
        /// Creates SASL settings.
        public init(mechanism: Mechanism, account: String, password: String? = nil) {
            self.mechanism = mechanism
            self.account = account
            self.password = password
        }
    }

    /// The name used in logs, roles and commands (`libera`).
    public var name: String
    public var kind: Kind
    public var host: String = "127.0.0.1"
    public var port: Int = 6667
    public var tls = TLS()
    public var nick: String = "community-agent"
    public var alternativeNicks: [String] = []
    public var user: String = "agent"
    public var realName: String = "Community Agent"
    /// The server password (PASS), resolved from its secret source.
    public var serverPassword: String?
    public var sasl: SASL?
    /// Abort and retry later, rather than connect unidentified, when SASL fails.
    public var requireSASL: Bool = false
    /// Password for `NickServ IDENTIFY` on networks without SASL.
    public var nickServPassword: String?
    public var channels: [Channel] = []
    /// Outbox pacing: `outboxBurst` lines at once, then one line per `outboxInterval` seconds
    /// (0 = unpaced), each line costing one more line per `outboxBytesPerLine` bytes.
    public var outboxBurst: Double = 4
    public var outboxInterval: Double = 1
    public var outboxBytesPerLine: Int = 1024
    /// Join short replies waiting for the same channel into one line.
    public var outboxCoalesce = true
    /// Seconds a reply may wait behind the flood budget before it is given up (and logged).
    public var outboxMaximumWait: Double = 30
    /// After a flood disconnect, send slower from then on and remember it across restarts.
    public var outboxLearns = true
    /// Send our own PING after this many quiet seconds; give up after `pingTimeout` more.
    public var pingInterval: Double = 90
    public var pingTimeout: Double = 60
    public var connectTimeout: Double = 15
    public var reconnectMinimum: Double = 2
    public var reconnectMaximum: Double = 300
    /// A session must stay up this long for the reconnect backoff to start again from the minimum.
    public var stableSessionSeconds: Double = 300
    /// Seconds to wait before rejoining after a KICK (negative: never rejoin).
    public var rejoinDelay: Double = 5
    /// The QUIT message on shutdown.
    public var quitMessage: String = "Community Agent shutting down"

    /// Creates a network with defaults.
    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}
