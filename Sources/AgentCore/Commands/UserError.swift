/// A failure written for the person who typed the command; its message is shown in chat as-is.
///
/// Any other error thrown by a handler is logged with an id, and the person only sees a short
/// apology naming that id.
public struct UserError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The one-line message for chat.
    public var message: String
    /// The key of the runtime's own catalog this error stands for, so the router can say it in
    /// the reader's language (nil for messages written by a handler).
    public var key: String?

    /// Creates an error with the text to show.
    public init(_ message: String) { self.message = message }

    /// The message in `language`: the runtime's catalog for its own errors, else as written.
    public func message(in language: Language) -> String {
        key.map { CoreMessages.text($0, in: language) } ?? message
    }

    public var description: String { message }

    /// The reply when a command needs an identified person and the network vouches for none.
    public static let notIdentified: UserError = {
        var error = UserError(CoreMessages.text("error.notIdentified", in: .en))
        error.key = "error.notIdentified"
        return error
    }()
}
