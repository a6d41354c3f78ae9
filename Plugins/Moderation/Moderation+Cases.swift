import AgentCore
import Community
import Foundation
import PluginSupport

extension Moderation {
    var caseCommand: Command {
        let number = Parameter("case", .integer(in: 1...Int(Int32.max)))
        return Command(
            "case", summary: "One case with its history (sent privately).".zh("查看一个案件及其历史（私聊发送）。"),
            minimumRole: .moderator, parameters: [number],
            examples: [Example("!case 999", replies: "There is no case 999.")]
        ) { call in
            let id = try call[number]
            guard let record = try await moderation.moderationCase(id) else {
                throw UserError(call.text(Self.messages, "case.none", ["id": .number(id)]))
            }
            var lines = [describe(record, call)]
            for edit in try await moderation.edits(of: id) {
                lines.append(
                    call.text(
                        Self.messages, "case.edit",
                        [
                            "editor": .text(edit.editor), "old": .quoted(edit.previousReason),
                            "when": .text(
                                TimeTexts.moment(
                                    edit.at, in: settings.timeZone, language: call.language, now: call.time)),
                        ]))
            }
            if let appeal = try await moderation.appeal(of: id) {
                lines.append(
                    call.text(
                        Self.messages, "case.appeal",
                        [
                            "status": .text(call.text(Self.messages, "appeal.status.\(appeal.status.rawValue)")),
                            "text": .quoted(appeal.text),
                        ]))
            }
            return privately(lines, call)
        }
    }

    var casesCommand: Command {
        let who = Parameter("nick|account", .word)
        let count = Parameter("n", .integer(in: 1...50)).optional
        return Command(
            "cases", summary: "A member's cases, newest first (sent privately).".zh("查看某成员的案件，最新的在前（私聊发送）。"),
            minimumRole: .moderator, parameters: [who, count],
            examples: [Example("!cases nobody", replies: "No cases about nobody.", privately: true)]
        ) { call in
            let word = try call[who]
            let lookup = await call.outlet.lookUp(nick: word, on: call.speaker.network)
            var found = try await moderation.cases(
                network: call.speaker.network, account: nil, nick: word, limit: try call[count] ?? 10)
            if case .identified(let account) = lookup {
                found = try await moderation.cases(
                    network: call.speaker.network, account: account, nick: nil, limit: try call[count] ?? 10)
            } else if found.isEmpty {
                found = try await moderation.cases(
                    network: call.speaker.network, account: word, nick: nil, limit: try call[count] ?? 10)
            }
            guard !found.isEmpty else {
                return privately([call.text(Self.messages, "cases.none", ["who": .text(word)])], call)
            }
            return privately(found.map { describe($0, call) }, call)
        }
    }

