public import Foundation
public import Storage

/// The course catalog, stored in the `catalog_course` table.
public final class CatalogStore: Sendable {
    let database: Database

    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE catalog_course (
                slug TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                summary TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                tags TEXT NOT NULL DEFAULT '',
                level TEXT NOT NULL,
                price_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                access_days INTEGER,
                instructor TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL
            );
            CREATE INDEX catalog_course_status ON catalog_course (status);
            """)
    ]

    /// Opens the catalog, creating its table when needed.
    public init(database: Database) async throws {
        self.database = database
        try await database.migrate("catalog", Self.migrations)
    }

    /// The course with `slug` (any status), or nil.
    public func course(_ slug: String) async throws -> Course? {
        try await database.first("SELECT * FROM catalog_course WHERE slug = ?", [.text(slug.lowercased())]).map(
            Self.course(from:))
    }

    /// Every course, or only those with `status`, ordered by title.
    public func courses(status: CourseStatus? = nil) async throws -> [Course] {
        if let status {
            return try await database.query(
                "SELECT * FROM catalog_course WHERE status = ? ORDER BY title", [.text(status.rawValue)]
            )
            .map { try Self.course(from: $0) }
        }
        return try await database.query("SELECT * FROM catalog_course ORDER BY slug").map { try Self.course(from: $0) }
    }

    /// Number of courses of any status.
    public func count() async throws -> Int {
        try await database.first("SELECT COUNT(*) AS n FROM catalog_course")?.int("n") ?? 0
    }

    /// Published courses matching every word of `query` (tags, level, slug, title, text), best first.
    /// An empty query lists every published course by title.
    public func search(_ query: String) async throws -> [Course] {
        CatalogSearch.rank(try await courses(status: .published), query: query)
    }

    /// Inserts or replaces a course (by slug).
    public func save(_ course: Course) async throws {
        try await database.transaction { connection in try Self.upsert(course, on: connection) }
    }

    /// Changes a course's status; returns false when there is no such course.
    @discardableResult
    public func setStatus(_ slug: String, _ status: CourseStatus, at now: Date = Date()) async throws -> Bool {
        try await database.execute(
            "UPDATE catalog_course SET status = ?, updated_at = ? WHERE slug = ?",
            [.text(status.rawValue), .real(now.timeIntervalSince1970), .text(slug.lowercased())]) > 0
    }

    /// Every slug, for suggesting close ones.
    public func slugs() async throws -> [String] {
        try await database.query("SELECT slug FROM catalog_course ORDER BY slug").compactMap { $0.string("slug") }
    }

    static func upsert(_ course: Course, on connection: Connection) throws {
        try connection.execute(
            """
            INSERT INTO catalog_course (slug, title, summary, description, tags, level, price_minor, currency,
                access_days, instructor, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (slug) DO UPDATE SET title = excluded.title, summary = excluded.summary,
                description = excluded.description, tags = excluded.tags, level = excluded.level,
                price_minor = excluded.price_minor, currency = excluded.currency,
                access_days = excluded.access_days, instructor = excluded.instructor, status = excluded.status,
                updated_at = excluded.updated_at
            """,
            [
                .text(course.slug), .text(course.title), .text(course.summary), .text(course.description),
                .text(course.tags.joined(separator: ",")), .text(course.level.rawValue),
                .integer(Int64(course.price.amountMinor)),
                .text(course.price.currency), .int(course.accessDays), .text(course.instructor),
                .text(course.status.rawValue),
                .real(course.createdAt.timeIntervalSince1970), .real(course.updatedAt.timeIntervalSince1970),
            ])
    }

    static func course(from row: Row) throws(CorruptRow) -> Course {
        let reader = RowReader(row, table: "catalog_course", key: "slug")
        return Course(
            slug: try reader.text("slug"), title: try reader.text("title"), summary: try reader.text("summary"),
            description: try reader.text("description"),
            tags: try reader.text("tags").split(separator: ",").map(String.init),
            level: try reader.value("level"),
            price: Price(amountMinor: try reader.integer("price_minor"), currency: try reader.text("currency")),
            accessDays: try reader.optionalInteger("access_days"), instructor: try reader.text("instructor"),
            status: try reader.value("status"),
            createdAt: try reader.date("created_at"), updatedAt: try reader.date("updated_at"))
    }
}

/// Ranking of courses against a free-text query.
public enum CatalogSearch {
    /// Courses matching every word, best first; Latin text compares case-insensitively and
    /// Chinese (or any) text matches as a substring.
    public static func rank(_ courses: [Course], query: String) -> [Course] {
        let words = query.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" }).map(String.init)
        guard !words.isEmpty else { return courses.sorted { $0.title < $1.title } }
        var scored: [(Course, Int)] = []
        for course in courses {
            var total = 0
            var matchedAll = true
            for word in words {
                let score = self.score(word, course)
                if score == 0 {
                    matchedAll = false
                    break
                }
                total += score
            }
            if matchedAll { scored.append((course, total)) }
        }
        return scored.sorted { ($0.1, $1.0.title) > ($1.1, $0.0.title) }.map(\.0)
    }

    static func score(_ word: String, _ course: Course) -> Int {
        let tags = course.tags.map { $0.lowercased() }
        if course.slug == word { return 100 }
        if tags.contains(word) { return 50 }
        if course.level.rawValue == word { return 40 }
        if course.slug.contains(word) { return 30 }
        if course.title.lowercased().contains(word) { return 20 }
        if tags.contains(where: { $0.contains(word) }) { return 15 }
        if course.summary.lowercased().contains(word) { return 10 }
        if course.description.lowercased().contains(word) || course.instructor.lowercased().contains(word) { return 5 }
        if word == "free", course.price.isFree { return 40 }
        return 0
    }
}
