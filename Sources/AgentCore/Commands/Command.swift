/// Where a command may be used.
public enum CommandPlace: Sendable, Hashable {
    case anywhere
    case channelOnly
    case privateOnly
}

/// One chat command, described by values: its name, aliases, summary, place, and one or more
/// forms — the main form (`!course <course>`) and subcommands (`!course publish <course>`),
/// each with its own parameters, minimum role, examples and handler.
///
/// The router reads the arguments from the declaration before a handler runs, so usage text,
/// help and parsing cannot drift apart.
public struct Command: Sendable {
    /// The handler: returns the reply, or throws `UserError` for a message meant for the caller.
    public typealias Handler = @Sendable (Invocation) async throws -> Reply

    /// The name typed after the prefix, lower case: `courses`.
    public var name: String
    /// Other names for the same command.
    public var aliases: [String]
    /// One line for `!help`.
    public var summary: LocalizedText
    /// Where it may be used.
    public var place: CommandPlace
    /// The main form (if any) first, then the subcommands in declaration order.
    public var forms: [CommandForm]

    /// A command with one form: `parameters` in order, then `handler`.
    public init(
        _ name: String, aliases: [String] = [], summary: LocalizedText, minimumRole: Role = .member,
        place: CommandPlace = .anywhere, parameters: [any ParameterDeclaring] = [], examples: [Example],
        handler: @escaping Handler
    ) {
        self.init(
            name, aliases: aliases, summary: summary, place: place,
            forms: [
                .main(
                    summary: summary, minimumRole: minimumRole, parameters: parameters, examples: examples,
                    handler: handler)
            ])
    }

    /// A command with subcommands, and optionally a main form used when no subcommand word matches.
    public init(
        _ name: String, aliases: [String] = [], summary: LocalizedText, place: CommandPlace = .anywhere,
        forms: [CommandForm]
    ) {
        self.name = name.lowercased()
        self.aliases = aliases.map { $0.lowercased() }
        self.summary = summary
        self.place = place
        self.forms = forms.filter { $0.word == nil } + forms.filter { $0.word != nil }
    }

    /// The lowest role that can use at least one form (who sees it in `!help`).
    public var minimumRole: Role { forms.map(\.minimumRole).min() ?? .member }

    /// The main form, if the command has one.
    public var mainForm: CommandForm? { forms.first { $0.word == nil } }

    /// Every example of every form.
    public var examples: [Example] { forms.flatMap(\.examples) }

    /// The subcommand called `word` (case-insensitively), if any.
    public func subcommand(_ word: String) -> CommandForm? {
        let folded = word.lowercased()
        return forms.first { $0.word == folded }
    }
}

/// One way to use a command: the main form or a subcommand.
public struct CommandForm: Sendable {
    /// The subcommand word (`publish`), or nil for the main form.
    public var word: String?
    /// One line for `!help`.
    public var summary: LocalizedText
    /// The lowest role allowed; checked by the router before anything else is read.
    public var minimumRole: Role
    /// The parameters, in the order they are typed.
    public var parameters: [ParameterDeclaration]
    /// Sample uses with their expected replies; replayed as tests.
    public var examples: [Example]
    /// The code that runs.
    public var handler: Command.Handler

    /// The main form of a command with subcommands.
    public static func main(
        summary: LocalizedText, minimumRole: Role = .member, parameters: [any ParameterDeclaring] = [],
        examples: [Example], handler: @escaping Command.Handler
    ) -> CommandForm {
        CommandForm(
            word: nil, summary: summary, minimumRole: minimumRole, parameters: parameters.map(\.declaration),
            examples: examples, handler: handler)
    }

    /// A subcommand: `!command word <parameters>`.
    public static func subcommand(
        _ word: String, summary: LocalizedText, minimumRole: Role = .member, parameters: [any ParameterDeclaring] = [],
        examples: [Example], handler: @escaping Command.Handler
    ) -> CommandForm {
        CommandForm(
            word: word.lowercased(), summary: summary, minimumRole: minimumRole,
            parameters: parameters.map(\.declaration), examples: examples, handler: handler)
    }

    /// `!name word <a> [b]` with the given prefix.
    public func synopsis(of command: Command, prefix: String) -> String {
        ([prefix + command.name] + (word.map { [$0] } ?? []) + parameters.map(\.synopsis)).joined(separator: " ")
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
