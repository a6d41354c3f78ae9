/// What a person may do. Everyone is at least a `member`; higher roles are granted by
/// account (never by nick) in the configuration or by an owner at run time.
public enum Role: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case member = 0
    case moderator = 1
    case owner = 2

    /// Reads `member`, `moderator` (or `mod`), `owner`.
    public init?(name: String) {
        switch name.lowercased() {
        case "member": self = .member
        case "moderator", "mod": self = .moderator
        case "owner": self = .owner
        default: return nil
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The lower-case name.
    public var description: String {
        switch self {
        case .member: "member"
        case .moderator: "moderator"
        case .owner: "owner"
        }
    }

    /// The plural used in refusals: "Sorry, !ban is for moderators."
    public var plural: String { description + "s" }
}
