public import Foundation

/// The catalog file format (JSON5) used by `catalog import` and `catalog export`.
///
/// ```json5
/// { courses: [ { slug: "swift-concurrency", title: "…", summary: "…", description: "…",
///                tags: ["swift", "concurrency"], level: "intermediate", price: 19900, currency: "CNY",
///                access_days: 365, instructor: "…", status: "published" } ] }
/// ```
/// `price` is in minor units (19900 = 199.00); 0 is free. `access_days` absent = unlimited.
public enum CatalogFile {
    /// A problem with one entry (or the file), with where it is.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// `courses[3].price`, or "" for the file as a whole.
        public let path: String
        public let message: String

        /// `path: message`.
        public var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    /// Every problem found in one file.
    public struct Problems: Error, Sendable, Hashable, CustomStringConvertible {
        public let problems: [Problem]
        /// Wraps the problems found.
        public init(_ problems: [Problem]) { self.problems = problems }
        /// One problem per line.
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }

    struct Entry: Codable {
        var slug: String
        var title: String
        var summary: String?
        var description: String?
        var tags: [String]?
        var level: String?
        var price: Int?
        var currency: String?
        var access_days: Int?
        var instructor: String?
        var status: String?
    }

    struct Document: Codable {
        var courses: [Entry]
    }

    /// Reads and checks a catalog file; returns the courses or every problem found.
    /// `access_days` may be at most `maximumAccessDays`.
    public static func parse(
        _ data: Data, now: Date = Date(), maximumAccessDays: Int = 3650
    ) -> Result<[Course], Problems> {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        let document: Document
        do {
            document = try decoder.decode(Document.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            return .failure(Problems([Problem(path: path(context.codingPath + [key]), message: "missing")]))
        } catch let DecodingError.typeMismatch(type, context) {
            return .failure(Problems([Problem(path: path(context.codingPath), message: "expected \(describe(type))")]))
        } catch let DecodingError.valueNotFound(type, context) {
            return .failure(
                Problems([Problem(path: path(context.codingPath), message: "expected \(describe(type)), found null")]))
        } catch let DecodingError.dataCorrupted(context) {
            let detail =
                (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
                ?? context.debugDescription
            return .failure(Problems([Problem(path: path(context.codingPath), message: "not valid JSON5: \(detail)")]))
        } catch {
            return .failure(Problems([Problem(path: "", message: "\(error)")]))
        }
        var problems: [Problem] = []
        var courses: [Course] = []
        var seen = Set<String>()
        for (index, entry) in document.courses.enumerated() {
            let at = "courses[\(index)]"
            var ok = true
            func problem(_ field: String, _ message: String) {
                problems.append(Problem(path: "\(at).\(field)", message: message))
                ok = false
            }
            let slug = entry.slug.lowercased()
            if !Course.isValidSlug(slug) {
                problem("slug", "\"\(entry.slug)\" is not a slug (2–64 lower-case letters, digits and hyphens)")
            }
            if !seen.insert(slug).inserted { problem("slug", "\"\(slug)\" appears twice in this file") }
            if entry.title.trimmingCharacters(in: .whitespaces).isEmpty { problem("title", "must not be empty") }
            let level = CourseLevel(rawValue: (entry.level ?? "beginner").lowercased())
            if level == nil { problem("level", "must be beginner, intermediate or advanced") }
            let status = CourseStatus(rawValue: (entry.status ?? "published").lowercased())
            if status == nil { problem("status", "must be draft, published or archived") }
            let price = entry.price ?? 0
            if price < 0 { problem("price", "must be 0 or more (minor units: 4900 = 49.00)") }
            let currency = (entry.currency ?? "CNY").uppercased()
            if currency.count != 3 || !currency.allSatisfy({ ("A"..."Z").contains($0) }) {
                problem("currency", "must be a three-letter ISO code such as CNY or USD")
            }
            if let days = entry.access_days, !(1...maximumAccessDays).contains(days) {
                problem(
                    "access_days", "must be from 1 to \(maximumAccessDays), or left out for unlimited access")
            }
            guard ok, let level, let status else { continue }
            courses.append(
                Course(
                    slug: slug, title: entry.title.trimmingCharacters(in: .whitespaces), summary: entry.summary ?? "",
                    description: entry.description ?? "", tags: (entry.tags ?? []).map { $0.lowercased() },
                    level: level,
                    price: Price(amountMinor: price, currency: currency), accessDays: entry.access_days,
                    instructor: entry.instructor ?? "", status: status, createdAt: now, updatedAt: now))
        }
        return problems.isEmpty ? .success(courses) : .failure(Problems(problems))
    }

    /// The catalog as a file that `parse` reads back to the same courses.
    public static func export(_ courses: [Course]) throws -> Data {
        let document = Document(
            courses: courses.map { course in
                Entry(
                    slug: course.slug, title: course.title, summary: course.summary, description: course.description,
                    tags: course.tags,
                    level: course.level.rawValue, price: course.price.amountMinor, currency: course.price.currency,
                    access_days: course.accessDays, instructor: course.instructor, status: course.status.rawValue)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "a whole number"
        case is [String].Type: return "a list of strings"
        default: return "\(type)"
        }
    }
}
