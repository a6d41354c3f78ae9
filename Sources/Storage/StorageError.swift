/// A failure reported by SQLite, with the statement that caused it.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite's primary result code (e.g. 19 for a constraint violation, 5 for busy).
    public let code: Int32
    /// SQLite's own message.
    public let message: String
    /// The SQL text involved, when there was one.
    public let sql: String?

    /// Creates an error from SQLite's code and message.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// True for a constraint violation (unique, foreign key, check, not null).
    public var isConstraintViolation: Bool { code & 0xFF == 19 }
    /// True when the database was locked by another writer for longer than the busy timeout.
    public var isBusy: Bool { code & 0xFF == 5 }

    /// `SQLite error N: message (in: SQL)`.
    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql))" }
        return text
    }
}
