/// A message source split into its parts: `nick!user@host` for users, a bare name for servers.
public struct Source: Sendable, Hashable, CustomStringConvertible {
    /// The nick, or the server name when the source is a server.
    public var nick: String
    /// The user (ident) part, when present.
    public var user: String?
    /// The host part, when present.
    public var host: String?

    /// Creates a source from its parts.
    public init(nick: String, user: String? = nil, host: String? = nil) {
        self.nick = nick
        self.user = user
        self.host = host
    }

    /// Splits a raw prefix (without `:`) at the first `!` and the first `@` after it.
    public init(raw: String) {
        // Read on every message: the ASCII separators are found in the bytes (a UTF-8 index of
        // an ASCII byte is a valid index of the string), not by walking grapheme clusters.
        var rest = Substring(raw)
        if let at = rest.utf8.firstIndex(of: UInt8(ascii: "@")) {
            host = String(rest[rest.utf8.index(after: at)...])
            rest = rest[..<at]
        }
        if let bang = rest.utf8.firstIndex(of: UInt8(ascii: "!")) {
            user = String(rest[rest.utf8.index(after: bang)...])
            rest = rest[..<bang]
        }
        nick = String(rest)
    }

    /// True when the source looks like a server (no user or host, and a dot in the name).
    public var isServer: Bool {
        user == nil && host == nil && nick.contains(".")
    }

    /// The prefix as written on the wire, without `:`.
    public var description: String {
        var text = nick
        if let user { text += "!" + user }
        if let host { text += "@" + host }
        return text
    }
}
