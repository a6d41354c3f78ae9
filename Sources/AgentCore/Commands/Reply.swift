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

/// A sample use of a command with the reply it gets: shown by `!help <command>`, and replayed
/// by the test kit against a prepared world (see `TestAgent.exampleFailures()`).
public struct Example: Sendable, Hashable {
    /// What the first reply line must be.
    public enum Expectation: Sendable, Hashable {
        /// Exactly this text.
        case exactly(String)
        /// A regular expression the whole line must match (for replies with generated parts).
        case matching(String)
    }

    /// Who types an example when it is replayed.
    public enum Caller: Sendable, Hashable {
        /// An identified member with the owner role (the default).
        case owner
        /// An identified member with no role.
        case member
        /// Someone who is not identified.
        case anonymous
    }

    /// The line a person types, e.g. `!course swift-101`.
    public var input: String
    /// The same line as a Chinese speaker would type it, where the example carries free text
    /// (`!thanks bob 谢谢你讲解 async`); nil when the words are the same in both languages.
    public var chineseInput: String?
    /// The first reply line expected.
    public var expectation: Expectation
    /// Who types it.
    public var caller: Caller
    /// Whether it is typed in a private message instead of a channel.
    public var isPrivate: Bool

    /// An example whose first reply line is exactly `reply`.
    public init(_ input: String, replies reply: String, by caller: Caller = .owner, privately: Bool = false) {
        self.input = input
        self.expectation = .exactly(reply)
        self.caller = caller
        self.isPrivate = privately
    }

    /// An example whose first reply line matches the regular expression `pattern` as a whole.
    public init(_ input: String, matches pattern: String, by caller: Caller = .owner, privately: Bool = false) {
        self.input = input
        self.expectation = .matching(pattern)
        self.caller = caller
        self.isPrivate = privately
    }

    /// The same example typed in Chinese: `!help` in Chinese shows `input`, and the Chinese
    /// replay types it. Its command and subcommand words must stay those of the English input.
    public func zh(_ input: String) -> Example {
        var copy = self
        copy.chineseInput = input
        return copy
    }

    /// The line as a reader of `language` would type it.
    public func input(in language: Language) -> String {
        language == .zh ? chineseInput ?? input : input
    }

    /// Whether `line` is the reply this example expects.
    public func accepts(_ line: String?) -> Bool {
        guard let line else { return false }
        switch expectation {
        case .exactly(let text):
            return line == text
        case .matching(let pattern):
            guard let regex = try? Regex(pattern) else { return false }
            return (try? regex.wholeMatch(in: line)) != nil
        }
    }

    /// The expected reply as shown in help and documentation.
    public var shownReply: String {
        switch expectation {
        case .exactly(let text): text
        case .matching(let pattern): pattern
        }
    }
}
