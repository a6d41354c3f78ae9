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

    /// `name.lowercased()`, without the Unicode machinery (or a new string) for the usual
    /// ASCII name that is lowercase already: keys are computed on every message.
    private static func lowercased(_ name: String) -> String {
        var hasUpper = false
        for byte in name.utf8 {
            if byte >= 0x80 { return name.lowercased() }
            if byte >= 0x41, byte <= 0x5A { hasUpper = true }
        }
        guard hasUpper else { return name }
        return String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
