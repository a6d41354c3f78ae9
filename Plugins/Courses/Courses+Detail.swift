import AgentCore
import Community
import Foundation

extension Courses {
    var courseCommand: Command {
        Command(
            "course", usage: "<slug> | publish <slug> | archive <slug>",
            summary: "Show one course in detail (owners: publish or archive it).",
            examples: [Example("!course swift-basics"), Example("!course publish irc-bots-swift")]
        ) { call in
            let first = try call.arguments.required(0, "slug").lowercased()
            if ["publish", "archive", "unpublish"].contains(first), call.arguments.count >= 2 {
                guard call.role >= .owner else {
                    throw UserError("Sorry, publishing and archiving courses is for owners.")
                }
                let slug = try call.arguments.required(1, "slug").lowercased()
                try call.arguments.expectAtMost(2)
                let status: CourseStatus = first == "publish" ? .published : first == "archive" ? .archived : .draft
                guard try await catalog.setStatus(slug, status, at: call.time) else {
                    throw try await Self.unknownCourse(slug, catalog: catalog, prefix: call.prefix)
                }
                call.log.notice("course status changed", metadata: ["course": slug, "status": status.rawValue])
                return .text("\(slug) is now \(status.rawValue).")
            }
            try call.arguments.expectAtMost(1)
            guard let course = try await catalog.course(first), course.status == .published || call.role >= .owner
            else {
                throw try await Self.unknownCourse(first, catalog: catalog, prefix: call.prefix)
            }
            if let account = call.speaker.account {
                try await members.record(
                    MemberID(network: call.speaker.network, account: account), .view, course: course.slug, at: call.time
                )
            }
            return .lines(Self.detail(course, prefix: call.prefix))
        }
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
