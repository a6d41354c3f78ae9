/// How the agent compares the names it keys identity by: a configured network's name and a
/// services account. Both compare without regard to ASCII case (`Libera`/`libera`,
/// `Alice`/`alice`), in one place so every table and map agrees.
///
/// Nicks and channel names are different: they compare under the network's own case mapping
/// (`NickFolding`, and `IRCName` in the IRC module).
public enum IdentityKey {
    /// The key of a configured network's name.
    public static func network(_ name: String) -> String { name.lowercased() }

    /// The key of a services account name.
    public static func account(_ name: String) -> String { name.lowercased() }
}
