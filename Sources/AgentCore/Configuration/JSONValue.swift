/// A decoded JSON (or JSON5) value, kept generic so configuration can be checked field by
/// field and every problem reported with its path.
public enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// A short name of the value's type, for problem messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// One thing wrong with a configuration file: where, what, and how to fix it.
public struct ConfigProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON path, e.g. `networks[0].sasl.password_env`.
    public var path: String
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is an obvious fix.
    public var hint: String?

    /// Creates a problem.
    public init(path: String, message: String, hint: String? = nil) {
        self.path = path
        self.message = message
        self.hint = hint
    }

    /// `path: message (hint)`.
    public var description: String {
        let location = path.isEmpty ? "(top level)" : path
        return hint.map { "\(location): \(message) — \($0)" } ?? "\(location): \(message)"
    }
}

/// Reads typed values out of a `JSONValue` object, recording a `ConfigProblem` (with path)
/// for each missing, mistyped, out-of-range or unknown field instead of stopping at the first.
public final class ConfigReader {
    /// Every problem found so far, shared by child readers.
    public private(set) var problems: [ConfigProblem]
    private let object: [String: JSONValue]
    private let path: String
    private var consumed: Set<String> = []
    private weak var parent: ConfigReader?

    /// A reader over a top-level value, which must be an object.
    public init(_ value: JSONValue, path: String = "") {
        self.path = path
        self.problems = []
        if case .object(let object) = value {
            self.object = object
        } else {
            self.object = [:]
            problems.append(ConfigProblem(path: path, message: "expected an object, found \(value.typeName)"))
        }
    }

    private init(object: [String: JSONValue], path: String, parent: ConfigReader) {
        self.object = object
        self.path = path
        self.problems = []
        self.parent = parent
    }

    /// Records a problem at `key` below this reader's path.
    public func problem(_ key: String?, _ message: String, hint: String? = nil) {
        let full = key.map { childPath($0) } ?? path
        root.problems.append(ConfigProblem(path: full, message: message, hint: hint))
    }

    private var root: ConfigReader { parent?.root ?? self }

    /// The path of a key below this reader.
    public func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value at `key`, if present (marks it as known).
    public func value(_ key: String) -> JSONValue? {
        consumed.insert(key)
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    /// A string, or `fallback` when absent; a problem when present with another type.
    public func string(_ key: String, default fallback: String) -> String { string(key) ?? fallback }

    /// A string, or nil when absent; a problem when present with another type.
    public func string(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            problem(key, "expected a string, found \(value.typeName)")
            return nil
        }
        return text
    }

    /// A boolean, or `fallback`.
    public func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = value(key) else { return fallback }
        guard case .bool(let flag) = value else {
            problem(key, "expected true or false, found \(value.typeName)")
            return fallback
        }
        return flag
    }

    /// A number within `range`, or `fallback`.
    public func number(_ key: String, default fallback: Double, in range: ClosedRange<Double>) -> Double {
        guard let value = value(key) else { return fallback }
        guard case .number(let number) = value else {
            problem(key, "expected a number, found \(value.typeName)")
            return fallback
        }
        guard range.contains(number) else {
            problem(
                key, "\(Self.format(number)) is out of range",
                hint: "use a value from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))")
            return fallback
        }
        return number
    }

    /// A whole number within `range`, or `fallback`.
    public func integer(_ key: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        let number = self.number(
            key, default: Double(fallback), in: Double(range.lowerBound)...Double(range.upperBound))
        guard number == number.rounded() else {
            problem(key, "expected a whole number, found \(number)")
            return fallback
        }
        return Int(number)
    }

    /// A string that must be one of `choices`, or `fallback`.
    public func choice(_ key: String, _ choices: [String], default fallback: String) -> String {
        guard let text = string(key) else { return fallback }
        guard choices.contains(text.lowercased()) else {
            problem(key, "unknown value \"\(text)\"", hint: "use one of: \(choices.joined(separator: ", "))")
            return fallback
        }
        return text.lowercased()
    }

    /// A child reader for an object at `key`; nil when absent (a problem when not an object).
    public func object(_ key: String) -> ConfigReader? {
        guard let value = value(key) else { return nil }
        guard case .object(let object) = value else {
            problem(key, "expected an object, found \(value.typeName)")
            return nil
        }
        return ConfigReader(object: object, path: childPath(key), parent: self)
    }

    /// The elements of a list at `key` with their paths; empty when absent.
    public func list(_ key: String) -> [(value: JSONValue, path: String)] {
        guard let value = value(key) else { return [] }
        guard case .array(let items) = value else {
            problem(key, "expected a list, found \(value.typeName)")
            return []
        }
        return items.enumerated().map { (value: $0.element, path: "\(childPath(key))[\($0.offset)]") }
    }

    /// A reader over a list element that must be an object.
    public func element(_ item: (value: JSONValue, path: String)) -> ConfigReader? {
        guard case .object(let object) = item.value else {
            root.problems.append(
                ConfigProblem(path: item.path, message: "expected an object, found \(item.value.typeName)"))
            return nil
        }
        return ConfigReader(object: object, path: item.path, parent: self)
    }

    /// A list of strings at `key`.
    public func strings(_ key: String) -> [String] {
        list(key).compactMap { item in
            guard case .string(let text) = item.value else {
                root.problems.append(
                    ConfigProblem(path: item.path, message: "expected a string, found \(item.value.typeName)"))
                return nil
            }
            return text
        }
    }

    /// Every key of the object, in sorted order (marks none as read).
    public var keys: [String] { object.keys.sorted() }

    /// Reports keys that were never read: almost always typos.
    public func reportUnknownKeys() {
        for key in object.keys.sorted() where !consumed.contains(key) {
            let known = Array(consumed)
            let suggestion = Suggestions.closest(to: key, among: known, limit: 1).first
            problem(key, "unknown option", hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "remove it")
        }
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

/// Every problem found in one configuration file.
public struct ConfigProblems: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems in the order found.
    public var problems: [ConfigProblem]

    /// Wraps a list of problems.
    public init(_ problems: [ConfigProblem]) { self.problems = problems }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
