public import Foundation

/// A stored row that cannot be read as its record: a required column is missing, NULL, of the
/// wrong type, or holds a value no case of its enumeration has.
///
/// Its description names the table, the row's id and the column, so the log line that reports
/// it points at the row to repair.
public struct CorruptRow: Error, Sendable, Equatable, CustomStringConvertible {
    /// The table the row came from.
    public let table: String
    /// The row's id (its key column as text), or "?" when even that is unreadable.
    public let id: String
    /// The column that could not be read.
    public let column: String
    /// What was expected there ("text", "an integer", "one of active, cancelled"…).
    public let expected: String
    /// What was found (`NULL`, or the value).
    public let found: String

    /// Describes one unreadable column.
    public init(table: String, id: String, column: String, expected: String, found: String) {
        self.table = table
        self.id = id
        self.column = column
        self.expected = expected
        self.found = found
    }

    /// `corrupt row in <table> (id <id>): <column> is <found>, expected <expected>`.
    public var description: String {
        "corrupt row in \(table) (id \(id)): \(column) is \(found), expected \(expected)"
    }
}

/// Reads one row as a record of `table`: every accessor either returns a value of the stored
/// type or throws `CorruptRow`. Nothing is invented for a value that is not there.
public struct RowReader: Sendable {
    /// The row being read.
    public let row: Row
    /// The table it came from, for error messages.
    public let table: String
    /// The row's id as text, for error messages.
    public let id: String

    /// A reader for `row` of `table`; `key` names the column(s) that identify the row in errors.
    public init(_ row: Row, table: String, key: String...) {
        self.row = row
        self.table = table
        let keys = key.isEmpty ? ["id"] : key
        self.id = keys.map { row.string($0) ?? "?" }.joined(separator: "/")
    }

    /// A required text column.
    public func text(_ column: String) throws(CorruptRow) -> String {
        guard let value = try optionalText(column) else { throw problem(column, expected: "text") }
        return value
    }

    /// A text column that may be NULL.
    public func optionalText(_ column: String) throws(CorruptRow) -> String? {
        switch row[column] {
        case .null: return nil
        case .text(let text): return text
        case let other: throw problem(column, expected: "text", found: other)
        }
    }

    /// A required integer column.
    public func integer(_ column: String) throws(CorruptRow) -> Int {
        guard let value = try optionalInteger(column) else { throw problem(column, expected: "an integer") }
        return value
    }

    /// An integer column that may be NULL.
    public func optionalInteger(_ column: String) throws(CorruptRow) -> Int? {
        switch row[column] {
        case .null: return nil
        case .integer(let value): return Int(value)
        case let other: throw problem(column, expected: "an integer", found: other)
        }
    }

    /// A required number column (real or integer).
    public func real(_ column: String) throws(CorruptRow) -> Double {
        switch row[column] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        case let other: throw problem(column, expected: "a number", found: other)
        }
    }

    /// A required time column (seconds since 1970, real or integer).
    public func date(_ column: String) throws(CorruptRow) -> Date {
        guard let value = try optionalDate(column) else { throw problem(column, expected: "a time") }
        return value
    }

    /// A time column that may be NULL.
    public func optionalDate(_ column: String) throws(CorruptRow) -> Date? {
        switch row[column] {
        case .null: return nil
        case .real(let seconds): return Date(timeIntervalSince1970: seconds)
        case .integer(let seconds): return Date(timeIntervalSince1970: Double(seconds))
        case let other: throw problem(column, expected: "a time", found: other)
        }
    }

    /// A required column holding the raw value of one of `Value`'s cases.
    public func value<Value: RawRepresentable & CaseIterable>(
        _ column: String, as type: Value.Type = Value.self
    )
        throws(CorruptRow) -> Value where Value.RawValue == String
    {
        let raw = try text(column)
        guard let value = Value(rawValue: raw) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw problem(column, expected: "one of \(names)", found: .text(raw))
        }
        return value
    }

    private func problem(_ column: String, expected: String, found: SQLValue = .null) -> CorruptRow {
        let shown: String
        switch found {
        case .null: shown = row.columns.contains(column) ? "NULL" : "missing"
        case .text(let text): shown = "\"\(text.prefix(40))\""
        case .integer(let value): shown = "\(value)"
        case .real(let value): shown = "\(value)"
        case .blob(let bytes): shown = "a blob of \(bytes.count) bytes"
        }
        return CorruptRow(table: table, id: id, column: column, expected: expected, found: shown)
    }
}
