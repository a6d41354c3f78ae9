public import Foundation

/// How hard a course is.
public enum CourseLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case beginner
    case intermediate
    case advanced
}

/// Whether a course can be seen and subscribed to.
public enum CourseStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case draft
    case published
    case archived
}

/// A price in minor units (cents, fen) of an ISO 4217 currency; 0 means free.
public struct Price: Sendable, Hashable, Codable, CustomStringConvertible {
    public var amountMinor: Int
    public var currency: String

    /// Creates a price.
    public init(amountMinor: Int, currency: String) {
        self.amountMinor = amountMinor
        self.currency = currency.uppercased()
    }

    /// True for a free course.
    public var isFree: Bool { amountMinor == 0 }

    /// `free`, or `49.00 CNY`.
    public var description: String {
        isFree ? "free" : "\(decimalText) \(currency)"
    }

    /// The amount as a decimal number with two places, `49.00`, for files and scripts.
    public var decimalText: String {
        let units = amountMinor / 100, cents = amountMinor % 100
        return "\(units).\(cents < 10 ? "0" : "")\(cents)"
    }
}

/// One course of the catalog.
public struct Course: Sendable, Hashable {
    /// The stable identifier members type: `swift-concurrency`.
    public var slug: String
    public var title: String
    public var summary: String
    public var description: String
    public var tags: [String]
    public var level: CourseLevel
    public var price: Price
    /// Days of access a subscription gives; nil means unlimited.
    public var accessDays: Int?
    public var instructor: String
    public var status: CourseStatus
    public var createdAt: Date
    public var updatedAt: Date

    /// Creates a course.
    public init(
        slug: String, title: String, summary: String = "", description: String = "", tags: [String] = [],
        level: CourseLevel = .beginner, price: Price = Price(amountMinor: 0, currency: "CNY"), accessDays: Int? = nil,
        instructor: String = "", status: CourseStatus = .published, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.slug = slug
        self.title = title
        self.summary = summary
        self.description = description
        self.tags = tags
        self.level = level
        self.price = price
        self.accessDays = accessDays
        self.instructor = instructor
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether a slug is lower-case letters, digits and hyphens, 2 to 64 characters.
    public static func isValidSlug(_ slug: String) -> Bool {
        (2...64).contains(slug.count)
            && slug.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !slug.hasPrefix("-") && !slug.hasSuffix("-")
    }

    /// The fields that an import compares to decide "unchanged".
    func sameContent(as other: Course) -> Bool {
        slug == other.slug && title == other.title && summary == other.summary && description == other.description
            && tags == other.tags && level == other.level && price == other.price && accessDays == other.accessDays
            && instructor == other.instructor && status == other.status
    }
}
