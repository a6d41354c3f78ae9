/// A wildcard pattern for `nick!user@host` masks: `*` matches any run, `?` one character,
/// and a backslash makes the next character literal.
public struct Hostmask: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written, e.g. `*!*@*.example.org`.
    public let pattern: String
    private let tokens: [Token]

    private enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case any
        case anyRun
    }

    /// Compiles `pattern`, folding literals under `caseMapping` so matching is case-insensitive.
    public init(_ pattern: String, caseMapping: CaseMapping = .rfc1459) {
        self.pattern = pattern
        var tokens: [Token] = []
        var escaped = false
        for scalar in pattern.unicodeScalars {
            if escaped {
                tokens.append(.literal(Self.fold(scalar, caseMapping)))
                escaped = false
                continue
            }
            switch scalar {
            case "\\": escaped = true
            case "*": if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?": tokens.append(.any)
            default: tokens.append(.literal(Self.fold(scalar, caseMapping)))
            }
        }
        if escaped { tokens.append(.literal("\\")) }
        self.tokens = tokens
        self.caseMapping = caseMapping
    }

    private let caseMapping: CaseMapping

    /// Whether `text` (e.g. a full `nick!user@host`) matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        let subject = text.unicodeScalars.map { Self.fold($0, caseMapping) }
        var t = 0, s = 0
        var starToken = -1, starSubject = 0
        while s < subject.count {
            if t < tokens.count {
                switch tokens[t] {
                case .anyRun:
                    starToken = t
                    starSubject = s
                    t += 1
                    continue
                case .any:
                    t += 1; s += 1
                    continue
                case .literal(let scalar) where scalar == subject[s]:
                    t += 1; s += 1
                    continue
                case .literal:
                    break
                }
            }
            guard starToken >= 0 else { return false }
            t = starToken + 1
            starSubject += 1
            s = starSubject
        }
        while t < tokens.count, tokens[t] == .anyRun { t += 1 }
        return t == tokens.count
    }

    private static func fold(_ scalar: Unicode.Scalar, _ mapping: CaseMapping) -> Unicode.Scalar {
        scalar.isASCII ? Unicode.Scalar(mapping.fold(UInt8(scalar.value))) : scalar
    }

    /// The pattern as written.
    public var description: String { pattern }
}
