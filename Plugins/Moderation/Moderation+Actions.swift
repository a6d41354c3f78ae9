import AgentCore
import Community
import Foundation
import PluginSupport

/// Who a moderation command is about, as the network shows them now.
struct ModerationTarget {
    var nick: String
    var account: String?
    var userHost: String?
    /// Their entry in the channel, when they are in it.
    var person: ChannelFacts.Person?

    /// The target as a person the mechanics can mask: as seen in the channel, else from what is
    /// known of them (a host, an account); nil when nothing is.
    var asPerson: ChannelFacts.Person? {
        if let person { return person }
        guard userHost != nil || account != nil else { return nil }
        return ChannelFacts.Person(nick: nick, userHost: userHost, account: account, modes: [])
    }

    init(nick: String, account: String? = nil, userHost: String? = nil, person: ChannelFacts.Person? = nil) {
        self.nick = nick
        self.account = account
        self.userHost = userHost
        self.person = person
    }
}

/// Where and by whom a moderation action is taken, and how the moderator is answered.
struct ActionContext {
    var network: String
    var channel: String
    /// The moderator's account, or `automod`.
    var actor: String
    var outlet: any Outlet
    var now: Date
    /// The language of the replies.
    var language: Language
    /// The command prefix, for hints.
    var prefix: String
    /// The zone dates are shown in.
    var timeZone: TimeZone

    /// One of the plugin's texts in the replies' language.
    func say(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        Moderation.messages.text(key, arguments, in: language, timeZone: timeZone)
    }
}

extension Moderation {
    var warnCommand: Command {
        let nick = Parameter("nick", .nick)
        let reason = Parameter.text("reason")
        return Command(
            "warn",
            summary: "Warn a member (a case; the escalation ladder may add a mute or ban).".zh(
                "警告成员（记录为案件；按升级规则可能附加禁言或封禁）。"),
            minimumRole: .moderator, place: .anywhere, parameters: [nick, reason],
            examples: [
                Example(
                    "!warn example-member please keep it friendly",
                    replies: "Case 1: warned example-member in #test: please keep it friendly."
                ).zh("!warn example-member 请友善交流")
            ]
        ) { call in
            let channel = try channel(of: call)
            let target = await resolve(try call[nick], in: channel, call)
            return .lines(
                try await act(
                    .warn, on: target, duration: nil, reason: try call[reason], rule: nil, context(call, channel)))
        }
    }

    var muteCommand: Command {
        let nick = Parameter("nick", .nick)
        let duration = Parameter("duration", .moderationDuration).optional
        let reason = Parameter.optionalText("reason")
        return Command(
            "mute",
            summary: "Mute a member in this channel, for a time (10m, 2h, 1d, permanent) or until !unmute.".zh(
                "在本频道禁言成员，可限定时长（10m、2h、1d、永久），或直到 !unmute。"),
            minimumRole: .moderator, parameters: [nick, duration, reason],
            examples: [
                Example(
                    "!mute example-member 10m flooding",
                    matches: #"Case \d+: muted example-member in #test for 10m \(until .+\): flooding\."#
                ).zh("!mute example-member 10m 刷屏")
            ]
        ) { call in
            let channel = try channel(of: call)
            let (seconds, reason) = (try call[duration]?.seconds, reasonOrDefault(try call[reason], call))
            let target = await resolve(try call[nick], in: channel, call)
            return .lines(
                try await act(.mute, on: target, duration: seconds, reason: reason, rule: nil, context(call, channel)))
        }
    }

    var banCommand: Command {
        let target = Parameter("nick|mask", .word)
        let duration = Parameter("duration", .moderationDuration).optional
        let reason = Parameter.optionalText("reason")
        return Command(
            "ban",
            summary:
                "Ban a member (by account where the network allows, else by host) or a mask, for a time or for ever."
                .zh(
                    "封禁成员（网络支持时按账号，否则按主机）或掩码，可限定时长或永久。"),
            minimumRole: .moderator, parameters: [target, duration, reason],
            examples: [
                Example(
                    "!ban example-member 1d spam links",
                    matches: #"Case \d+: banned example-member from #test for 1d \(until .+\): spam links\."#
                ).zh("!ban example-member 1d 发垃圾链接")
            ]
        ) { call in
            let channel = try channel(of: call)
            let (seconds, reason) = (try call[duration]?.seconds, reasonOrDefault(try call[reason], call))
            let word = try call[target]
            if Self.isMask(word) {
                return .lines(
                    try await act(
                        .ban, on: ModerationTarget(nick: word), mask: word, duration: seconds, reason: reason,
                        rule: nil, context(call, channel)))
            }
            let resolved = await resolve(word: word, in: channel, call)
            return .lines(
                try await act(.ban, on: resolved, duration: seconds, reason: reason, rule: nil, context(call, channel))
            )
        }
    }

