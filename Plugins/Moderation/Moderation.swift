public import AgentCore
public import Community
public import Foundation
public import PluginSupport

/// Moderation: warnings, timed mutes and bans lifted by the scheduler, kicks, notes, a numbered
/// case log with edit history, appeals, an escalation ladder, and automatic moderation of
/// floods, repeats, mass highlights, banned words and links from newcomers.
public struct Moderation: Plugin {
    public static let id = "moderation"

    /// The plugin's settings (`plugins.moderation` in the configuration).
    public struct Settings: Sendable {
        /// What each offence within the window leads to (`ladder`, `ladder_window_days`).
        public var ladder = EscalationLadder()
        /// Automatic moderation by channel (lower case), `*` for every other channel.
        public var automod: [String: AutomodRules] = [:]
        /// Members with this role or above are never acted on by automod (`exempt_role`).
        public var exemptRole: Role = .moderator
        /// Nicks automod never acts on besides the agent's own (services bots).
        public var servicesNicks: Set<String> = [
            "nickserv", "chanserv", "memoserv", "operserv", "botserv", "hostserv", "saslserv", "global",
        ]
        /// The channel private commands act in, by network (`default_channel`).
        public var defaultChannels: [String: String] = [:]
        /// Ask ChanServ for operator status when the agent lacks it (`chanserv_op`).
        public var askChanServForOp = false
        /// The community's language and zone, for members who chose none.
        public var language: Language = .en
        public var timeZone: TimeZone = .gmt

        /// The defaults of the issue.
        public init() {}
    }

    let moderation: ModerationService
    let members: MemberDirectory
    let notices: MemberNotices
    let settings: Settings
    let clock: any AgentClock
    let roleOf: @Sendable (_ network: String, _ account: String) -> Role
    let automod: AutomodState
    let presence = NetworkPresence()
    let log: Logger
    public let planner: JobPlanner?

    /// Creates the plugin; `roleOf` tells the role of an account (moderators are never muted,
    /// banned, or matched by a host mask).
    public init(
        moderation: ModerationService, notices: MemberNotices, settings: Settings = Settings(),
        roleOf: @escaping @Sendable (_ network: String, _ account: String) -> Role,
        clock: any AgentClock = SystemClock(),
        log: Logger = .disabled
    ) {
        self.moderation = moderation
        self.members = moderation.members
        self.notices = notices
        self.settings = settings
        self.roleOf = roleOf
        self.clock = clock
        self.automod = AutomodState()
        self.log = log.child(Self.id)
        self.planner = JobPlanner()
    }

    public var commands: [Command] {
        warnCommand
        muteCommand
        unmuteCommand
        kickCommand
        banCommand
        unbanCommand
        noteCommand
        caseCommand
        casesCommand
        reasonCommand
        modlogCommand
        appealCommand
    }

    public var listeners: [Listener] {
        [
            Listener("moderation.watch") { event, outlet in
                presence.observe(event)
                try await watch(event, outlet: outlet)
            }
        ]
    }

    public var jobs: [Job] {
        [
            Job(oneOff: LiftJob.kind) { context in try await runLift(context) },
            // A safety net: anything due that has no planned lift (planned before an upgrade, or
            // whose lift failed) is lifted within a minute.
            Job("moderation.expire", schedule: .every(seconds: 60)) { context in
                for due in try await moderation.due(at: context.now) {
                    try await lift(due, by: "expiry", outlet: context.outlet, at: context.now, log: context.log)
                }
            },
        ]
    }

    /// The channel a command acts in: where it was typed, else the network's default channel.
    func channel(of call: Invocation) throws(UserError) -> String {
        if !call.conversation.isPrivate { return call.conversation.name }
        if let channel = settings.defaultChannels[IdentityKey.network(call.speaker.network)] { return channel }
        throw UserError(call.text(Self.messages, "where", ["prefix": .text(call.prefix)]))
    }

    /// Who the actor is in the log: their account.
    static func actor(_ call: Invocation) -> String { call.speaker.account ?? call.speaker.nick }

    /// Whether an account on `network` is a moderator or owner.
    func isModerator(_ network: String, _ account: String?) -> Bool {
        guard let account else { return false }
        return roleOf(network, account) >= .moderator
    }
}

/// One planned lift of a timed mute or ban.
struct LiftJob {
    static let kind = "moderation.lift"

    static func key(_ id: Int) -> String { "case-\(id)" }
}
