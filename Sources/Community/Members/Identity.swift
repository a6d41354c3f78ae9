/// One identity of a member: a services account on a network, as the network vouches for it.
/// Accounts compare case-insensitively. A community member (`Member`) may have several.
public struct Identity: Sendable, Hashable, CustomStringConvertible {
    /// The configured network name.
    public let network: String
    /// The services account, lower-cased.
    public let account: String
    /// A digest of both names, made once: the chat path looks identities up several times per
    /// message, and hashing this is much cheaper than hashing two strings each time.
    private let digest: NamePairDigest

    /// Creates an identity; the account is folded to lower case.
    public init(network: String, account: String) {
        self.network = network
        self.account = account.lowercased()
        self.digest = NamePairDigest(network, self.account)
    }

    /// `account@network`.
    public var description: String { "\(account)@\(network)" }

    public static func == (lhs: Identity, rhs: Identity) -> Bool {
        lhs.digest == rhs.digest && lhs.account == rhs.account && lhs.network == rhs.network
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }
}
