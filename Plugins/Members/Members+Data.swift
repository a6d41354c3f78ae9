import AgentCore
import Community
import Foundation
import PluginSupport
import Synchronization

extension Members {
    /// `!mydata`: a private one-time link to everything the community holds about the member.
    var myDataCommand: Command {
        Command(
            "mydata",
            summary: "Get a private one-time link to everything this community keeps about you."
                .zh("获取一个私密的一次性链接，查看社区保存的关于你的全部数据。"),
            examples: [
                Example(
                    "!mydata",
                    matches:
                        "Your data: http://127\\.0\\.0\\.1:9464/me/data/[a-z0-9]{32} — valid for an hour, works once\\..*",
                    privately: true)
            ]
        ) { call in
            let identity = try call.member()
            guard let base = settings.dataLinkBase else {
                throw UserError(
                    call.text(
                        Self.messages, "data.off",
                        ["command": .text("community-agent members export \(identity.account)")]))
            }
            let token = try await members.makeDataLink(for: identity, at: call.time)
            call.log.notice("data link made", metadata: ["member": "\(identity)"])
            let lines = [call.text(Self.messages, "data.link", ["url": .text("\(base)/me/data/\(token)")])]
            return call.conversation.isPrivate
                ? .lines(lines) : .privately(lines, pointer: call.text(Self.messages, "data.linkSent"))
        }
    }

    /// `!forgetme` then `!forgetme confirm`: deletes the member, keeping only what the ledger
    /// and safety require, without their name.
    var forgetMeCommand: Command {
        let confirm = Parameter("confirm", .choice(["confirm"], aliases: ["确认": "confirm"])).optional
        return Command(
            "forgetme",
            summary:
                "Delete everything this community keeps about you: !forgetme says what, !forgetme confirm does it."
                .zh("删除社区保存的关于你的全部数据：!forgetme 说明会删除什么，!forgetme confirm 执行删除。"),
            parameters: [confirm],
            examples: [
                Example(
                    "!forgetme",
                    replies:
                        "This deletes your profile, subscriptions (access you paid for ends too), activity, event answers and history, and unlinks your accounts. Orders and payments and moderation cases stay, without your name. To go ahead, send !forgetme confirm within 5 minutes.",
                    privately: true)
            ]
        ) { call in
            let identity = try call.member()
            let command = MessageArgument.text(call.prefix + "forgetme confirm")
            func answer(_ line: String) -> Reply {
                call.conversation.isPrivate
                    ? .text(line) : .privately([line], pointer: call.text(Self.messages, "forget.sentPrivately"))
            }
            guard try call[confirm] != nil else {
                forgetRequests.ask(identity, at: call.time)
                return answer(call.text(Self.messages, "forget.ask", ["command": command]))
            }
            guard forgetRequests.take(identity, at: call.time) else {
                throw UserError(
                    call.text(Self.messages, "forget.noRequest", ["command": .text(call.prefix + "forgetme")]))
            }
            guard let report = try await members.forget(identity, at: call.time) else {
                return answer(call.text(Self.messages, "forget.nothing"))
            }
            call.log.notice(
                "member forgotten at their request",
                metadata: [
                    "pseudonym": report.pseudonym, "removed": "\(report.removed.values.reduce(0, +))",
                    "kept": report.kept.map { "\($0.what): \($0.rows)" }.joined(separator: ", "),
                ])
            var text = call.text(
                Self.messages, "forget.done", ["count": .number(report.removed.values.reduce(0, +))])
            for kept in report.kept {
                text += call.text(Self.messages, "forget.kept.\(kept.why.rawValue)", ["count": .number(kept.rows)])
            }
            return answer(text)
        }
    }
}

/// Members who asked `!forgetme` and may confirm within five minutes.
final class ForgetRequests: Sendable {
    private let asked = Mutex<[Identity: Date]>([:])

    func ask(_ identity: Identity, at now: Date) {
        asked.withLock { $0[identity] = now }
    }

    /// Whether `identity` asked within the last five minutes; the request is used up.
    func take(_ identity: Identity, at now: Date) -> Bool {
        asked.withLock { asked in
            defer { asked[identity] = nil }
            guard let when = asked[identity] else { return false }
            return now.timeIntervalSince(when) <= 300
        }
    }
}
