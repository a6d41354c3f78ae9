/// One IRC protocol message: optional IRCv3 tags, an optional source, a command and its parameters.
///
/// `Message` is a plain value. Parsing (`init(_:)`, `init(bytes:)`) accepts what real servers send;
/// `serialized()` emits only what the specs allow and throws for anything that could put an
/// unintended line on the wire.
public struct Message: Sendable {
    /// IRCv3 message tags, unescaped. A tag without a value maps to the empty string.
    ///
    /// Tags read from the wire are decoded when first asked for; `tag(_:)` reads a single tag
    /// without building the dictionary.
    public var tags: [String: String] {
        get {
            switch tagStorage {
            case .decoded(let tags): return tags
            case .wire(let raw): return TagParser.decode(raw)
            }
        }
        set { tagStorage = .decoded(newValue) }
    }
    /// The raw source prefix without its leading `:`, e.g. `nick!user@host` or `irc.example.org`.
    public var source: String?
    /// The command: a named verb (`.privmsg`), a numeric reply (`.numeric(.RPL_WELCOME)`) or
    /// any other verb (`.other("FOO")`).
    public var command: IRCCommand
    /// The parameters in order; the trailing parameter is the last element, without its `:`.
    public var parameters: [String]

    /// Creates a message from its parts; nothing is validated until `serialized()`.
    public init(
        tags: [String: String] = [:], source: String? = nil, command: IRCCommand, parameters: [String] = []
    ) {
        self.tagStorage = .decoded(tags)
        self.source = source
        self.command = command
        self.parameters = parameters
    }

    /// The source split into nick, user and host, when there is a source.
    public var parsedSource: Source? {
        source.map(Source.init(raw:))
    }

    /// Tags either as a dictionary or as the escaped `key=value;…` text from the wire.
    enum TagStorage: Sendable {
        case decoded([String: String])
        case wire(String)
    }

    var tagStorage: TagStorage

    /// Creates a parsed message whose tags stay in their wire form until asked for.
    init(
        wireTags: consuming String?, source: consuming String?, command: IRCCommand,
        parameters: consuming [String]
    ) {
        self.tagStorage = wireTags.map(TagStorage.wire) ?? .decoded([:])
        self.source = source
        self.command = command
        self.parameters = parameters
    }

    /// The value of one tag (unescaped, "" for a tag without a value), or nil when absent.
    public func tag(_ key: String) -> String? {
        switch tagStorage {
        case .decoded(let tags): return tags[key]
        case .wire(let raw): return TagParser.value(of: key, in: raw)
        }
    }

    /// Whether the message carries any tags.
    public var hasTags: Bool {
        switch tagStorage {
        case .decoded(let tags): return !tags.isEmpty
        case .wire(let raw): return !raw.isEmpty
        }
    }

    /// The parameter at `index`, or nil when the message has fewer parameters.
    public subscript(parameter index: Int) -> String? {
        parameters.indices.contains(index) ? parameters[index] : nil
    }
}

extension Message: Hashable {
    /// Messages are equal when their decoded tags, source, command and parameters are.
    public static func == (lhs: Message, rhs: Message) -> Bool {
        lhs.command == rhs.command && lhs.source == rhs.source && lhs.parameters == rhs.parameters
            && lhs.tags == rhs.tags
    }

    /// Hashes the same parts `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(command)
        hasher.combine(source)
        hasher.combine(parameters)
        hasher.combine(tags)
    }
}

extension Message: CustomStringConvertible {
    /// The serialized line when it is valid, otherwise a debug rendering of the parts.
    public var description: String {
        (try? serialized())
            ?? "Message(tags: \(tags), source: \(source ?? "nil"), command: \(command), parameters: \(parameters))"
    }
}
