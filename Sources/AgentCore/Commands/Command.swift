public import Foundation

/// Where a command may be used.
public enum CommandPlace: Sendable, Hashable {
    case anywhere
    case channelOnly
    case privateOnly
}

/// Everything a command handler gets: who asked, where, with which arguments, and as which role.
public struct Invocation: Sendable {
    /// Who typed the command.
    public let speaker: Speaker
    /// Where it was typed.
    public let conversation: Conversation
    /// The name or alias the person typed (lower case, without prefix).
    public let name: String
    /// The words after the command name.
    public let arguments: Arguments
    /// The caller's role, already checked against the command's minimum.
    public let role: Role
    /// The time the command was received (the agent clock's now).
    public let time: Date
    /// A logger labelled for this command.
    public let log: Logger
    /// The prefix in use where the command was typed, for composing hints ("!help").
    public let prefix: String

    /// Creates an invocation (the router and the test kit do this).
    public init(
        speaker: Speaker, conversation: Conversation, name: String, arguments: Arguments, role: Role,
        time: Date, log: Logger, prefix: String
    ) {
        self.speaker = speaker
        self.conversation = conversation
        self.name = name
        self.arguments = arguments
        self.role = role
        self.time = time
        self.log = log
        self.prefix = prefix
    }

    /// The account the network vouches for; throws the standard "identify first" error when none.
    public func requireAccount() throws(UserError) -> String {
        guard let account = speaker.account else {
            throw UserError(
                "You need to be identified to do that: log in with NickServ (or SASL) first, then try again.")
        }
        return account
    }
}

/// One chat command, described by values: name, aliases, help text, role, place and handler.
public struct Command: Sendable {
    /// The handler: returns the reply, or throws `UserError` for a message meant for the caller.
    public typealias Handler = @Sendable (Invocation) async throws -> Reply

    /// The name typed after the prefix, lower case: `courses`.
    public var name: String
    /// Other names for the same command.
    public var aliases: [String]
    /// The argument synopsis, e.g. `<slug> [days]` (empty when there are no arguments).
    public var usage: String
    /// One line for `!help`.
    public var summary: String
    /// The lowest role allowed to run it; checked by the router before the handler runs.
    public var minimumRole: Role
    /// Where it may be used.
    public var place: CommandPlace
    /// At least one example; examples with a reply double as tests.
    public var examples: [Example]
    /// The code that runs.
    public var handler: Handler

    /// Creates a command.
    public init(
        _ name: String, aliases: [String] = [], usage: String = "", summary: String,
        minimumRole: Role = .member, place: CommandPlace = .anywhere, examples: [Example] = [],
        handler: @escaping Handler
    ) {
        self.name = name.lowercased()
        self.aliases = aliases.map { $0.lowercased() }
        self.usage = usage
        self.summary = summary
        self.minimumRole = minimumRole
        self.place = place
        self.examples = examples
        self.handler = handler
    }

    /// `!name usage` with the given prefix.
    public func synopsis(prefix: String) -> String {
        usage.isEmpty ? "\(prefix)\(name)" : "\(prefix)\(name) \(usage)"
    }
}

/// Lets a plugin list its commands without array brackets, with `if` and `for`.
@resultBuilder
public enum CommandsBuilder {
    // The standard result-builder entry points: single commands, arrays, `if`, `if/else` and `for`.
    public static func buildExpression(_ command: Command) -> [Command] { [command] }
    public static func buildExpression(_ commands: [Command]) -> [Command] { commands }
    public static func buildBlock(_ parts: [Command]...) -> [Command] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Command]?) -> [Command] { part ?? [] }
    public static func buildEither(first part: [Command]) -> [Command] { part }
    public static func buildEither(second part: [Command]) -> [Command] { part }
    public static func buildArray(_ parts: [[Command]]) -> [Command] { parts.flatMap { $0 } }
}
