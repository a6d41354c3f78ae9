/// A failure written for the person who typed the command; its message is shown in chat as-is.
///
/// Any other error thrown by a handler is logged with an id, and the person only sees a short
/// apology naming that id.
public struct UserError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The one-line message for chat.
    public var message: String

    /// Creates an error with the text to show.
    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// A word shown back to its author in a reply: quoted, and cut at 40 characters.
    public static func quoted(_ word: String) -> String {
        "\"" + (word.count > 40 ? word.prefix(40) + "…" : word) + "\""
    }

    /// The reply when a command needs an identified person and the network vouches for none.
    public static let notIdentified = UserError(
        "You need to be identified to do that: log in with NickServ (or SASL) first, then try again.")
}
