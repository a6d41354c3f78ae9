/// How the agent compares the names it keys identity by: a configured network's name and a
/// services account. Both compare without regard to ASCII case (`Libera`/`libera`,
/// `Alice`/`alice`), in one place so every table and map agrees.
///
/// Nicks and channel names are different: they compare under the network's own case mapping
/// (`NickFolding`, and `IRCName` in the IRC module).
public enum IdentityKey {
    /// The key of a configured network's name.
    public static func network(_ name: String) -> String { lowercased(name) }

    /// The key of a services account name.
    public static func account(_ name: String) -> String { lowercased(name) }

    /// `name.lowercased()`, without the Unicode machinery for an ASCII name (keys are computed
    /// on every message): ASCII folding, which leaves a name that is lowercase already as it is.
    private static func lowercased(_ name: String) -> String {
        name.utf8.allSatisfy { $0 < 0x80 } ? NickFolding.ascii.fold(name) : name.lowercased()
    }
}
