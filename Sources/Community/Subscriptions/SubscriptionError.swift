public import Foundation

/// Why a subscription operation was refused. Plugins and the command line turn each case into
/// their own words; `description` is a neutral summary for logs.
public enum SubscriptionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No course with this slug (or none that is published, where that is required).
    case noSuchCourse(slug: String)
    /// No order with this id.
    case noSuchOrder(id: String)
    /// The order's course was removed from the catalog.
    case orderCourseGone(orderID: String, slug: String)
    /// The text is not shaped like a code.
    case malformedCode(String)
    /// No code with this text.
    case noSuchCode(String)
    /// The code's course is archived or removed.
    case codeCourseWithdrawn(code: String, slug: String)
    /// The code's validity has not started.
    case codeNotYetValid(code: String, from: Date)
    /// The code's validity has ended.
    case codeExpired(code: String)
    /// This member already redeemed this code.
    case alreadyRedeemed(code: String)
    /// The member already has the code's course.
    case alreadyActive(slug: String, until: Date?)
    /// Every use of the code is taken.
    case codeExhausted(code: String)
    /// An owner withdrew the code.
    case codeRevoked(code: String)
    /// Codes are created 1 to 1000 at a time.
    case codeCountOutOfRange(Int)
    /// A code allows 1 to 100,000 uses.
    case usesOutOfRange(Int)
    /// Access periods are 1 day or more.
    case daysOutOfRange(Int, maximum: Int)

    public var description: String {
        switch self {
        case .noSuchCourse(let slug): "no course \"\(slug)\""
        case .noSuchOrder(let id): "no order \"\(id)\""
        case .orderCourseGone(let id, let slug): "order \(id) is for course \(slug), which no longer exists"
        case .malformedCode(let text): "\"\(text)\" is not a valid code"
        case .noSuchCode(let code): "code \(code) does not exist"
        case .codeCourseWithdrawn(let code, let slug): "the course of code \(code) (\(slug)) is no longer offered"
        case .codeNotYetValid(let code, let from): "code \(code) is valid from \(from.formatted(.iso8601))"
        case .codeExpired(let code): "code \(code) has expired"
        case .alreadyRedeemed(let code): "code \(code) was already redeemed by this member"
        case .alreadyActive(let slug, let until):
            "the member already has \(slug)\(until.map { " until \($0.formatted(.iso8601))" } ?? "")"
        case .codeExhausted(let code): "code \(code) has been used up"
        case .codeRevoked(let code): "code \(code) has been withdrawn"
        case .codeCountOutOfRange(let count): "cannot create \(count) codes: 1 to 1000 at a time"
        case .usesOutOfRange(let uses): "\(uses) uses per code: must be 1 to 100000"
        case .daysOutOfRange(let days, let maximum): "\(days) days: must be from 1 to \(maximum)"
        }
    }
}
