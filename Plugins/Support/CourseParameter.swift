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
                    throw ArgumentProblem.notFound(UnknownCourse.unavailable(course, prefix: context.prefix))
                }
                let candidates =
                    showsAll ? try await catalog.slugs() : try await catalog.courses(status: .published).map(\.slug)
                throw ArgumentProblem.notFound(
                    UnknownCourse.message(slug, candidates: candidates, prefix: context.prefix))
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
    public static func message(_ slug: String, candidates: [String], prefix: String) -> String {
        let close = Suggestions.closest(to: slug, among: candidates.filter { $0 != slug }, limit: 2)
        let hint = close.isEmpty ? " See \(prefix)courses." : " Did you mean \(close.joined(separator: " or "))?"
        return "There is no course \(UserError.quoted(slug)).\(hint)"
    }

    /// What a member is told about a course that exists but is not offered to them: a draft is
    /// "not available yet", an archived course "no longer offered".
    public static func unavailable(_ course: Course, prefix: String) -> String {
        switch course.status {
        case .draft: "\(course.slug) is not available yet. See \(prefix)courses for what is."
        case .archived, .published: "\(course.slug) is no longer offered. See \(prefix)courses for what is."
        }
    }
}
