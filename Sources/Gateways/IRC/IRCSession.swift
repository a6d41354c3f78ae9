public import AgentCore
import Foundation
public import IRC

/// The IRC client protocol for one connection, as a pure state machine: it reads messages and
/// returns actions, and never touches sockets or clocks.
///
/// It negotiates capabilities and SASL, registers, tracks ISUPPORT, channels, members and
/// each member's account, answers PING and CTCP, and turns traffic into `ChatEvent`s.
public struct IRCSession: Sendable {
    /// The capabilities the agent asks for when offered. Not `echo-message`: a bot has no use
    /// for its own lines coming back, and each one would cost a wake-up, a read and a parse.
    public static let wantedCapabilities: Set<String> = [
        "sasl", "message-tags", "server-time", "account-tag", "extended-join", "account-notify", "multi-prefix",
        "away-notify", "chghost", "batch", "cap-notify", "userhost-in-names",
    ]

    let settings: IRCSessionSettings
    /// The server's ISUPPORT announcements.
    public internal(set) var support = ISupport()
    /// Our nick right now.
    public internal(set) var nick: String
    /// True once 001 has arrived.
    public internal(set) var isRegistered = false
    /// Capabilities the server offered (name → value).
    public internal(set) var offeredCapabilities: [String: String] = [:]
    /// Capabilities in force.
    public internal(set) var enabledCapabilities: Set<String> = []
    /// The account we are logged in as, once services say so.
    public internal(set) var ownAccount: String?

    var channels: [ChannelName: ChannelState] = [:]
    var users: [Nickname: UserState] = [:]
    var capabilityNegotiationOpen = false
    var saslState = SASLState.idle
    var nickAttempt = 0
    /// Marks the replies to our own WHOX queries.
    let whoxToken = "152"
    var pendingCapabilityReplies = 0
    /// Every capability the agent has asked for; an ACK enables only these.
    var requestedCapabilities: Set<String> = []
    var finishedWelcome = false
    /// The case mapping last given to the runtime with `.connected`.
    var announcedCaseMapping: CaseMapping?

    /// Creates a session that has sent nothing yet.
    public init(settings: IRCSessionSettings) {
        self.settings = settings
        self.nick = settings.nick
    }

    var caseMapping: CaseMapping { support.caseMapping }
    func nickKey(_ nick: String) -> Nickname { caseMapping.nick(nick) }
    func channelKey(_ channel: String) -> ChannelName { caseMapping.channel(channel) }
    /// The network's case mapping, for the runtime.
    var nickFolding: NickFolding { NickFolding { [caseMapping] in caseMapping.lowercased($0) } }
    func isOwnNick(_ other: String) -> Bool { caseMapping.equal(other, nick) }

    /// What the session knows about the person using `nick`: identified (to which account), not
    /// identified, or unknown (not seen in a shared channel, or no authoritative source yet).
    public func lookUp(nick: String) -> NickLookup {
        guard let user = users[nickKey(nick)], user.accountKnown else { return .unknown }
        return user.account.map { .identified(account: $0) } ?? .notIdentified
    }

    /// Keys every tracked nick and channel again after the server announced a different case
    /// mapping, so lookups keep finding them.
    mutating func refoldNames() {
        users = Dictionary(users.values.map { (nickKey($0.nick), $0) }, uniquingKeysWith: { _, latest in latest })
        channels = Dictionary(
            channels.values.map { channel in
                var copy = channel
                copy.members = Dictionary(
                    channel.members.values.map { (nickKey($0.nick), $0) }, uniquingKeysWith: { _, latest in latest })
                return (channelKey(channel.name), copy)
            }, uniquingKeysWith: { _, latest in latest })
    }

    /// The lines that open a connection: `CAP LS 302` first, then PASS, NICK and USER.
    public mutating func start() -> [SessionAction] {
        capabilityNegotiationOpen = true
        var actions: [SessionAction] = [send(.cap, "LS", "302")]
        if let password = settings.serverPassword { actions.append(send(.pass, password)) }
        actions.append(send(.nick, settings.nick))
        actions.append(send(.user, settings.user, "0", "*", settings.realName))
        return actions
    }

