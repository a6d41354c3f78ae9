/// A member: a services account on a network. Accounts compare case-insensitively.
public struct MemberID: Sendable, Hashable, CustomStringConvertible {
    /// The configured network name.
    public let network: String
    /// The services account, lower-cased.
    public let account: String

    /// Creates a member id; the account is folded to lower case.
    public init(network: String, account: String) {
        self.network = network
        self.account = account.lowercased()
    }

    /// `account@network`.
    public var description: String { "\(account)@\(network)" }
}
