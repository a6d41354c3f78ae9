import AgentCore
import Community

extension Courses {
    var coursesCommand: Command {
        let words = Parameter("tag|level|words", .word).zeroOrMore
        return Command(
            "courses", summary: "List published courses, best matches first.".zh("列出已发布的课程，最匹配的排在前面。"),
            parameters: [words],
            examples: [
                Example("!courses swift", replies: "3 courses match \"swift\":"),
                Example("!courses 并发", replies: "1 course matches \"并发\":"),
                Example("!courses", replies: "13 courses:", privately: true),
            ]
        ) { call in
            let query = try call[words].joined(separator: " ")
            let found = try await catalog.search(query)
            guard !found.isEmpty || !query.isEmpty else {
                throw UserError(
                    call.role >= .owner
                        ? "No course is published yet. Import a catalog from the shell (community-agent catalog import FILE), then publish drafts with \(call.prefix)course publish <course>."
                        : "No course is published yet; check back soon.")
            }
            guard !found.isEmpty else {
                throw UserError(
                    "No course matches \"\(query)\". Try a tag such as swift or rust, or a level: beginner, intermediate, advanced."
                )
            }
            let lines = found.map(Self.listingLine)
            let header =
                query.isEmpty
                ? "\(found.count) courses:"
                : "\(found.count) course\(found.count == 1 ? " matches" : "s match") \"\(query)\":"
            // In a channel, the router keeps the first lines there and sends the rest privately.
            return .lines([header] + Self.capped(lines, at: settings.privateLines, prefix: call.prefix))
        }
    }

    /// `slug  title  level  price`, columns padded by display width so CJK titles line up.
    static func listingLine(_ course: Course) -> String {
        DisplayWidth.fit(course.slug, to: 24) + " " + DisplayWidth.fit(course.title, to: 34) + " "
            + DisplayWidth.fit(course.level.rawValue, to: 12) + " " + course.price.description
    }

    static func capped(_ lines: [String], at limit: Int, prefix: String) -> [String] {
        guard lines.count > limit else { return lines }
        return Array(lines.prefix(limit)) + [
            "…\(lines.count - limit) more; narrow it down, e.g. \(prefix)courses swift beginner"
        ]
    }
}
