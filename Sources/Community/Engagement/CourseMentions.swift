import Foundation
import Synchronization

/// Finds the courses a chat line names, by slug (as a whole word) or by title (anywhere, case
/// folded; Chinese titles included). Holds the catalog's names in memory; `update` replaces them.
public final class CourseMentions: Sendable {
    private let names = Mutex<[(slug: String, title: String)]>([])

    /// An empty matcher (it names nothing until `update`).
    public init() {}

    /// Uses the slugs and titles of `courses` (only published ones are matched).
    public func update(_ courses: [Course]) {
        let published = courses.filter { $0.status == .published }.map { course in
            (slug: course.slug.lowercased(), title: course.title.lowercased())
        }
        names.withLock { $0 = published }
    }

    /// The slugs of the courses `text` names, each once, in catalog order.
    public func courses(in text: String) -> [String] {
        let folded = text.lowercased()
        return names.withLock { names in
            names.filter { name in
                Self.containsWord(name.slug, in: folded)
                    || (name.title.count >= 4 && folded.contains(name.title))
            }.map(\.slug)
        }
    }

    private static func containsWord(_ word: String, in text: String) -> Bool {
        var searchStart = text.startIndex
        while let found = text.range(of: word, range: searchStart..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let isPart = { (character: Character?) in
                character.map { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" } ?? false
            }
            if !isPart(before), !isPart(after) { return true }
            searchStart = found.upperBound
        }
        return false
    }
}
