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
                        ? call.text(
                            Self.messages, "list.empty.owner", ["command": .text(call.prefix + "course publish")])
                        : call.text(Self.messages, "list.empty"))
            }
            let quoted = MessageArgument.quoted(query)
            guard !found.isEmpty else { throw UserError(call.text(Self.messages, "list.noMatch", ["query": quoted])) }
            let lines = found.map { Self.listingLine($0, in: call.language) }
            let header =
                query.isEmpty
                ? call.text(Self.messages, "list.all", ["count": .number(found.count)])
                : call.text(Self.messages, "list.matches", ["count": .number(found.count), "query": quoted])
            // In a channel, the router keeps the first lines there and sends the rest privately.
            return .lines([header] + Self.capped(lines, at: settings.privateLines, call))
        }
    }

    /// `slug  title  level  price`, columns padded by display width so CJK titles line up.
    static func listingLine(_ course: Course, in language: Language = .en) -> String {
        DisplayWidth.fit(course.slug, to: 24) + " " + DisplayWidth.fit(course.title, to: 34) + " "
            + DisplayWidth.fit(level(course.level, in: language), to: 12) + " " + price(course.price, in: language)
    }

    static func capped(_ lines: [String], at limit: Int, _ call: Invocation) -> [String] {
        guard lines.count > limit else { return lines }
        return Array(lines.prefix(limit)) + [
            call.text(
                messages, "list.more",
                ["count": .number(lines.count - limit), "command": .text(call.prefix + "courses")])
        ]
    }
}
