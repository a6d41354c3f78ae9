import CSQLite

/// SQLite's "copy this buffer now" destructor, which Swift cannot import from the C macro.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A synchronous SQLite connection with a statement cache.
///
/// Only `Database` creates one, and only its executor thread uses it; code inside
/// `Database.transaction` and `Database.read` receives it to run several statements in a row.
public final class Connection {
    private var handle: OpaquePointer?
    private var cache: [String: OpaquePointer] = [:]
    private var transactionDepth = 0
    private var rollbackActions: [() -> Void] = []

    init(path: String, synchronous: Database.Synchronous, busyTimeoutMilliseconds: Int32) throws(StorageError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            self.handle = nil
            throw StorageError(code: status, message: "\(message) (\(path))")
        }
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = \(synchronous.rawValue)")
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        for statement in cache.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Moves everything from the write-ahead log into the database file, empties the log, and
    /// closes; later calls fail. After this the database file alone holds every committed row.
    func close() throws(StorageError) {
        guard handle != nil else { return }
        try execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for statement in cache.values { sqlite3_finalize(statement) }
        cache = [:]
        let status = sqlite3_close(handle)
        guard status == SQLITE_OK else { throw error(status, sql: nil) }
        handle = nil
    }

    /// Copies the whole database, consistently, into a new file at `path` (SQLite's online
    /// backup: other connections may keep writing meanwhile).
    func backup(to path: String) throws(StorageError) {
        var destination: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let opened = sqlite3_open_v2(path, &destination, flags, nil)
        defer { sqlite3_close_v2(destination) }
        guard opened == SQLITE_OK, let destination else {
            throw StorageError(code: opened, message: "cannot create \(path)")
        }
        guard let backup = sqlite3_backup_init(destination, "main", handle, "main") else {
            throw StorageError(
                code: sqlite3_errcode(destination), message: String(cString: sqlite3_errmsg(destination)))
        }
        var status: Int32
        repeat {
            status = sqlite3_backup_step(backup, -1)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED { sqlite3_sleep(20) }
        } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
        let finished = sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finished == SQLITE_OK else {
            throw StorageError(
                code: status == SQLITE_DONE ? finished : status, message: String(cString: sqlite3_errmsg(destination)))
        }
    }

    /// Runs one statement and discards any rows; returns the number of rows changed.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue] = []) throws(StorageError) -> Int {
        let statement = try prepare(sql)
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        try bind(parameters, to: statement, sql: sql)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            if status != SQLITE_ROW { throw error(status, sql: sql) }
        }
        return Int(sqlite3_changes(handle))
    }

    /// Runs one statement and returns every row.
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws(StorageError) -> [Row] {
        var rows: [Row] = []
        try forEachRow(sql, parameters) { rows.append($0) }
        return rows
    }

    /// Runs one statement and returns its first row, or nil.
    public func first(_ sql: String, _ parameters: [SQLValue] = []) throws(StorageError) -> Row? {
        var found: Row?
        try forEachRow(sql, parameters) { row in
            if found == nil { found = row }
        }
        return found
    }

    /// Runs one statement and hands each row to `body` without collecting them.
    public func forEachRow(
        _ sql: String, _ parameters: [SQLValue], _ body: (Row) throws(StorageError) -> Void
    ) throws(StorageError) {
        let statement = try prepare(sql)
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        try bind(parameters, to: statement, sql: sql)
        let count = sqlite3_column_count(statement)
        let names = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status, sql: sql) }
            try body(Row(columns: names, values: (0..<count).map { column(statement, $0) }))
        }
    }

    var rawHandle: OpaquePointer? { handle }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` inside a transaction (a savepoint when already in one): committed when it
    /// returns, rolled back when it throws.
    @discardableResult
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        let savepoint = "sp\(transactionDepth)"
        try execute(transactionDepth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT \(savepoint)")
        transactionDepth += 1
        let actionsBefore = rollbackActions.count
        do {
            let result = try body(self)
            try execute(transactionDepth == 1 ? "COMMIT" : "RELEASE \(savepoint)")
            transactionDepth -= 1
            if transactionDepth == 0 { rollbackActions.removeAll() }
            return result
        } catch {
            transactionDepth -= 1
            if transactionDepth == 0 {
                _ = try? execute("ROLLBACK")
            } else {
                _ = try? execute("ROLLBACK TO \(savepoint)")
                _ = try? execute("RELEASE \(savepoint)")
            }
            let undone = rollbackActions[actionsBefore...]
            rollbackActions.removeSubrange(actionsBefore...)
            for action in undone.reversed() { action() }
            throw error
        }
    }

    /// Runs `action` if the transaction in progress does not commit (its savepoint rolled back,
    /// a failed COMMIT included), so what is kept in memory alongside its rows can be forgotten
    /// with them. Outside a transaction it is never run.
    public func onRollback(_ action: @escaping () -> Void) {
        guard transactionDepth > 0 else { return }
        rollbackActions.append(action)
    }

    private func prepare(_ sql: String) throws(StorageError) -> OpaquePointer {
        if let cached = cache[sql] { return cached }
        guard handle != nil else {
            throw StorageError(code: SQLITE_MISUSE, message: "the database is closed", sql: sql)
        }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, sql: sql) }
        cache[sql] = statement
        return statement
    }

    private func bind(_ parameters: [SQLValue], to statement: OpaquePointer, sql: String) throws(StorageError) {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            throw StorageError(
                code: SQLITE_RANGE, message: "expected \(expected) parameters, got \(parameters.count)", sql: sql)
        }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, sqliteTransient)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), sqliteTransient)
                }
            }
            guard status == SQLITE_OK else { throw error(status, sql: sql) }
        }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    private func error(_ status: Int32, sql: String?) -> StorageError {
        StorageError(code: status, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

extension Connection {
    /// Runs `head VALUES (…), (…) tail` for `rows` (each `columns` values), several rows per
    /// statement so a batch costs a few steps instead of one per row; returns the rows the
    /// statements return (with a `RETURNING` tail).
    @discardableResult
    public func executeRows(
        _ head: String, columns: Int, _ rows: [[SQLValue]], tail: String = ""
    ) throws(StorageError) -> [Row] {
        let chunk = 32
        let placeholder = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        var returned: [Row] = []
        var start = 0
        while start < rows.count {
            // Full chunks share one statement text (so one prepared statement); the rest go one by one.
            let size = rows.count - start >= chunk ? chunk : 1
            let sql =
                head + " VALUES " + Array(repeating: placeholder, count: size).joined(separator: ", ") + " " + tail
            let parameters = rows[start..<start + size].flatMap { $0 }
            try forEachRow(sql, parameters) { returned.append($0) }
            start += size
        }
        return returned
    }
}
