/// Why a line could not be parsed, or a message could not be serialized.
///
/// Compare `kind` against the static kinds (`MessageError.Kind.missingCommand`, …); `detail`
/// says which part was at fault, for logs.
public struct MessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A category of failure; new kinds may be added without breaking callers.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// A short human-readable name for the kind.
        public let description: String

        /// The line is empty or only whitespace.
        public static let empty = Kind(description: "empty line")
        /// The line has tags or a source but no command.
        public static let missingCommand = Kind(description: "missing command")
        /// The command is neither letters nor exactly three digits.
        public static let invalidCommand = Kind(description: "invalid command")
        /// The line has a `:` prefix marker with nothing after it, or a source with a space.
        public static let invalidSource = Kind(description: "invalid source")
        /// A tag key is empty or has characters the message-tags spec does not allow.
        public static let invalidTagKey = Kind(description: "invalid tag key")
        /// The line contains CR, LF or NUL before its end, or a value to serialize does.
        public static let forbiddenCharacter = Kind(description: "forbidden character (CR, LF or NUL)")
        /// A middle parameter to serialize is empty, starts with `:` or contains a space.
        public static let invalidMiddleParameter = Kind(description: "invalid middle parameter")
        /// More than 15 parameters were given to serialize.
        public static let tooManyParameters = Kind(description: "more than 15 parameters")
    }

    /// What went wrong.
    public let kind: Kind
    /// Which part was at fault, for logs (never contains CR, LF or NUL).
    public let detail: String

    /// Creates an error of `kind`, with `detail` made safe to log on one line.
    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = String(detail.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) }.prefix(120))
    }

    /// `kind: detail`.
    public var description: String {
        detail.isEmpty ? kind.description : "\(kind.description): \(detail)"
    }
}