    var unmuteCommand: Command {
        let nick = Parameter("nick", .nick)
        return Command(
            "unmute", summary: "Lift a member's mute in this channel now.".zh("立即解除成员在本频道的禁言。"),
            minimumRole: .moderator, parameters: [nick],
            examples: [Example("!unmute example-member", matches: #"Case \d+: unmuted example-member in #test\."#)]
        ) { call in
            let channel = try channel(of: call)
            let target = await resolve(try call[nick], in: channel, call)
            return .lines(try await undo(.mute, target: target, mask: nil, context(call, channel)))
        }
    }

    var unbanCommand: Command {
        let target = Parameter("nick|mask", .word)
        return Command(
            "unban", summary: "Lift a ban now (by nick or by the mask that was set).".zh("立即解除封禁（按昵称或所设的掩码）。"),
            minimumRole: .moderator, parameters: [target],
            examples: [Example("!unban example-member", matches: #"Case \d+: unbanned example-member from #test\."#)]
        ) { call in
            let channel = try channel(of: call)
            let word = try call[target]
            if Self.isMask(word) {
                return .lines(
                    try await undo(.ban, target: ModerationTarget(nick: word), mask: word, context(call, channel)))
            }
            let resolved = await resolve(word: word, in: channel, call)
            return .lines(try await undo(.ban, target: resolved, mask: nil, context(call, channel)))
        }
    }

    var kickCommand: Command {
        let nick = Parameter("nick", .nick)
        let reason = Parameter.optionalText("reason")
        return Command(
            "kick", summary: "Remove a member from this channel (they can come back).".zh("将成员移出本频道（可以再回来）。"),
            minimumRole: .moderator, parameters: [nick, reason],
            examples: [
                Example(
                    "!kick example-member cool off", matches: #"Case \d+: kicked example-member from #test: cool off\."#
                ).zh("!kick example-member 先冷静一下")
            ]
        ) { call in
            let channel = try channel(of: call)
            let target = await resolve(try call[nick], in: channel, call)
            let reason = try call[reason].trimmingCharacters(in: .whitespaces)
            return .lines(
                try await act(
                    .kick, on: target, duration: nil,
                    reason: reason.isEmpty ? call.text(Self.messages, "noReason") : reason, rule: nil,
                    context(call, channel)))
        }
    }

    var noteCommand: Command {
        let nick = Parameter("nick", .nick)
        let text = Parameter.text("text")
        return Command(
            "note",
            summary: "Add a note about a member to the case log (only moderators see it).".zh(
                "为成员添加备注（仅版主可见）。"),
            minimumRole: .moderator, parameters: [nick, text],
            examples: [
                Example(
                    "!note example-member asked about refunds twice",
                    matches: #"Case \d+: note on example-member kept\."#, privately: true
                ).zh("!note example-member 两次询问退款")
            ]
        ) { call in
            let channel =
                call.conversation.isPrivate
                ? settings.defaultChannels[IdentityKey.network(call.speaker.network)] : call.conversation.name
            let target = await resolve(try call[nick], in: channel ?? "", call)
            let opened = try await moderation.open(
                draft(
                    .note, target, channel: channel, reason: try call[text], actor: Self.actor(call),
                    network: call.speaker.network), at: call.time)
            let line = call.text(Self.messages, "note.done", ["id": .number(opened.id), "nick": .text(target.nick)])
            return call.conversation.isPrivate ? .text(line) : .privately([line])
        }
    }

    // MARK: Acting

    /// Who `argument` is: the account the network vouches for, and their host in the channel.
    func resolve(_ argument: NickArgument, in channel: String, _ call: Invocation) async -> ModerationTarget {
        await resolve(nick: argument.nick, account: argument.account, in: channel, call)
    }

    /// Who a typed nick is, asking the network for their account (for commands that also take masks).
    func resolve(word: String, in channel: String, _ call: Invocation) async -> ModerationTarget {
        var account: String?
        if case .identified(let known) = await call.outlet.lookUp(nick: word, on: call.speaker.network) {
            account = known
        }
        return await resolve(nick: word, account: account, in: channel, call)
    }

    /// Who `nick` is in `channel`: the account the network vouches for, and their host.
    func resolve(nick: String, account: String?, in channel: String, _ call: Invocation) async -> ModerationTarget {
        let facts = await call.outlet.channelFacts(channel, on: call.speaker.network)
        let person = facts?.person(nick)
        return ModerationTarget(
            nick: person?.nick ?? nick, account: account ?? person?.account, userHost: person?.userHost, person: person)
    }

    func draft(
        _ kind: ModerationCase.Kind, _ target: ModerationTarget, channel: String?, reason: String, actor: String,
        network: String
    ) -> ModerationService.Draft {
        ModerationService.Draft(
            kind, network: network, channel: channel, targetNick: target.nick, targetAccount: target.account,
            targetHost: target.userHost, actor: actor, reason: reason)
    }
}
