import AgentCore
import Community
import Foundation
import Gateways

extension OperatorSurface {
    /// A course as the API shows it. Field names are part of the API (documented in the README).
    struct CourseDocument: Encodable {
        struct PriceDocument: Encodable {
            var amount_minor: Int
            var currency: String
            var free: Bool
        }

        var slug: String
        var title: String
        var summary: String
        var description: String
        var tags: [String]
        var level: String
        var price: PriceDocument
        var access_days: Int?
        var instructor: String
        var updated_at: Date

        init(_ course: Course) {
            slug = course.slug
            title = course.title
            summary = course.summary
            description = course.description
            tags = course.tags
            level = course.level.rawValue
            price = PriceDocument(
                amount_minor: course.price.amountMinor, currency: course.price.currency, free: course.price.isFree)
            access_days = course.accessDays
            instructor = course.instructor
            updated_at = course.updatedAt
        }
    }

    struct CourseList: Encodable {
        var courses: [CourseDocument]
        var total: Int
        var next_cursor: String?
    }

    /// `GET /api/courses`: published courses, `?q=` ranked as `!courses` ranks them, `?tag=`,
    /// `?level=`, `?limit=` (1–100, default 20) and `?cursor=` from the previous page.
    func courseList(_ request: HTTPRequest) async throws -> HTTPResponse {
        var courses = try await services.catalog.search(request.queryValue("q") ?? "")
        if let tag = request.queryValue("tag")?.lowercased(), !tag.isEmpty {
            courses = courses.filter { $0.tags.contains { $0.lowercased() == tag } }
        }
        if let level = request.queryValue("level"), !level.isEmpty {
            guard let wanted = CourseLevel(rawValue: level.lowercased()) else {
                return .error(
                    400, "level must be one of: " + CourseLevel.allCases.map(\.rawValue).joined(separator: ", "))
            }
            courses = courses.filter { $0.level == wanted }
        }
        var limit = 20
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...100).contains(value) else {
                return .error(400, "limit must be a whole number from 1 to 100")
            }
            limit = value
        }
        var offset = 0
        if let cursor = request.queryValue("cursor"), !cursor.isEmpty {
            guard let value = Self.offset(fromCursor: cursor), value <= courses.count else {
                return .error(400, "cursor is not one this API gave out")
            }
            offset = value
        }
        let page = courses.dropFirst(offset).prefix(limit)
        let next = offset + page.count < courses.count ? Self.cursor(offset + page.count) : nil
        let document = CourseList(courses: page.map(CourseDocument.init), total: courses.count, next_cursor: next)
        return Self.cacheable(.json(200, encoding: document), request)
    }

    /// `GET /api/courses/<slug>`: a published course; drafts and unknown slugs are 404.
    func courseDetail(_ slug: String, _ request: HTTPRequest) async throws -> HTTPResponse {
        guard let course = try await services.catalog.course(slug.lowercased()), course.status == .published else {
            return .error(404, "no published course \"\(slug)\"")
        }
        return Self.cacheable(.json(200, encoding: CourseDocument(course)), request)
    }

    /// Adds a strong `ETag` from the body and answers 304 when the client has it already.
    static func cacheable(_ response: HTTPResponse, _ request: HTTPRequest) -> HTTPResponse {
        let tag = "\"" + Digest.sha256Hex(String(decoding: response.body, as: UTF8.self)).prefix(32) + "\""
        let sent = request.header("if-none-match")?.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if let sent, sent.contains(tag) || sent.contains("*") {
            return HTTPResponse(
                status: 304, contentType: response.header("Content-Type") ?? "application/json", body: [],
                headers: [("ETag", tag), ("Cache-Control", "no-cache")])
        }
        var tagged = response
        tagged.headers += [("ETag", tag), ("Cache-Control", "no-cache")]
        return tagged
    }

    /// Cursors are opaque to clients: `o` and the offset, base64url.
    static func cursor(_ offset: Int) -> String {
        Data("o\(offset)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    static func offset(fromCursor cursor: String) -> Int? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
            plain.hasPrefix("o"), let offset = Int(plain.dropFirst()), offset >= 0
        else { return nil }
        return offset
    }
}
