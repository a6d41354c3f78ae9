import AgentCore
import Community
import Foundation
import PluginSupport

extension Engagement {
    var activityCommand: Command {
        let nick = Parameter("nick", .nick).optional
        return Command(
            "activity",
            summary: "Your activity: where you are, the last 30 days, what moved it this week (moderators: anyone's)."
                .zh(
                    "查看你的活跃度：当前数值、近 30 天走势和本周的变化来源（版主可以查看任何人）。"),
            parameters: [nick],
            examples: [
                Example(
                    "!activity",
                    matches:
                        #"Your activity: \d+\.\d \((active|cooling down|quiet); 5\.0 is the line\)\. Last 30 days: [▁▂▃▄▅▆▇█]{30}\. This week: .+\."#
                ),
                Example(
                    "!activity example-member",
                    matches:
                        #"example-member's activity: \d+\.\d \(.+\)\. Last 30 days: [▁▂▃▄▅▆▇█]{30}\. This week: .+\."#
                ),
            ]
        ) { call in
            guard let target = try call[nick] else {
                return .text(try await describe(try call.member(), name: nil, call))
            }
            guard call.role >= .moderator else {
                throw Self.refusal(call.prefix + "activity <nick>", needs: .moderator, call)
            }
            guard let account = target.account else {
                throw UserError(call.text(Self.messages, "activity.notIdentified", ["nick": .text(target.nick)]))
            }
            return .text(
                try await describe(Identity(network: call.speaker.network, account: account), name: target.nick, call))
        }
    }

    /// "Sorry, !x is for moderators." for a part of a command that needs a role.
    static func refusal(_ name: String, needs role: Role, _ call: Invocation) -> UserError {
        UserError(
            CoreMessages.text(
                "router.refusal",
                ["command": .text(name), "role": .text(CoreMessages.rolePlural(role, in: call.language))],
                in: call.language))
    }

    private func describe(_ identity: Identity, name: String?, _ call: Invocation) async throws -> String {
        try await recorder.flush()
        let member = try await members.member(of: identity)
        let state = try await engagement.activity(of: member)
        let model = engagement.model
        let now = call.time
        let a = state.activity(at: now, model: model)
        let stateKey =
            a >= model.threshold
            ? "state.active"
            : state.isCooling(at: now, lookback: engagement.lookback, model: model) ? "state.cooling" : "state.quiet"
        let daily = try await engagement.dailyActivity(of: member, days: 30, at: now)
        let week = try await engagement.recentInteractions(of: member, since: now.addingTimeInterval(-7 * 86_400))
        let moved = Self.movedText(week, call)
        var arguments: [String: MessageArgument] = [
            "a": .text(String(format: "%.1f", a)), "state": .text(call.text(Self.messages, stateKey)),
            "threshold": .text(String(format: "%.1f", model.threshold)),
            "spark": .text(Sparkline.render(daily, ceiling: model.alpha)), "moved": .text(moved),
        ]
        if let name { arguments["name"] = .text(name) }
        return call.text(Self.messages, name == nil ? "activity.self" : "activity.other", arguments)
    }

    /// "2 course views, 1 subscription", biggest weight first.
    static func movedText(_ counts: [InteractionKind: Int], _ call: Invocation) -> String {
        let order: [InteractionKind] = [
            .complete, .subscribe, .redeem, .rsvp, .view, .mention, .thanks, .command, .message, .cancel,
        ]
        let parts = order.compactMap { kind -> String? in
            guard let count = counts[kind], count > 0 else { return nil }
            return call.text(messages, "kind.\(kind.rawValue)", ["count": .number(count)])
        }
        guard !parts.isEmpty else { return call.text(messages, "moved.nothing") }
        return MessageCatalog.format(.list(parts), in: call.language)
    }
}

/// Values drawn as one line of block characters (▁▂▃▄▅▆▇█).
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One block per value, scaled from 0 to `ceiling` (the largest value when nil).
    static func render(_ values: [Double], ceiling: Double? = nil) -> String {
        let top = ceiling ?? values.max() ?? 0
        return String(
            values.map { value in
                guard top > 0 else { return blocks[0] }
                let step = Int((min(max(value, 0), top) / top * Double(blocks.count - 1)).rounded())
                return blocks[step]
            })
    }
}
