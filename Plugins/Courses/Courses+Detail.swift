import AgentCore
import Community
import Foundation
import PluginSupport

extension Courses {
    var courseCommand: Command {
        let shown = Parameter("course", .course(in: catalog, .publishedUnlessOwner))
        let any = Parameter("course", .course(in: catalog, .any))
        return Command(
            "course",
            summary: "Show one course in detail (owners: publish or archive it).".zh("查看一门课程的详情（管理员还可以发布或下架）。"),
            forms: [
                .main(
                    summary: "Show one course in detail.".zh("查看一门课程的详情。"), parameters: [shown],
                    examples: [
                        Example(
                            "!course swift-basics",
                            replies: "Swift Basics (swift-basics) — beginner, free, by Ada Chen")
                    ]
                ) { call in
                    let course = try call[shown]
                    if let account = call.speaker.account {
                        try await members.record(
                            .view, of: Identity(network: call.speaker.network, account: account), course: course.slug,
                            at: call.time)
                    }
                    return .lines(Self.detail(course, prefix: call.prefix, in: call.language))
                },
                .subcommand(
                    "publish",
                    summary: "Publish a course so members can find and subscribe to it.".zh("发布课程，让成员可以找到并订阅。"),
                    minimumRole: .owner, parameters: [any],
                    examples: [Example("!course publish irc-bots-swift", replies: "irc-bots-swift is now published.")]
                ) { call in
                    try await setStatus(of: try call[any], to: .published, call)
                },
                .subcommand(
                    "archive",
                    summary: "Withdraw a course: hidden from listings, no new subscriptions.".zh(
                        "下架课程：不再出现在列表里，也不能再订阅。"),
                    minimumRole: .owner, parameters: [any],
                    examples: [Example("!course archive irc-bots-swift", replies: "irc-bots-swift is now archived.")]
                ) { call in
                    try await setStatus(of: try call[any], to: .archived, call)
                },
            ])
    }

    private func setStatus(of course: Course, to status: CourseStatus, _ call: Invocation) async throws -> Reply {
        try await catalog.setStatus(course.slug, status, at: call.time)
        call.log.notice("course status changed", metadata: ["course": course.slug, "status": status.rawValue])
        return .text(
            call.text(
                Self.messages, "status.changed",
                ["course": .text(course.slug), "status": .text(call.text(Self.messages, "status.\(status.rawValue)"))]))
    }

    static func detail(_ course: Course, prefix: String, in language: Language = .en) -> [String] {
        let say = { (key: String, arguments: [String: MessageArgument]) in messages.text(key, arguments, in: language) }
        var facts = [level(course.level, in: language), price(course.price, in: language)]
        if !course.price.isFree || course.accessDays != nil {
            facts.append(
                course.accessDays.map { say("detail.days", ["days": .number($0)]) } ?? say("detail.unlimited", [:]))
        }
        if !course.instructor.isEmpty { facts.append(say("detail.by", ["instructor": .text(course.instructor)])) }
        if course.status != .published { facts.append("[\(say("status.\(course.status.rawValue)", [:]))]") }
        let separator = language == .zh ? "，" : ", "
        var lines = [
            say(
                "detail.heading",
                [
                    "title": .text(course.title), "slug": .text(course.slug),
                    "facts": .text(facts.joined(separator: separator)),
                ])
        ]
        if !course.summary.isEmpty { lines.append(course.summary) }
        if !course.description.isEmpty, course.description != course.summary { lines.append(course.description) }
        let tags = course.tags.isEmpty ? "" : say("detail.tags", ["tags": .list(course.tags)])
        lines.append(tags + say("detail.subscribe", ["command": .text("\(prefix)subscribe \(course.slug)")]))
        return lines
    }
}
