public import Foundation
import Storage

/// What an import changed.
public struct CatalogImportReport: Sendable, Hashable, CustomStringConvertible {
    public var created: [String] = []
    public var updated: [String] = []
    public var unchanged: [String] = []

    /// `created 3, updated 1, unchanged 8`.
    public var description: String {
        "created \(created.count), updated \(updated.count), unchanged \(unchanged.count)"
    }
}

extension CatalogStore {
    /// Upserts every course of a file by slug in one transaction: all or nothing.
    public func importCourses(_ courses: [Course], at now: Date = Date()) async throws -> CatalogImportReport {
        try await database.transaction { connection in
            var report = CatalogImportReport()
            for var course in courses {
                if let row = try connection.first("SELECT * FROM catalog_course WHERE slug = ?", [.text(course.slug)]) {
                    let existing = try CatalogStore.course(from: row)
                    if existing.sameContent(as: course) {
                        report.unchanged.append(course.slug)
                        continue
                    }
                    course.createdAt = existing.createdAt
                    course.updatedAt = now
                    report.updated.append(course.slug)
                } else {
                    course.createdAt = now
                    course.updatedAt = now
                    report.created.append(course.slug)
                }
                try CatalogStore.upsert(course, on: connection)
            }
            return report
        }
    }
}
