/// A CTCP request or reply carried inside PRIVMSG or NOTICE text between `\u{01}` bytes.
public struct CTCP: Sendable, Hashable {
    /// The CTCP command in upper case, e.g. `ACTION`, `VERSION`.
    public var command: String
    /// Everything after the command and one space; empty when there is none.
    public var argument: String

    /// The delimiter byte that marks CTCP text.
    public static let delimiter: Character = "\u{01}"

    public static let action = "ACTION"
    public static let version = "VERSION"
    public static let ping = "PING"
    public static let time = "TIME"
    public static let clientInfo = "CLIENTINFO"

    /// Creates a CTCP message; the command is upper-cased.
    public init(command: String, argument: String = "") {
        self.command = command.uppercased()
        self.argument = argument
    }

    /// Reads CTCP text such as `\u{01}ACTION waves\u{01}`; the closing delimiter may be missing,
    /// as some clients omit it. Returns nil for ordinary text.
    public init?(unwrapping text: String) {
        guard text.first == Self.delimiter else { return nil }
        var body = text.dropFirst()
        if body.last == Self.delimiter { body = body.dropLast() }
        guard !body.isEmpty else { return nil }
        if let space = body.firstIndex(of: " ") {
            self.init(command: String(body[..<space]), argument: String(body[body.index(after: space)...]))
        } else {
            self.init(command: String(body), argument: "")
        }
        guard !command.isEmpty else { return nil }
    }

    /// The text to put in a PRIVMSG (request) or NOTICE (reply); `\u{01}` inside the argument
    /// is removed so the message cannot be cut short.
    public var wrapped: String {
        let cleanArgument = argument.filter { $0 != Self.delimiter }
        let cleanCommand = command.filter { $0 != Self.delimiter && $0 != " " }
        return cleanArgument.isEmpty
            ? "\u{01}\(cleanCommand)\u{01}"
            : "\u{01}\(cleanCommand) \(cleanArgument)\u{01}"
    }

    /// The commands a client answers, as listed in a CLIENTINFO reply.
    public static let supportedCommands = [action, clientInfo, ping, time, version]
}
