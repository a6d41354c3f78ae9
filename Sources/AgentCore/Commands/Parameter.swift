/// How many words a parameter takes.
public enum Arity: Sendable, Hashable {
    /// Exactly one word: `<name>`.
    case one
    /// One word or none: `[name]`.
    case optional
    /// Every remaining word, at least one: `<name…>`.
    case oneOrMore
    /// Every remaining word, possibly none: `[name…]`.
    case zeroOrMore
    /// The rest of the line exactly as typed, quotes and spacing kept: `<name…>`.
    case rest
    /// The rest of the line as typed, possibly empty: `[name…]`.
    case optionalRest
}

/// What the router knows while it reads arguments: who asked, where, as which role, and whom to
/// ask who is behind a nick.
public struct ParsingContext: Sendable {
    /// Who typed the command.
    public let speaker: Speaker
    /// Where it was typed.
    public let conversation: Conversation
    /// The caller's role.
    public let role: Role
    /// The command prefix in use, for hints.
    public let prefix: String
    /// The language problems are told in.
    public let language: Language
    private let outlet: (any Outlet)?

    /// Creates a context (the router does this); `outlet` answers nick lookups.
    public init(
        speaker: Speaker, conversation: Conversation, role: Role, prefix: String, outlet: (any Outlet)? = nil,
        language: Language = .en
    ) {
        self.language = language
        self.speaker = speaker
        self.conversation = conversation
        self.role = role
        self.prefix = prefix
        self.outlet = outlet
    }

    /// What the network says about the person using `nick` on the speaker's network.
    public func lookUp(_ nick: String) async -> NickLookup {
        await outlet?.lookUp(nick: nick, on: speaker.network) ?? .unknown
    }
}

/// Why one word is not a valid value for a parameter.
public enum ArgumentProblem: Error, Sendable, Hashable {
    /// The word is not of the right shape; `expected` completes "must be …" ("a whole number from 1 to 50").
    case invalid(expected: LocalizedText)
    /// The word has the right shape but its value is outside what is allowed ("100" for 1…50);
    /// unlike `invalid`, an optional parameter does not pass such a word on to the next one.
    case outOfRange(expected: LocalizedText)
    /// The word is well-formed but names nothing known; the message is the whole reply
    /// ("There is no course "swfit"; did you mean swift-basics?").
    case notFound(String)
    /// The value could not be checked (the database failed); `reason` is logged, not shown.
    case unavailable(reason: String)
}

/// How one word becomes a value: the kind of a parameter.
public struct ParameterKind<Value: Sendable>: Sendable {
    /// What a valid value looks like ("a whole number from 1 to 50"), for usage errors and help.
    public let expected: LocalizedText
    /// Reads one word.
    public let read: @Sendable (String, ParsingContext) async throws(ArgumentProblem) -> Value

    /// Creates a kind from its description and reader.
    public init(
        expected: LocalizedText,
        read: @escaping @Sendable (String, ParsingContext) async throws(ArgumentProblem) -> Value
    ) {
        self.expected = expected
        self.read = read
    }
}

/// A parameter without its value type: what the router needs to read and describe it.
public struct ParameterDeclaration: Sendable {
    /// The name shown in usage (`<course>`) and used to find the value.
    public let name: String
    /// How many words it takes.
    public let arity: Arity
    /// What a valid value looks like.
    public let expected: LocalizedText
    /// Reads one word into a value.
    let read: @Sendable (String, ParsingContext) async throws(ArgumentProblem) -> any Sendable
    /// Turns the values read for a list parameter into its typed array.
    var gather: @Sendable ([any Sendable]) -> any Sendable = { $0 }

    /// `<name>`, `[name]`, `<name…>` or `[name…]`.
    public var synopsis: String {
        switch arity {
        case .one: "<\(name)>"
        case .optional: "[\(name)]"
        case .oneOrMore, .rest: "<\(name)…>"
        case .zeroOrMore, .optionalRest: "[\(name)…]"
        }
    }

    /// Whether the command can run without it.
    public var isOptional: Bool { [.optional, .zeroOrMore, .optionalRest].contains(arity) }
}

/// Anything that declares a parameter; lets a command list parameters of different value types.
public protocol ParameterDeclaring: Sendable {
    /// The parameter without its value type.
    var declaration: ParameterDeclaration { get }
}

/// A declared parameter whose value reaches the handler as `Value`: `let days =
/// Parameter.integer("days", in: 1...3650).optional` gives `try call[days]` as `Int?`.
public struct Parameter<Value: Sendable>: ParameterDeclaring {
    public let declaration: ParameterDeclaration
    /// The value when the parameter was left out (nil for one that must be given).
    let absent: Value?

    init(declaration: ParameterDeclaration, absent: Value?) {
        self.declaration = declaration
        self.absent = absent
    }

    /// The parameter's name.
    public var name: String { declaration.name }

    /// A one-word parameter of the given kind.
    public init(_ name: String, _ kind: ParameterKind<Value>) {
        declaration = ParameterDeclaration(
            name: name, arity: .one, expected: kind.expected,
            read: { word, context throws(ArgumentProblem) in try await kind.read(word, context) })
        absent = nil
    }

    /// The same parameter, allowed to be left out (the value is then nil).
    public var optional: Parameter<Value?> {
        Parameter<Value?>(declaration: declaration.with(arity: .optional), absent: .some(nil))
    }

    /// The same parameter taking every remaining word, at least one.
    public var oneOrMore: Parameter<[Value]> {
        Parameter<[Value]>(declaration: listDeclaration(.oneOrMore), absent: nil)
    }

    /// The same parameter taking every remaining word, possibly none.
    public var zeroOrMore: Parameter<[Value]> {
        Parameter<[Value]>(declaration: listDeclaration(.zeroOrMore), absent: [])
    }

    private func listDeclaration(_ arity: Arity) -> ParameterDeclaration {
        var list = declaration.with(arity: arity)
        list.gather = { values in values.compactMap { $0 as? Value } }
        return list
    }
}

extension Parameter where Value == String {
    /// The rest of the line exactly as typed (free text such as `!echo`'s); must not be empty.
    public static func text(_ name: String) -> Parameter<String> {
        Parameter(
            declaration: ParameterDeclaration(
                name: name, arity: .rest, expected: "some text".zh("一段文字"), read: { word, _ in word }),
            absent: nil)
    }

    /// The rest of the line as typed, or the empty string when nothing follows.
    public static func optionalText(_ name: String) -> Parameter<String> {
        Parameter(
            declaration: ParameterDeclaration(
                name: name, arity: .optionalRest, expected: "some text".zh("一段文字"), read: { word, _ in word }),
            absent: "")
    }
}

extension ParameterDeclaration {
    func with(arity: Arity) -> ParameterDeclaration {
        ParameterDeclaration(name: name, arity: arity, expected: expected, read: read)
    }
}
