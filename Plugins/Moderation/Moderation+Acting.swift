import AgentCore
import Community
import Foundation
import PluginSupport

extension Moderation {
    /// The context of a moderator's command in `channel`.
    func context(_ call: Invocation, _ channel: String) -> ActionContext {
        ActionContext(
            network: call.speaker.network, channel: channel, actor: Self.actor(call), outlet: call.outlet,
            now: call.time,
            language: call.language, prefix: call.prefix, timeZone: settings.timeZone)
    }

    /// The reason as typed, or "no reason given".
    func reasonOrDefault(_ text: String, _ call: Invocation) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? call.text(Self.messages, "noReason") : trimmed
    }

    /// Whether a word is a ban mask rather than a nick (`*!*@host`, `R:alice`, `$a:alice`).
    static func isMask(_ word: String) -> Bool {
        word.contains("!") || word.contains("@") || word.contains(":") || word.contains("*")
    }

    /// Takes one action: refuses what must never be done, records the case, makes the change on
    /// the network (or records why it could not), plans the lift of a timed one, tells the
    /// member, and — for a warning — climbs the escalation ladder. Returns the moderator's reply.
    func act(
        _ kind: ModerationCase.Kind, on target: ModerationTarget, mask: String? = nil, duration: TimeInterval?,
        reason: String, rule: String?, _ context: ActionContext
    ) async throws -> [String] {
        let facts = await context.outlet.channelFacts(context.channel, on: context.network)
        if let facts, target.nick.lowercased() == facts.ownNick.lowercased(), mask == nil {
            throw UserError(context.say("refuse.self"))
        }
        if isModerator(context.network, target.account), kind != .note {
            throw UserError(context.say("refuse.moderator", ["nick": .text(target.nick)]))
        }
        var draft = ModerationService.Draft(
            kind, network: context.network, channel: context.channel, targetNick: target.nick,
            targetAccount: target.account, targetHost: target.userHost, actor: context.actor, reason: reason)
        draft.duration = kind == .mute || kind == .ban ? duration : nil
        draft.rule = rule
        // Plan the change before recording, so a refused mask is refused without a case.
        var change: ModerationMechanics.Change?
        var problem: String?
        if kind == .mute || kind == .ban {
            guard let facts else {
                problem = context.say("problem.notInChannel", ["channel": .text(context.channel)])
                return try await record(draft, change: nil, problem: problem, target: target, context)
            }
            let mechanics = ModerationMechanics(facts: facts) { isModerator(context.network, $0) }
            do {
                if let mask {
                    change = try mechanics.ban(mask: mask)
                } else if let person = target.asPerson {
                    change = kind == .mute ? try mechanics.mute(person) : try mechanics.ban(person)
                } else {
                    throw ModerationMechanics.Refusal.noMask
                }
            } catch let refusal as ModerationMechanics.Refusal {
                switch refusal {
                case .wouldMatch(let who):
                    throw UserError(
                        context.say(
                            "refuse.mask",
                            ["who": .text(who ?? context.say("who.me")), "prefix": .text(context.prefix)]))
                case .notOperator: problem = context.say("problem.notOperator", ["channel": .text(context.channel)])
                case .cannotMute: problem = context.say("problem.cannotMute", ["channel": .text(context.channel)])
                case .noMask: problem = context.say("problem.noMask", ["nick": .text(target.nick)])
                }
            }
        }
        if kind == .kick, let facts, !facts.agentIsOperator {
            problem = context.say("problem.notOperator", ["channel": .text(context.channel)])
        }
        return try await record(draft, change: change, problem: problem, target: target, context)
    }

    /// Records the case and carries it out as far as possible.
    private func record(
        _ draft: ModerationService.Draft, change: ModerationMechanics.Change?, problem: String?,
        target: ModerationTarget, _ context: ActionContext
    ) async throws -> [String] {
        let opened = try await moderation.open(draft, at: context.now)
        if let problem {
            try await moderation.recordFailure(opened.id, problem)
            if settings.askChanServForOp {
                await context.outlet.perform(
                    .say(.privateChat(with: "ChanServ", on: context.network), "OP \(context.channel)"),
                    on: context.network)
            }
            log.warning(
                "moderation action not carried out", metadata: ["case": "\(opened.id)", "problem": problem])
            return [context.say("case.failed", ["id": .number(opened.id), "problem": .text(problem)])]
        }
        switch draft.kind {
        case .mute, .ban:
            if let change {
                await context.outlet.perform(
                    .mode(channel: context.channel, modes: change.mode, arguments: [change.argument]),
                    on: context.network)
                try await moderation.recordApplied(opened.id, change.text)
                try await supersede(by: opened, change: change, target: target, context)
            }
            if draft.kind == .ban, target.person != nil {
                await context.outlet.perform(
                    .kick(channel: context.channel, nick: target.nick, reason: draft.reason), on: context.network)
            }
            if let expiry = opened.expiresAt {
                try await planner?.scheduleOnce(
                    LiftJob.kind, at: expiry, payload: "\(opened.id)", key: LiftJob.key(opened.id))
            }
        case .kick:
            await context.outlet.perform(
                .kick(channel: context.channel, nick: target.nick, reason: draft.reason), on: context.network)
        default:
            break
        }
        log.info(
            "moderation case", metadata: ["case": "\(opened.id)", "kind": draft.kind.rawValue, "by": draft.actor])
        try await tellMember(opened, context)
        var lines = [caseLine(opened, context)]
        if draft.kind == .warn {
            lines += try await climbLadder(after: opened, target: target, context)
        }
        return lines
    }

    /// A new mute or ban replaces one already in force on the same member in the channel (a
    /// longer or shorter one, or one for ever): the old case is closed as lifted by the new one,
    /// and its mask taken off when it differs.
    private func supersede(
        by newer: ModerationCase, change: ModerationMechanics.Change, target: ModerationTarget, _ context: ActionContext
    ) async throws {
        let older = try await moderation.active(
            newer.kind, network: context.network, channel: context.channel, account: target.account,
            nick: target.account == nil ? target.nick : nil
        ).filter { $0.id != newer.id }
        for record in older {
            if let applied = record.applied, applied != change.text, let old = ModerationMechanics.Change(text: applied)
            {
                let inverse = old.inverse
                await context.outlet.perform(
                    .mode(channel: context.channel, modes: inverse.mode, arguments: [inverse.argument]),
                    on: context.network)
            }
            try await moderation.lift(record.id, by: "case \(newer.id)", at: context.now)
        }
    }

    /// "Case 12: muted alice in #community for 10m (until …): reason."
    func caseLine(_ record: ModerationCase, _ context: ActionContext) -> String {
        var arguments: [String: MessageArgument] = [
            "id": .number(record.id), "nick": .text(record.targetNick), "channel": .text(record.channel ?? ""),
            "reason": .text(record.reason),
        ]
        if let duration = record.duration, let expiry = record.expiresAt {
            arguments["duration"] = .duration(.seconds(duration))
            arguments["until"] = .text(
                TimeTexts.moment(expiry, in: context.timeZone, language: context.language, now: context.now))
            return Self.messages.text("case.\(record.kind.rawValue).timed", arguments, in: context.language)
        }
        return Self.messages.text("case.\(record.kind.rawValue)", arguments, in: context.language)
    }

    /// Tells the member privately what happened and how to appeal (notes are never told).
    func tellMember(_ record: ModerationCase, _ context: ActionContext) async throws {
        guard record.kind != .note, record.kind != .unmute, record.kind != .unban, let account = record.targetAccount
        else { return }
        let identity = Identity(network: record.network, account: account)
        let profile = try? await members.profile(of: identity)
        let language = profile?.language.flatMap { Language(code: $0) } ?? settings.language
        let zone = profile?.timeZone ?? settings.timeZone
        var arguments: [String: MessageArgument] = [
            "id": .number(record.id), "channel": .text(record.channel ?? ""), "reason": .text(record.reason),
            "prefix": .text("!"),
            "action": .text(Self.messages.text("action.\(record.kind.rawValue)", in: language)),
        ]
        var key = "member.told"
        if let expiry = record.expiresAt {
            arguments["until"] = .text(TimeTexts.moment(expiry, in: zone, language: language, now: context.now))
            key = "member.toldTimed"
        }
        if let rule = record.rule {
            arguments["reason"] = .text(
                Self.messages.text(
                    "reason.withRule", ["reason": .text(record.reason), "rule": .text(rule)], in: language))
        }
        try await notices.notify(
            identity, Self.messages.text(key, arguments, in: language), at: context.now, outlet: context.outlet,
            log: log)
    }

    /// After a warning: the step the ladder gives this offence, taken as its own case.
    private func climbLadder(
        after warning: ModerationCase, target: ModerationTarget, _ context: ActionContext
    )
        async throws -> [String]
    {
        let ladder = settings.ladder
        let offences = try await moderation.offences(
            network: context.network, account: target.account, nick: target.nick,
            since: context.now.addingTimeInterval(-ladder.window))
        let step = ladder.step(forOffence: offences)
        let rule = Self.messages.text(
            "ladder.rule",
            [
                "count": .number(offences), "days": .number(Int(ladder.window / 86_400)),
                "step": .text(step.description),
            ],
            in: context.language)
        switch step {
        case .warn:
            return []
        case .mute(let duration):
            return try await act(.mute, on: target, duration: duration, reason: warning.reason, rule: rule, context)
        case .ban(let duration):
            return try await act(.ban, on: target, duration: duration, reason: warning.reason, rule: rule, context)
        }
    }

    // MARK: Lifting

    /// `!unmute`/`!unban`: lifts the active mutes or bans of the target in the channel (or the
    /// typed mask), recorded as a case of its own.
    func undo(
        _ kind: ModerationCase.Kind, target: ModerationTarget, mask: String?, _ context: ActionContext
    )
        async throws -> [String]
    {
        var active = try await moderation.active(
            kind, network: context.network, channel: context.channel, account: target.account, nick: target.nick)
        if let mask {
            active = try await moderation.recent(limit: 500).filter {
                $0.state == .active && $0.kind == kind && $0.applied?.hasSuffix(" " + mask) == true
                    && $0.channel == context.channel
            }
        }
        let undoKind: ModerationCase.Kind = kind == .mute ? .unmute : .unban
        guard !active.isEmpty || mask != nil else {
            throw UserError(
                context.say(
                    kind == .mute ? "undo.notMuted" : "undo.notBanned",
                    ["nick": .text(target.nick), "channel": .text(context.channel)]))
        }
        var draft = ModerationService.Draft(
            undoKind, network: context.network, channel: context.channel, targetNick: target.nick,
            targetAccount: target.account ?? active.first?.targetAccount, targetHost: target.userHost,
            actor: context.actor, reason: context.say("undo.reason"))
        draft.rule = nil
        let opened = try await moderation.open(draft, at: context.now)
        if active.isEmpty, let mask {
            await context.outlet.perform(
                .mode(channel: context.channel, modes: "-b", arguments: [mask]), on: context.network)
        }
        var waiting = false
        for record in active
        where !(try await lift(record, by: "case \(opened.id)", outlet: context.outlet, at: context.now, log: log)) {
            waiting = true
        }
        return [caseLine(opened, context)]
            + (waiting ? [context.say("lift.waiting", ["channel": .text(context.channel)])] : [])
    }

    /// Lifts one active mute or ban on the network and marks it lifted with the actual time; when
    /// the agent cannot (not connected, no operator status) it records why, tries again every
    /// minute, and returns false.
    @discardableResult
    func lift(_ record: ModerationCase, by: String, outlet: any Outlet, at now: Date, log: Logger) async throws -> Bool
    {
        guard record.state == .active else { return true }
        if let applied = record.applied, let change = ModerationMechanics.Change(text: applied),
            let channel = record.channel
        {
            let facts = await outlet.channelFacts(channel, on: record.network)
            guard presence.isOnline(record.network), facts?.agentIsOperator ?? false else {
                try await moderation.noteProblem(record.id, "could not lift yet: not connected or no operator status")
                try await planner?.scheduleOnce(
                    LiftJob.kind, at: now.addingTimeInterval(60), payload: "\(record.id)|\(by)",
                    key: LiftJob.key(record.id) + "-retry-\(Int(now.timeIntervalSince1970))")
                log.notice("lift postponed", metadata: ["case": "\(record.id)"])
                if settings.askChanServForOp, presence.isOnline(record.network) {
                    await outlet.perform(
                        .say(.privateChat(with: "ChanServ", on: record.network), "OP \(channel)"), on: record.network)
                }
                return false
            }
            let inverse = change.inverse
            await outlet.perform(
                .mode(channel: channel, modes: inverse.mode, arguments: [inverse.argument]), on: record.network)
        }
        if try await moderation.lift(record.id, by: by, at: now) {
            log.info("moderation lifted", metadata: ["case": "\(record.id)", "by": by])
        }
        return true
    }

    /// The planned lift of a timed mute or ban (also when it was due while the agent was down).
    func runLift(_ context: JobContext) async throws {
        // `12`, or `12|case 14` for a retry that keeps who asked for the lift.
        let parts = context.payload.split(separator: "|", maxSplits: 1).map(String.init)
        guard let id = parts.first.flatMap({ Int($0) }), let record = try await moderation.moderationCase(id) else {
            return
        }
        try await lift(
            record, by: parts.count > 1 ? parts[1] : "expiry", outlet: context.outlet, at: context.now, log: context.log
        )
    }
}
