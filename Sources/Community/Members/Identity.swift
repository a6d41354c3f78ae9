/// One identity of a member: a services account on a network, as the network vouches for it.
/// Accounts compare case-insensitively. A community member (`Member`) may have several.
public struct Identity: Sendable, Hashable, CustomStringConvertible {
    /// The configured network name.
    public let network: String
    /// The services account, lower-cased.
    public let account: String

    /// Creates an identity; the account is folded to lower case.
    public init(network: String, account: String) {
        self.network = network
        self.account = account.lowercased()
    }

    /// `account@network`.
    public var description: String { "\(account)@\(network)" }
}
