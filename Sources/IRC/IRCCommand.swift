/// The verb of an IRC message: a command the agent knows by name, a numeric reply, or any other
/// verb kept as sent.
///
/// Parsing never fails on an unknown verb: `init(verb:)` maps it to `.other`, upper-cased, so a
/// session can ignore it. `verb` is the text written on the wire.
public enum IRCCommand: Hashable, Sendable {
    case privmsg
    case notice
    case tagmsg
    case join
    case part
    case quit
    case kick
    case nick
    case user
    case pass
    case ping
    case pong
    case mode
    case invite
    case topic
    case names
    case list
    case who
    case whois
    case cap
    case authenticate
    case monitor
    case account
    case away
    case chghost
    case setname
    case error
    case kill
    /// A three-digit numeric reply such as `001`.
    case numeric(Numeric)
    /// Any other verb, upper-cased.
    case other(String)

    /// The command for a verb read from the wire or written by hand; letters are upper-cased and
    /// three digits become `.numeric`.
    public init(verb: String) {
        let upper = verb.utf8.contains(where: { (0x61...0x7A).contains($0) }) ? verb.uppercased() : verb
        if let known = Self.byVerb[upper] {
            self = known
        } else if upper.utf8.count == 3, upper.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let code = Int(upper) {
            self = .numeric(Numeric(code))
        } else {
            self = .other(upper)
        }
    }

    /// The verb as written on the wire: `PRIVMSG`, `001`, or the `.other` text.
    public var verb: String {
        switch self {
        case .numeric(let numeric): return numeric.description
        case .other(let verb): return verb
        default: return Self.verbs[self] ?? ""
        }
    }

    /// The numeric reply, when this is one.
    public var numeric: Numeric? {
        if case .numeric(let numeric) = self { return numeric }
        return nil
    }

    /// Every named command with its verb, in one table so the two directions cannot disagree.
    private static let verbs: [IRCCommand: String] = [
        .privmsg: "PRIVMSG",
        .notice: "NOTICE",
        .tagmsg: "TAGMSG",
        .join: "JOIN",
        .part: "PART",
        .quit: "QUIT",
        .kick: "KICK",
        .nick: "NICK",
        .user: "USER",
        .pass: "PASS",
        .ping: "PING",
        .pong: "PONG",
        .mode: "MODE",
        .invite: "INVITE",
        .topic: "TOPIC",
        .names: "NAMES",
        .list: "LIST",
        .who: "WHO",
        .whois: "WHOIS",
        .cap: "CAP",
        .authenticate: "AUTHENTICATE",
        .monitor: "MONITOR",
        .account: "ACCOUNT",
        .away: "AWAY",
        .chghost: "CHGHOST",
        .setname: "SETNAME",
        .error: "ERROR",
        .kill: "KILL",
    ]

    private static let byVerb: [String: IRCCommand] = Dictionary(
        uniqueKeysWithValues: verbs.map { ($0.value, $0.key) })
}

extension IRCCommand: CustomStringConvertible {
    /// The verb as written on the wire.
    public var description: String { verb }
}
