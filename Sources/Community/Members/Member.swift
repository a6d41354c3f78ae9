public import Storage

/// A community member: one person behind one or more identities (`Identity`), with one set of
/// subscriptions, history and profile however many networks they use.
public struct Member: Sendable, Hashable, CustomStringConvertible {
    /// The member's stable number.
    public let id: Int64

    /// The member with this number.
    public init(id: Int64) {
        self.id = id
    }

    /// `member 12`.
    public var description: String { "member \(id)" }
}

/// A service that keeps rows for members: when two identities are linked into one member, it
/// moves the rows of the member that disappears, inside the link's own transaction.
public protocol MemberDataOwner: AnyObject, Sendable {
    /// Gives every row of `absorbed` to `kept`.
    func merge(_ absorbed: Member, into kept: Member, in connection: Connection) throws
    /// Everything this owner holds about `member` (who is `identities`), as named sections.
    func exportData(
        of member: Member, identities: [Identity], in connection: Connection
    ) throws -> [String: [ExportRow]]
    /// Deletes what this owner holds about `member`, replacing their name by `pseudonym` in what
    /// it must keep; records both in `report`.
    func forgetData(
        of member: Member, identities: [Identity], pseudonym: String, in connection: Connection,
        report: inout ForgetReport
    ) throws
}

/// Why linking or unlinking identities was refused.
public enum LinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No link code like this exists (or it is malformed).
    case noSuchCode(String)
    /// The code's ten minutes are over, or it was used already.
    case codeExpired(String)
    /// The code was made by this same member.
    case alreadyLinked
    /// The member has no identity on this network.
    case noIdentity(network: String)
    /// Separating the member's only identity would leave no one behind.
    case onlyIdentity

    public var description: String {
        switch self {
        case .noSuchCode(let code): "no link code \(code)"
        case .codeExpired(let code): "link code \(code) has expired or was used"
        case .alreadyLinked: "both identities already belong to the same member"
        case .noIdentity(let network): "the member has no identity on \(network)"
        case .onlyIdentity: "the member's only identity cannot be separated"
        }
    }
}

/// What linking did: the member that remains, and every identity it now has.
public struct LinkOutcome: Sendable, Hashable {
    public var member: Member
    public var identities: [Identity]
    /// The identity that created the code (to be told on its side).
    public var codeOwner: Identity
}
