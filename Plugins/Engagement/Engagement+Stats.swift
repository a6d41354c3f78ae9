import AgentCore
import Community
import Foundation

extension Engagement {
    var statsCommand: Command {
        let period = Parameter("7d|30d", .choice(["7d", "30d"], aliases: ["7天": "7d", "30天": "30d"])).optional
        return Command(
            "stats",
            summary: "The community's activity and the nudges' results (moderators).".zh("社区活跃统计和活跃提醒的效果（版主）。"),
            forms: [
                .main(
                    summary: "Active members, messages and commands per day, top courses, members cooling down.".zh(
                        "每天的活跃成员、发言和命令数，热门课程，正在降温的成员。"),
                    minimumRole: .moderator, parameters: [period],
                    examples: [
                        Example("!stats", matches: #"Last 7 days: \d+ active members? [▁▂▃▄▅▆▇█]{7}; .+"#),
                        Example("!stats 30d", matches: #"Last 30 days: \d+ active members? [▁▂▃▄▅▆▇█]{30}; .+"#),
                    ]
                ) { call in
                    let days = try call[period] == "30d" ? 30 : 7
                    return .lines(try await statsLines(days: days, call))
                },
                .subcommand(
                    "nudges",
                    summary: "Nudges sent in 30 days, members who came back within 7 days, opt-outs.".zh(
                        "近 30 天发出的活跃提醒、7 天内回来的成员、关闭提醒的人数。"),
                    minimumRole: .moderator,
                    examples: [Example("!stats nudges", matches: #"Nudges in the last 30 days: \d+ sent, .+"#)]
                ) { call in
                    let stats = try await engagement.nudgeStats(since: call.time.addingTimeInterval(-30 * 86_400))
                    let rate =
                        stats.sent == 0 ? "–" : "\(Int((Double(stats.returned) / Double(stats.sent) * 100).rounded()))%"
                    return .text(
                        call.text(
                            Self.messages, "stats.nudges",
                            [
                                "sent": .number(stats.sent), "returned": .number(stats.returned), "rate": .text(rate),
                                "optedOut": .number(stats.optedOut), "absent": .number(stats.absent),
                            ]))
                },
                .subcommand(
                    "recs",
                    summary: "Recommendations shown in 30 days and how many converted, by reason.".zh(
                        "近 30 天展示的推荐及转化情况（按推荐理由）。"),
                    minimumRole: .moderator,
                    examples: [
                        Example(
                            "!stats recs",
                            matches:
                                #"(Recommendations in the last 30 days: \d+ shown, .+|No recommendations were shown in the last 30 days\.|Recommendations are not switched on\.)"#
                        )
                    ]
                ) { call in
                    guard let recommendations else {
                        throw UserError(call.text(Self.messages, "stats.recsOff"))
                    }
                    let outcomes = try await recommendations.outcomes(since: call.time.addingTimeInterval(-30 * 86_400))
                    guard !outcomes.isEmpty else { return .text(call.text(Self.messages, "stats.recsNone")) }
                    let shown = outcomes.reduce(0) { $0 + $1.impressions }
                    let converted = outcomes.reduce(0) { $0 + $1.conversions }
                    let parts = outcomes.map { outcome in
                        call.text(
                            Self.messages, "stats.recsKind",
                            [
                                "kind": .text(call.text(Self.messages, "recsKind.\(outcome.reason.rawValue)")),
                                "shown": .number(outcome.impressions), "converted": .number(outcome.conversions),
                                "rate": .text(Self.percent(outcome.conversions, of: outcome.impressions)),
                            ])
                    }
                    return .text(
                        call.text(
                            Self.messages, "stats.recs",
                            [
                                "shown": .number(shown), "converted": .number(converted),
                                "rate": .text(Self.percent(converted, of: shown)),
                                "kinds": .list(parts),
                            ]))
                },
            ])
    }

    /// `42%`, or `–` of nothing.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : "\(Int((Double(part) / Double(whole) * 100).rounded()))%"
    }

    private func statsLines(days: Int, _ call: Invocation) async throws -> [String] {
        try await recorder.flush()
        let stats = try await engagement.stats(days: days, at: call.time)
        var lines = [
            call.text(
                Self.messages, "stats.header",
                [
                    "days": .number(days), "active": .number(stats.activeInPeriod),
                    "activeSpark": .text(Sparkline.render(stats.activeMembers.map(Double.init))),
                    "messages": .number(stats.messages.reduce(0, +)),
                    "messageSpark": .text(Sparkline.render(stats.messages.map(Double.init))),
                    "commands": .number(stats.commands.reduce(0, +)),
                    "commandSpark": .text(Sparkline.render(stats.commands.map(Double.init))),
                ])
        ]
        let courseList = { (ranked: [(course: String, count: Int)]) in
            MessageArgument.list(
                ranked.prefix(5).map {
                    call.text(
                        Self.messages, "stats.courseCount", ["course": .text($0.course), "count": .number($0.count)])
                })
        }
        if stats.topViewed.isEmpty, stats.topSubscribed.isEmpty {
            lines.append(call.text(Self.messages, "stats.noCourses"))
        } else {
            if !stats.topViewed.isEmpty {
                lines.append(call.text(Self.messages, "stats.topViewed", ["courses": courseList(stats.topViewed)]))
            }
            if !stats.topSubscribed.isEmpty {
                lines.append(
                    call.text(Self.messages, "stats.topSubscribed", ["courses": courseList(stats.topSubscribed)]))
            }
        }
        var names: [String] = []
        for member in stats.cooling.prefix(10) { names.append(try await engagement.displayName(of: member)) }
        let shown =
            names.isEmpty
            ? "" : (call.language == .zh ? "：" : ": ") + MessageCatalog.format(.list(names), in: call.language)
        lines.append(
            call.text(Self.messages, "stats.cooling", ["count": .number(stats.cooling.count), "names": .text(shown)]))
        return lines
    }

    var leaderboardCommand: Command {
        let period = Parameter("7d|30d|all", .choice(["7d", "30d", "all"], aliases: ["全部": "all"])).optional
        return Command(
            "leaderboard",
            summary: "Learning points: completed courses and thanks received, not message counts.".zh(
                "学习积分排行：按学完的课程和收到的感谢计分，不看发言条数。"),
            parameters: [period],
            examples: [Example("!leaderboard", replies: "Learning points, last 30 days:")]
        ) { call in
            let chosen = try call[period] ?? "30d"
            let since: Date? =
                switch chosen {
                case "7d": call.time.addingTimeInterval(-7 * 86_400)
                case "all": nil
                default: call.time.addingTimeInterval(-30 * 86_400)
                }
            let periodText = call.text(Self.messages, "period.\(chosen)")
            let board = try await engagement.leaderboard(since: since, points: settings.points)
            guard !board.isEmpty else {
                throw UserError(
                    call.text(
                        Self.messages, "leaderboard.empty",
                        ["period": .text(periodText), "command": .text(call.prefix + "done")]))
            }
            var lines = [call.text(Self.messages, "leaderboard.header", ["period": .text(periodText)])]
            for (rank, entry) in board.enumerated() {
                lines.append(
                    call.text(
                        Self.messages, "leaderboard.line",
                        [
                            "rank": .number(rank + 1),
                            "name": .text(try await engagement.displayName(of: entry.member)),
                            "points": .number(entry.points),
                        ]))
            }
            return .lines(lines)
        }
    }
}
