/// What a command answers: lines for the conversation it came from and lines sent privately
/// to the person who asked.
public struct Reply: Sendable, Hashable {
    /// Lines for the conversation the command came from.
    public var lines: [String]
    /// Lines sent to the speaker in a private conversation.
    public var privateLines: [String]

    /// Creates a reply.
    public init(lines: [String] = [], privateLines: [String] = []) {
        self.lines = lines
        self.privateLines = privateLines
    }

    /// One line back where the command came from.
    public static func text(_ line: String) -> Reply { Reply(lines: [line]) }
    /// Several lines back where the command came from.
    public static func lines(_ lines: [String]) -> Reply { Reply(lines: lines) }
    /// Lines sent privately, with an optional one-line pointer where the command came from.
    public static func privately(_ lines: [String], pointer: String? = nil) -> Reply {
        Reply(lines: pointer.map { [$0] } ?? [], privateLines: lines)
    }
    /// No answer at all.
    public static let silent = Reply()
}

/// A sample use of a command: shown by `!help <command>`, and replayed by tests when it
/// declares the reply it expects.
public struct Example: Sendable, Hashable {
    /// The line a person types, e.g. `!course swift-101`.
    public var input: String
    /// The first reply line expected, or nil when the example is only illustrative.
    public var reply: String?

    /// Creates an example.
    public init(_ input: String, replies reply: String? = nil) {
        self.input = input
        self.reply = reply
    }
}
