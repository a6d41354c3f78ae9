import AgentCore
import Community
import Foundation
import PluginSupport

extension Engagement {
    var thanksCommand: Command {
        let nick = Parameter("nick", .nick)
        let reason = Parameter<String>.optionalText("reason")
        return Command(
            "thanks",
            summary: "Give a learning point to someone who helped you (5 a day).".zh("给帮助过你的人加 1 个学习积分（每天最多 5 次）。"),
            parameters: [nick, reason],
            examples: [
                Example(
                    "!thanks example-member for the async explanation",
                    replies: "example-member gets a learning point from you. Thanks for saying thanks!"
                ).zh("!thanks example-member 谢谢你讲解 async")
            ]
        ) { call in
            let giver = try call.member()
            let target = try call[nick]
            let network = call.speaker.network
            if IdentityKey.account(target.nick) == IdentityKey.account(call.speaker.nick) {
                throw UserError(call.text(Self.messages, "thanks.yourself"))
            }
            let agentNicks = settings.agentNicks[network]?.map(IdentityKey.account) ?? []
            if agentNicks.contains(IdentityKey.account(target.nick))
                || target.account.map({ settings.agentAccounts.contains(Identity(network: network, account: $0)) })
                    == true
            {
                throw UserError(call.text(Self.messages, "thanks.agent"))
            }
            guard let account = target.account else {
                throw UserError(call.text(Self.messages, "thanks.notIdentified", ["nick": .text(target.nick)]))
            }
            let text = try call[reason]
            do {
                try await engagement.thank(
                    Identity(network: network, account: account), from: giver, reason: text.isEmpty ? nil : text,
                    dailyLimit: settings.thanksPerDay, at: call.time)
            } catch let refusal as ThanksRefusal {
                switch refusal {
                case .yourself: throw UserError(call.text(Self.messages, "thanks.yourself"))
                case .alreadyToday:
                    throw UserError(call.text(Self.messages, "thanks.alreadyToday", ["nick": .text(target.nick)]))
                case .dailyLimit(let limit):
                    throw UserError(call.text(Self.messages, "thanks.dailyLimit", ["limit": .number(limit)]))
                }
            }
            call.log.info("thanks given", metadata: ["to": "\(account)@\(network)"])
            return .text(call.text(Self.messages, "thanks.done", ["nick": .text(target.nick)]))
        }
    }

    var doneCommand: Command {
        let course = Parameter("course", .course(in: catalog, .any))
        let forWord = Parameter("for", .choice(["for"], aliases: ["给": "for"])).optional
        let account = Parameter("account", .account).optional
        return Command(
            "done",
            summary: "Mark a course you are subscribed to as completed (owners: for a member).".zh(
                "把你订阅的课程标记为学完（管理员可以替成员标记）。"),
            parameters: [course, forWord, account],
            examples: [
                Example(
                    "!done swift-basics",
                    replies: "Well done! Swift Basics is marked completed — 10 learning points for you."),
                Example(
                    "!done swift-basics for example-member",
                    replies: "Swift Basics is marked completed for example-member."),
            ]
        ) { call in
            let chosen = try call[course]
            let forSomeone = try call[forWord] != nil
            let named = try call[account]
            if forSomeone != (named != nil) {
                throw UserError(
                    CoreMessages.text(
                        "router.usage", ["forms": .text(call.prefix + "done <course> [for <account>]")],
                        in: call.language))
            }
            let identity: Identity
            if let named {
                guard call.role >= .owner else {
                    throw Self.refusal(call.prefix + "done <course> for <account>", needs: .owner, call)
                }
                identity = Identity(network: call.speaker.network, account: named)
            } else {
                identity = try call.member()
                guard !(try await subscriptions.history(of: identity, course: chosen.slug).isEmpty) else {
                    throw UserError(
                        call.text(
                            Self.messages, "done.notSubscribed",
                            ["title": .text(chosen.title), "command": .text(call.prefix + "subscribe " + chosen.slug)]))
                }
            }
            do {
                try await engagement.complete(identity, course: chosen.slug, at: call.time)
            } catch CompletionRefusal.alreadyCompleted(let day) {
                throw UserError(
                    call.text(Self.messages, "done.already", ["title": .text(chosen.title), "day": .day(day)]))
            }
            call.log.info("course completed", metadata: ["member": "\(identity)", "course": chosen.slug])
            if named != nil {
                return .text(
                    call.text(
                        Self.messages, "done.recordedFor",
                        ["title": .text(chosen.title), "account": .text(identity.account)]))
            }
            return .text(
                call.text(
                    Self.messages, "done.recorded",
                    ["title": .text(chosen.title), "points": .number(settings.points.points[.complete] ?? 0)]))
        }
    }
}
