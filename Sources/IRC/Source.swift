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
        var rest = Substring(raw)
        if let at = rest.firstIndex(of: "@") {
            host = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        if let bang = rest.firstIndex(of: "!") {
            user = String(rest[rest.index(after: bang)...])
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