    var modlogCommand: Command {
        let count = Parameter("n", .integer(in: 1...50)).optional
        return Command(
            "modlog", summary: "The latest cases (sent privately).".zh("最近的案件（私聊发送）。"),
            minimumRole: .moderator, parameters: [count],
            examples: [Example("!modlog 5", matches: #"#\d+ \w+ example-member .+"#, privately: true)]
        ) { call in
            let recent = try await moderation.recent(limit: try call[count] ?? 10)
            let appeals = try await moderation.openAppeals()
            var lines = recent.map { describe($0, call) }
            if lines.isEmpty { lines = [call.text(Self.messages, "modlog.none")] }
            if !appeals.isEmpty {
                lines.append(
                    call.text(
                        Self.messages, "modlog.appeals",
                        [
                            "cases": .text(appeals.map { "#\($0.caseID)" }.joined(separator: " ")),
                            "prefix": .text(call.prefix),
                        ]))
            }
            return privately(lines, call)
        }
    }

    var reasonCommand: Command {
        let number = Parameter("case", .integer(in: 1...Int(Int32.max)))
        let text = Parameter.text("text")
        return Command(
            "reason",
            summary: "Change a case's reason (the old one is kept in its history).".zh(
                "修改案件的理由（旧理由保留在历史中）。"),
            minimumRole: .moderator, parameters: [number, text],
            examples: [Example("!reason 999 spam", replies: "There is no case 999.").zh("!reason 999 刷屏")]
        ) { call in
            let id = try call[number]
            do {
                let record = try await moderation.editReason(
                    id, to: try call[text], by: Self.actor(call), at: call.time)
                return .text(
                    call.text(Self.messages, "reason.done", ["id": .number(record.id), "reason": .text(record.reason)]))
            } catch ModerationError.noSuchCase {
                throw UserError(call.text(Self.messages, "case.none", ["id": .number(id)]))
            }
        }
    }

    var appealCommand: Command {
        let number = Parameter("case", .integer(in: 1...Int(Int32.max)))
        let text = Parameter.text("text")
        let note = Parameter.optionalText("note")
        return Command(
            "appeal",
            summary: "Appeal one of your own cases, once; moderators accept or reject.".zh(
                "对自己的案件申诉一次；由版主接受或驳回。"),
            forms: [
                .main(
                    summary: "Appeal your own case: say why.".zh("对自己的案件申诉：说明理由。"),
                    parameters: [number, text],
                    examples: [
                        Example("!appeal 999 it was a joke", replies: "There is no case 999.", by: .member).zh(
                            "!appeal 999 我只是开个玩笑")
                    ]
                ) { call in
                    let identity = try call.member()
                    let id = try call[number]
                    do {
                        _ = try await moderation.appeal(id, by: identity, text: try call[text], at: call.time)
                    } catch let error as ModerationError {
                        throw UserError(words(error, call))
                    }
                    log.info("appeal filed", metadata: ["case": "\(id)", "by": "\(identity)"])
                    return .text(call.text(Self.messages, "appeal.filed", ["id": .number(id)]))
                },
                .subcommand(
                    "accept",
                    summary: "Accept an appeal: the action is lifted and the member told.".zh(
                        "接受申诉：解除处罚并通知成员。"),
                    minimumRole: .moderator, parameters: [number, note],
                    examples: [Example("!appeal accept 999", replies: "Case 999 has no open appeal.")]
                ) { call in try await decide(try call[number], accept: true, note: try call[note], call) },
                .subcommand(
                    "reject", summary: "Reject an appeal; the member is told.".zh("驳回申诉，并通知成员。"),
                    minimumRole: .moderator, parameters: [number, note],
                    examples: [Example("!appeal reject 999", replies: "Case 999 has no open appeal.")]
                ) { call in try await decide(try call[number], accept: false, note: try call[note], call) },
            ])
    }

    private func decide(_ id: Int, accept: Bool, note: String, _ call: Invocation) async throws -> Reply {
        let note = note.trimmingCharacters(in: .whitespaces)
        let appeal: Appeal
        do {
            appeal = try await moderation.decide(
                id, accept: accept, by: Self.actor(call), note: note.isEmpty ? nil : note, at: call.time)
        } catch let error as ModerationError {
            throw UserError(words(error, call))
        }
        var waiting = false
        if accept, let record = try await moderation.moderationCase(id), record.state == .active {
            waiting = !(try await lift(record, by: "appeal", outlet: call.outlet, at: call.time, log: call.log))
        }
        let profile = try? await members.profile(of: appeal.member)
        let language = profile?.language.flatMap { Language(code: $0) } ?? settings.language
        let told = Self.messages.text(
            accept ? "appeal.acceptedMember" : "appeal.rejectedMember",
            ["id": .number(id), "note": .text(note.isEmpty ? "—" : note)], in: language)
        try await notices.notify(appeal.member, told, at: call.time, outlet: call.outlet, log: log)
        call.log.info("appeal decided", metadata: ["case": "\(id)", "accepted": accept ? "yes" : "no"])
        let reply = call.text(Self.messages, accept ? "appeal.accepted" : "appeal.rejected", ["id": .number(id)])
        guard waiting, let channel = try await moderation.moderationCase(id)?.channel else { return .text(reply) }
        return .lines([reply, call.text(Self.messages, "lift.waiting", ["channel": .text(channel)])])
    }

    /// Words for a refused change to the record.
    func words(_ error: ModerationError, _ call: Invocation) -> String {
        switch error {
        case .noSuchCase(let id): call.text(Self.messages, "case.none", ["id": .number(id)])
        case .alreadyAppealed(let id): call.text(Self.messages, "appeal.again", ["id": .number(id)])
        case .notYourCase(let id): call.text(Self.messages, "appeal.notYours", ["id": .number(id)])
        case .noOpenAppeal(let id): call.text(Self.messages, "appeal.noneOpen", ["id": .number(id)])
        case .notAppealable(let id): call.text(Self.messages, "appeal.notAppealable", ["id": .number(id)])
        }
    }

    /// Lines sent privately; in a channel, with a one-line pointer there.
    func privately(_ lines: [String], _ call: Invocation) -> Reply {
        call.conversation.isPrivate
            ? .lines(lines) : .privately(lines, pointer: call.text(Self.messages, "sentPrivately"))
    }

    /// "#12 mute alice (member1) in #community by mod, 10m until …: reason [lifted by expiry at …]".
    func describe(_ record: ModerationCase, _ call: Invocation) -> String {
        func moment(_ date: Date) -> String {
            TimeTexts.moment(date, in: settings.timeZone, language: call.language, now: call.time)
        }
        let target =
            record.targetAccount.map { account in
                account == record.targetNick
                    ? record.targetNick
                    : call.text(
                        Self.messages, "log.target", ["nick": .text(record.targetNick), "account": .text(account)])
            } ?? record.targetNick
        let channel = record.channel.map { call.text(Self.messages, "log.channel", ["channel": .text($0)]) } ?? ""
        var parts = [
            call.text(
                Self.messages, "log.line",
                [
                    "id": .number(record.id), "kind": .text(call.text(Self.messages, "kind.\(record.kind.rawValue)")),
                    "target": .text(target), "channel": .text(channel), "actor": .text(record.actor),
                    "at": .text(moment(record.createdAt)),
                ])
        ]
        if let duration = record.duration {
            parts.append(MessageCatalog.format(.duration(.seconds(duration)), in: call.language))
        }
        parts.append(record.reason)
        if let rule = record.rule { parts.append("[\(rule)]") }
        switch record.state {
        case .active:
            parts.append(
                record.expiresAt.map { call.text(Self.messages, "state.activeUntil", ["until": .text(moment($0))]) }
                    ?? call.text(Self.messages, "state.active"))
        case .lifted:
            parts.append(
                call.text(
                    Self.messages, "state.lifted",
                    ["by": .text(liftedBy(record.liftedBy, call)), "at": .text(record.liftedAt.map(moment) ?? "?")]))
        case .failed:
            parts.append(call.text(Self.messages, "state.failed", ["problem": .text(record.failure ?? "?")]))
        case .done:
            break
        }
        return parts.joined(separator: " · ")
    }

    /// What lifted a case, as recorded (`case 6`, `expiry`, `appeal`, a moderator's name), in
    /// the reader's language.
    private func liftedBy(_ recorded: String?, _ call: Invocation) -> String {
        guard let recorded else { return "?" }
        if recorded.hasPrefix("case "), let id = Int(recorded.dropFirst(5)) {
            return call.text(Self.messages, "liftedBy.case", ["id": .number(id)])
        }
        if recorded == "expiry" || recorded == "appeal" { return call.text(Self.messages, "liftedBy.\(recorded)") }
        return recorded
    }
}
