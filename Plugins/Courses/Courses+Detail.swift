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
                    return .lines(Self.detail(course, prefix: call.prefix))
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
        return .text("\(course.slug) is now \(status.rawValue).")
    }

    static func detail(_ course: Course, prefix: String) -> [String] {
        var facts = [course.level.rawValue, course.price.description]
        if !course.price.isFree || course.accessDays != nil {
            facts.append(course.accessDays.map { "\($0) days of access" } ?? "unlimited access")
        }
        if !course.instructor.isEmpty { facts.append("by \(course.instructor)") }
        if course.status != .published { facts.append("[\(course.status.rawValue)]") }
        var lines = ["\(course.title) (\(course.slug)) — \(facts.joined(separator: ", "))"]
        if !course.summary.isEmpty { lines.append(course.summary) }
        if !course.description.isEmpty, course.description != course.summary { lines.append(course.description) }
        let tags = course.tags.isEmpty ? "" : "Tags: \(course.tags.joined(separator: ", ")). "
        lines.append("\(tags)Subscribe with \(prefix)subscribe \(course.slug)")
        return lines
    }
}
