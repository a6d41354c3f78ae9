public import AgentCore
public import Community

/// Which courses a course parameter accepts.
public enum CourseVisibility: Sendable, Hashable {
    /// Only published courses.
    case published
    /// Published courses, and for owners also drafts and archived ones.
    case publishedUnlessOwner
    /// Every course in the catalog.
    case any
}

extension ParameterKind where Value == Course {
    /// A course slug, read case-insensitively and checked against the catalog; an unknown slug
    /// gets "There is no course …" with the closest slugs suggested.
    public static func course(in catalog: CatalogStore, _ visibility: CourseVisibility) -> ParameterKind<Course> {
        ParameterKind(expected: "a course slug such as swift-basics".zh("课程代号，例如 swift-basics")) {
            word, context throws(ArgumentProblem) in
            let slug = word.lowercased()
            let showsAll = visibility == .any || (visibility == .publishedUnlessOwner && context.role >= .owner)
            do {
                let found = try await catalog.course(slug)
                if let course = found, showsAll || course.status == .published {
                    return course
                }
                if let course = found {
                    throw ArgumentProblem.notFound(
                        UnknownCourse.unavailable(course, prefix: context.prefix, language: context.language))
                }
                let candidates =
                    showsAll ? try await catalog.slugs() : try await catalog.courses(status: .published).map(\.slug)
                throw ArgumentProblem.notFound(
                    UnknownCourse.message(
                        slug, candidates: candidates, prefix: context.prefix, language: context.language))
            } catch let problem as ArgumentProblem {
                throw problem
            } catch {
                throw .unavailable(reason: "\(error)")
            }
        }
    }
}

/// The one wording of "there is no such course", shared by every plugin.
public enum UnknownCourse {
    /// `There is no course "swfit". Did you mean swift-basics?` (or a pointer to `!courses`);
    /// never suggests the slug itself.
    public static func message(
        _ slug: String, candidates: [String], prefix: String, language: Language = .en
    ) -> String {
        let close = Suggestions.closest(to: slug, among: candidates.filter { $0 != slug }, limit: 2)
        let arguments: [String: MessageArgument] = [
            "course": .quoted(slug), "command": .text(prefix + "courses"),
            "suggestions": .text(close.joined(separator: language == .zh ? " 或 " : " or ")),
        ]
        return messages.text(close.isEmpty ? "unknown.see" : "unknown.hint", arguments, in: language)
    }

    /// The texts of this helper, in English and Chinese.
    public static let messages = MessageCatalog([
        "unknown.see": [
            .en: "There is no course {course}. See {command}.", .zh: "没有 {course} 这门课程。发送 {command} 查看所有课程。",
        ],
        "unknown.hint": [
            .en: "There is no course {course}. Did you mean {suggestions}?",
            .zh: "没有 {course} 这门课程。你是想找 {suggestions} 吗？",
        ],
        "unavailable.draft": [
            .en: "{course} is not available yet. See {command} for what is.", .zh: "{course} 还未开放。发送 {command} 查看现有课程。",
        ],
        "unavailable.withdrawn": [
            .en: "{course} is no longer offered. See {command} for what is.", .zh: "{course} 已下架。发送 {command} 查看现有课程。",
        ],
    ])

    /// What a member is told about a course that exists but is not offered to them: a draft is
    /// "not available yet", an archived course "no longer offered".
    public static func unavailable(_ course: Course, prefix: String, language: Language = .en) -> String {
        let key = course.status == .draft ? "unavailable.draft" : "unavailable.withdrawn"
        return messages.text(key, ["course": .text(course.slug), "command": .text(prefix + "courses")], in: language)
    }
}
