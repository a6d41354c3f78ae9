public import Foundation
public import Storage

/// One stored value as a member's data export shows it.
public enum ExportValue: Sendable, Hashable, Encodable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case date(Date)
    case null

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        case .date(let date): try container.encode(date.formatted(.iso8601))
        case .null: try container.encodeNil()
        }
    }
}

/// One stored row, column by column.
public typealias ExportRow = [String: ExportValue]

extension Row {
    /// The row for an export: times (columns `at`, `…_at` and `…_until`) as ISO-8601, the rest
    /// as stored.
    public var exported: ExportRow {
        var row: ExportRow = [:]
        for (column, value) in zip(columns, values) {
            switch value {
            case .null: row[column] = .null
            case .integer(let number): row[column] = .integer(number)
            case .real(let number):
                row[column] =
                    column == "at" || column.hasSuffix("_at")
                    ? .date(Date(timeIntervalSince1970: number)) : .real(number)
            case .text(let text): row[column] = .text(text)
            case .blob(let bytes): row[column] = .text(bytes.map { String(format: "%02x", $0) }.joined())
            }
        }
        return row
    }
}

/// Something kept about a member after they asked to be forgotten, and why.
public struct KeptData: Sendable, Hashable, Encodable {
    /// What is kept, e.g. "orders and payments".
    public var what: String
    /// Rows kept.
    public var rows: Int
    /// Why it must be kept.
    public var why: KeptReason
}

/// Why data outlives a request to be forgotten.
public enum KeptReason: String, Sendable, Hashable, Encodable {
    /// Payments must stay accountable (bookkeeping law); the records no longer name the member.
    case ledger
    /// Moderation cases stay so moderators can act on repeated harm; they no longer name the member.
    case safety
}

/// Everything the community holds about one member.
public struct MemberDataExport: Sendable, Encodable {
    public var exported_at: Date
    /// The member's identities (network and account) on every linked network.
    public var identities: [ExportRow]
    /// Each kind of record, by name (`subscriptions`, `orders`, `interactions`…).
    public var sections: [String: [ExportRow]]
}

/// What forgetting a member did.
public struct ForgetReport: Sendable {
    /// Rows deleted, by what they were.
    public var removed: [String: Int] = [:]
    /// What was kept, pseudonymised, and why.
    public var kept: [KeptData] = []
    /// The name that replaces the member's in what was kept.
    public var pseudonym: String
}

/// SQL that matches rows of any of a member's identities.
public enum IdentityMatch {
    /// `(network = ? AND account = ?) OR …` for `identities`, with its parameters; `0` when empty.
    public static func sql(
        _ identities: [Identity], network: String = "network", account: String = "account"
    ) -> (String, [SQLValue]) {
        guard !identities.isEmpty else { return ("0", []) }
        let clause = identities.map { _ in "(\(network) = ? AND \(account) = ?)" }.joined(separator: " OR ")
        return ("(\(clause))", identities.flatMap { [SQLValue.text($0.network), .text($0.account)] })
    }

    /// `account IN (…)` for the accounts of `identities` (for columns that hold an account alone).
    public static func accounts(_ identities: [Identity], column: String) -> (String, [SQLValue]) {
        let accounts = Array(Set(identities.map(\.account))).sorted()
        guard !accounts.isEmpty else { return ("0", []) }
        return ("\(column) IN (\(accounts.map { _ in "?" }.joined(separator: ", ")))", accounts.map { .text($0) })
    }
}

extension Connection {
    /// Every row of `sql` as export rows.
    public func exportRows(_ sql: String, _ parameters: [SQLValue]) throws -> [ExportRow] {
        try query(sql, parameters).map(\.exported)
    }
}
