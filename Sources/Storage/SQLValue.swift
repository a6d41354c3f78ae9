/// A value bound to or read from SQLite.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral,
    ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLValue {
    /// `.text` for a string, `.null` for nil.
    public static func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    /// `.integer` for an Int, `.null` for nil.
    public static func int(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
    /// `.real` for a Double, `.null` for nil.
    public static func double(_ value: Double?) -> SQLValue { value.map(SQLValue.real) ?? .null }
    /// `.integer` 1 or 0.
    public static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
}

/// One result row: columns by position and by name, with typed accessors.
public struct Row: Sendable, Hashable {
    /// Column names in result order.
    public let columns: [String]
    /// Values in result order.
    public let values: [SQLValue]

    /// Creates a row from parallel arrays of names and values.
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the named column, or `.null` when there is no such column.
    public subscript(_ name: String) -> SQLValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// The named column as a string (integers and reals are converted), or nil.
    public func string(_ name: String) -> String? {
        switch self[name] {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .null: return nil
        }
    }

    /// The named column as an Int, or nil.
    public func int(_ name: String) -> Int? {
        switch self[name] {
        case .integer(let value): return Int(value)
        case .real(let value): return Int(value)
        case .text(let text): return Int(text)
        default: return nil
        }
    }

    /// The named column as a Double, or nil.
    public func double(_ name: String) -> Double? {
        switch self[name] {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        case .text(let text): return Double(text)
        default: return nil
        }
    }

    /// The named column as a Bool (non-zero integer), or nil.
    public func bool(_ name: String) -> Bool? { int(name).map { $0 != 0 } }
}