    /// The channels joined right now, as the server spells them.
    public var joinedChannels: [String] { channels.values.map(\.name).sorted() }

    /// Members of a channel (nicks as spelled), empty when not joined.
    public func members(of channel: String) -> [String] {
        channels[channelKey(channel)]?.members.values.map(\.nick).sorted() ?? []
    }

    /// The prefix modes (`o`, `v`) a member holds in a channel.
    public func modes(of nick: String, in channel: String) -> Set<Character> {
        channels[channelKey(channel)]?.members[nickKey(nick)]?.modes ?? []
    }

    /// The account the network vouches for for `nick`, if known.
    public func account(of nick: String) -> String? {
        if case .identified(let account) = lookUp(nick: nick) { return account }
        return nil
    }

    /// Handles one message from the server.
    public mutating func receive(_ message: Message) -> [SessionAction] {
        switch message.command {
        case .ping:
            return [
                .send(
                    Message(command: .pong, parameters: message.parameters.isEmpty ? [""] : [message.parameters[0]]),
                    .urgent, .session)
            ]
        case .pong:
            return [.pongReceived(token: message.parameters.last ?? "")]
        case .cap: return receiveCapability(message)
        case .authenticate: return receiveAuthenticate(message)
        case .numeric(.RPL_LOGGEDIN):
            ownAccount = message[parameter: 2]
            return []
        case .numeric(.RPL_LOGGEDOUT):
            ownAccount = nil
            return []
        case .numeric(.RPL_SASLSUCCESS), .numeric(.ERR_SASLFAIL), .numeric(.ERR_SASLTOOLONG),
            .numeric(.ERR_SASLABORTED),
            .numeric(.ERR_SASLALREADY), .numeric(.ERR_NICKLOCKED), .numeric(.RPL_SASLMECHS):
            return receiveSASLResult(message)
        case .numeric(.RPL_WELCOME): return receiveWelcome(message)
        case .numeric(.RPL_ENDOFMOTD), .numeric(.ERR_NOMOTD): return receiveEndOfMOTD()
        case .numeric(.RPL_ISUPPORT):
            let before = caseMapping
            support.apply(message)
            if caseMapping != before { refoldNames() }
            return []
        case .numeric(.ERR_NICKNAMEINUSE), .numeric(.ERR_ERRONEUSNICKNAME), .numeric(.ERR_NICKCOLLISION),
            .numeric(.ERR_UNAVAILRESOURCE):
            return receiveNickRefused(message)
        case .error:
            return [.disconnect(reason: "server said: \(message.parameters.last ?? "ERROR")")]
        case .privmsg, .notice: return receiveText(message)
        case .join: return receiveJoin(message)
        case .part: return receivePart(message)
        case .kick: return receiveKick(message)
        case .quit: return receiveQuit(message)
        case .nick: return receiveNick(message)
        case .account: return receiveAccount(message)
        case .chghost: return receiveChangedHost(message)
        case .mode: return receiveMode(message)
        case .invite: return receiveInvite(message)
        case .numeric(.RPL_NAMREPLY): return receiveNames(message)
        case .numeric(.RPL_MONOFFLINE):  // a monitored nick (our preferred one) is free
            let freed = (message.parameters.last ?? "").split(separator: ",").map {
                String($0.split(separator: "!")[0])
            }
            return freed.contains { caseMapping.equal($0, settings.nick) } ? (regainNick().map { [$0] } ?? []) : []
        case .numeric(.RPL_WHOSPCRPL): return receiveWhox(message)
        case .numeric(.RPL_CHANNELMODEIS): return receiveChannelModes(message)
        default: return []
        }
    }

    private mutating func receiveWelcome(_ message: Message) -> [SessionAction] {
        if let assigned = message[parameter: 0] { nick = assigned }
        isRegistered = true
        capabilityNegotiationOpen = false
        var actions: [SessionAction] = [
            .registered, .emit(.connected(network: settings.network, nick: nick, folding: nickFolding)),
        ]
        announcedCaseMapping = caseMapping
        if let password = settings.nickServPassword, ownAccount == nil,
            !enabledCapabilities.contains("sasl") || saslState != .succeeded
        {
            actions.append(
                .send(
                    Message(
                        command: .privmsg,
                        parameters: ["NickServ", "IDENTIFY \(settings.sasl?.account ?? settings.nick) \(password)"]),
                    .urgent, .session))
        }
        actions += joinConfiguredChannels()
        return actions
    }

