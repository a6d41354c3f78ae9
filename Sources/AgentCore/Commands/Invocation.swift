public import Foundation

/// Everything a command handler gets: who asked, where, the arguments already read into typed
/// values, and the caller's role.
public struct Invocation: Sendable {
    /// Who typed the command.
    public let speaker: Speaker
    /// Where it was typed.
    public let conversation: Conversation
    /// The name or alias the person typed (lower case, without prefix).
    public let name: String
    /// The arguments, read and validated against the form's parameters.
    public let arguments: ParsedArguments
    /// The caller's role, already checked against the form's minimum.
    public let role: Role
    /// The time the command was received (the agent clock's now).
    public let time: Date
    /// A logger labelled for this command, with the speaker in its metadata.
    public var log: Logger {
        switch logSource {
        case .given(let log): log
        // Made when used: most commands never log, and a labelled child costs a few allocations.
        case .command(let base, let command):
            base.child("command.\(command)", metadata: ["speaker": "\(speaker)"])
        }
    }
    private let logSource: LogSource

    private enum LogSource: Sendable {
        case given(Logger)
        case command(base: Logger, command: String)
    }
    /// The prefix in use where the command was typed, for composing hints ("!help").
    public let prefix: String
    /// The time zone dates are shown in: the community's (`time_zone` in the configuration).
    public let timeZone: TimeZone
    /// Sends messages beyond the reply (telling another member something privately).
    public let outlet: any Outlet
    /// The language to answer in (the channel's, or the member's own in private).
    public let language: Language

    /// Creates an invocation (the router and the test kit do this).
    public init(
        speaker: Speaker, conversation: Conversation, name: String, arguments: ParsedArguments, role: Role,
        time: Date, log: Logger, prefix: String, timeZone: TimeZone = .gmt, outlet: any Outlet,
        language: Language = .en
    ) {
        self.init(
            speaker: speaker, conversation: conversation, name: name, arguments: arguments, role: role, time: time,
            logSource: .given(log), prefix: prefix, timeZone: timeZone, outlet: outlet, language: language)
    }

    /// An invocation of `command` whose logger is `base`'s child for it (the router's).
    init(
        speaker: Speaker, conversation: Conversation, name: String, arguments: ParsedArguments, role: Role,
        time: Date, commandLog base: Logger, command: String, prefix: String, timeZone: TimeZone, outlet: any Outlet,
        language: Language
    ) {
        self.init(
            speaker: speaker, conversation: conversation, name: name, arguments: arguments, role: role, time: time,
            logSource: .command(base: base, command: command), prefix: prefix, timeZone: timeZone, outlet: outlet,
            language: language)
    }

    private init(
        speaker: Speaker, conversation: Conversation, name: String, arguments: ParsedArguments, role: Role,
        time: Date, logSource: LogSource, prefix: String, timeZone: TimeZone, outlet: any Outlet, language: Language
    ) {
        self.language = language
        self.timeZone = timeZone
        self.outlet = outlet
        self.speaker = speaker
        self.conversation = conversation
        self.name = name
        self.arguments = arguments
        self.role = role
        self.time = time
        self.logSource = logSource
        self.prefix = prefix
    }

    /// `key` from `catalog` in the caller's language, with dates in the community's zone.
    public func text(_ catalog: MessageCatalog, _ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        catalog.text(key, arguments, in: language, timeZone: timeZone)
    }

    /// The value of a declared parameter: `let days = try call[days]`.
    ///
    /// Throws only for a programming mistake — a parameter that the command did not declare —
    /// which the router contains and logs like any other failure.
    public subscript<Value>(parameter: Parameter<Value>) -> Value {
        get throws { try arguments.value(of: parameter) }
    }

    /// The account the network vouches for; throws the standard "identify first" error when none.
    public func requireAccount() throws(UserError) -> String {
        guard let account = speaker.account else { throw UserError.notIdentified }
        return account
    }
}

/// The values read from a command's words, by parameter name.
public struct ParsedArguments: Sendable {
    let values: [String: any Sendable]

    /// Creates parsed arguments (the router does this).
    public init(values: [String: any Sendable]) {
        self.values = values
    }

    /// A parameter that the command did not declare was asked for.
    public struct UndeclaredParameter: Error, CustomStringConvertible {
        /// The parameter's name.
        public let name: String
        public var description: String { "the command asked for an undeclared parameter <\(name)>" }
    }

    /// The value of a declared parameter; nil or empty for an optional one that was left out.
    public func value<Value>(of parameter: Parameter<Value>) throws -> Value {
        if let stored = values[parameter.name] {
            if let value = stored as? Value { return value }
        } else if let absent = parameter.absent {
            return absent
        }
        throw UndeclaredParameter(name: parameter.name)
    }
}