    /// After the MOTD, ISUPPORT is complete: set the bot mode and watch our preferred nick.
    private mutating func receiveEndOfMOTD() -> [SessionAction] {
        guard isRegistered, !finishedWelcome else { return [] }
        finishedWelcome = true
        var actions: [SessionAction] = []
        // ISUPPORT arrives after 001: tell the runtime again if CASEMAPPING changed the rules.
        if announcedCaseMapping != caseMapping {
            announcedCaseMapping = caseMapping
            actions.append(.emit(.connected(network: settings.network, nick: nick, folding: nickFolding)))
        }
        // Mark ourselves as a bot where the server supports it (the user mode named by ISUPPORT BOT).
        if let mode = support["BOT"], !mode.isEmpty {
            actions.append(.send(Message(command: .mode, parameters: [nick, "+\(mode)"]), .urgent, .session))
        }
        // Watch the configured nick while someone else holds it, to take it back when it frees up.
        if wantsPreferredNick, support["MONITOR"] != nil {
            actions.append(.send(Message(command: .monitor, parameters: ["+", settings.nick]), .urgent, .session))
        }
        return actions
    }

    /// JOIN lines for every configured channel, keyed channels first (keys line up with names).
    func joinConfiguredChannels() -> [SessionAction] {
        let sorted = settings.channels.sorted { ($0.key != nil ? 0 : 1) < ($1.key != nil ? 0 : 1) }
        var actions: [SessionAction] = []
        var names: [String] = []
        var keys: [String] = []
        var length = 0
        func flush() {
            guard !names.isEmpty else { return }
            var parameters = [names.joined(separator: ",")]
            if !keys.isEmpty { parameters.append(keys.joined(separator: ",")) }
            actions.append(.send(Message(command: .join, parameters: parameters), .urgent, .session))
            names = []
            keys = []
            length = 0
        }
        for channel in sorted {
            if length + channel.name.utf8.count + (channel.key?.utf8.count ?? 0) > 300 { flush() }
            names.append(channel.name)
            if let key = channel.key { keys.append(key) }
            length += channel.name.utf8.count + (channel.key?.utf8.count ?? 0) + 2
        }
        flush()
        return actions
    }

    private mutating func receiveNickRefused(_ message: Message) -> [SessionAction] {
        guard !isRegistered else { return [] }  // a later NICK attempt (regaining) failed: keep ours
        nickAttempt += 1
        let candidates = settings.alternativeNicks
        let next: String
        if nickAttempt <= candidates.count {
            next = candidates[nickAttempt - 1]
        } else {
            let base = String(settings.nick.prefix(max(1, min(support.nickLength, 30) - 3)))
            next = base + String(nickAttempt - candidates.count)
        }
        nick = next
        return [send(.nick, next)]
    }

    /// A NICK line to take back the configured nick, when we are registered under another.
    public func regainNick() -> SessionAction? {
        guard isRegistered, !caseMapping.equal(nick, settings.nick) else { return nil }
        return .send(Message(command: .nick, parameters: [settings.nick]), .urgent, .session)
    }

    /// Whether we are not using the configured nick.
    public var wantsPreferredNick: Bool { isRegistered && !caseMapping.equal(nick, settings.nick) }

    /// The JOIN for one configured channel (used to rejoin after a KICK).
    public func rejoin(_ channel: String) -> SessionAction? {
        guard let configured = settings.channels.first(where: { caseMapping.equal($0.name, channel) }) else {
            return nil
        }
        var parameters = [configured.name]
        if let key = configured.key { parameters.append(key) }
        return .send(Message(command: .join, parameters: parameters), .urgent, .session)
    }

    func send(_ command: IRCCommand, _ parameters: String...) -> SessionAction {
        .send(Message(command: command, parameters: parameters), .urgent, .session)
    }
}
