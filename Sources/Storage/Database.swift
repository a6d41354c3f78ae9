import CSQLite
import Foundation

/// The agent's SQLite database: one file in WAL mode, one writer at a time, every call run on
/// a dedicated thread so no SQLite call ever blocks Swift's cooperative pool.
public actor Database {
    /// How hard SQLite works to survive power loss (`PRAGMA synchronous`).
    public enum Synchronous: String, Sendable {
        /// Durable against application crashes (kill -9); a power cut may lose the last commits. WAL default.
        case normal = "NORMAL"
        /// Also durable against power loss, at the cost of an fsync per commit.
        case full = "FULL"
    }

    private let executor: DedicatedThreadExecutor
    private let connection: Connection
    /// Checkpoints off the writing thread (none for an in-memory database).
    private let checkpointer: WALCheckpointer?
    /// The file this database lives in.
    public nonisolated let path: String

    /// Runs on the database's own thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Opens (creating if needed) the database at `path` (":memory:" for a private in-memory one).
    public init(path: String, synchronous: Synchronous = .normal, busyTimeoutMilliseconds: Int32 = 5_000) throws {
        self.path = path
        self.executor = DedicatedThreadExecutor(name: "sqlite")
        do {
            self.connection = try Connection(
                path: path, synchronous: synchronous, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            executor.shutdown()
            throw error
        }
        if path != ":memory:", !path.isEmpty, let handle = connection.rawHandle {
            let checkpointer = WALCheckpointer(path: path)
            checkpointer.attach(to: handle)
            self.checkpointer = checkpointer
        } else {
            self.checkpointer = nil
        }
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migration (
                namespace TEXT NOT NULL, version INTEGER NOT NULL,
                applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (namespace, version))
            """
        )
    }

    deinit {
        checkpointer?.stop()
        executor.shutdown()
    }

    /// Checkpoints the write-ahead log into the database file and closes the connection, so a
    /// plain copy of the file holds every committed row. Every later call fails.
    public func close() throws {
        checkpointer?.stop()
        try connection.close()
    }

    /// Writes a consistent copy of the database to `path` (replaced atomically when it exists),
    /// safe while this or another process keeps using the database.
    public func backup(to path: String) throws {
        let partial = path + ".partial"
        unlink(partial)
        do {
            try connection.backup(to: partial)
        } catch {
            unlink(partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw StorageError(code: 0, message: "cannot move the backup into place at \(path): \(reason)")
        }
    }

    /// Proves the database takes a committed write now (one row in a table of its own).
    public func probeWrite(at now: Double) throws {
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS storage_probe (id INTEGER PRIMARY KEY, at REAL NOT NULL)", [])
        try connection.execute("INSERT OR REPLACE INTO storage_probe (id, at) VALUES (1, ?)", [.real(now)])
    }

    /// Runs one statement; returns the number of rows changed.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
        try connection.execute(sql, parameters)
    }

    /// Runs one query and returns every row.
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [Row] {
        try connection.query(sql, parameters)
    }

    /// Runs one query and returns its first row, or nil.
    public func first(_ sql: String, _ parameters: [SQLValue] = []) throws -> Row? {
        try connection.first(sql, parameters)
    }

    /// Runs several statements atomically: committed when `body` returns, rolled back when it throws.
    @discardableResult
    public func transaction<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try connection.transaction(body)
    }

    /// Applies, in order and each in its own transaction, the migrations of `namespace` not yet
    /// recorded. Returns the versions applied now.
    @discardableResult
    public func migrate(_ namespace: String, _ migrations: [Migration]) throws -> [Int] {
        let versions = migrations.map(\.version)
        precondition(
            versions == versions.sorted() && Set(versions).count == versions.count,
            "migrations of \(namespace) must have increasing, unique versions")
        let applied = Set(
            try connection.query("SELECT version FROM schema_migration WHERE namespace = ?", [.text(namespace)])
                .compactMap { $0.int("version") })
        var done: [Int] = []
        for migration in migrations where !applied.contains(migration.version) {
            try connection.transaction { connection in
                try Self.runScript(migration.sql, on: connection)
                try connection.execute(
                    "INSERT INTO schema_migration (namespace, version) VALUES (?, ?)",
                    [.text(namespace), .integer(Int64(migration.version))])
            }
            done.append(migration.version)
        }
        return done
    }

    /// The versions of `namespace` recorded as applied, in order.
    public func appliedMigrations(_ namespace: String) throws -> [Int] {
        try connection.query(
            "SELECT version FROM schema_migration WHERE namespace = ? ORDER BY version", [.text(namespace)]
        )
        .compactMap { $0.int("version") }
    }

    /// Runs a script of semicolon-separated statements (no parameters).
    static func runScript(_ sql: String, on connection: Connection) throws {
        var remaining = sql
        while true {
            let trimmed = remaining.trimmingWhitespace()
            if trimmed.isEmpty { return }
            var tail: UnsafePointer<CChar>?
            var statement: OpaquePointer?
            let consumed: Int = try trimmed.withCString { start in
                let status = sqlite3_prepare_v2(connection.rawHandle, start, -1, &statement, &tail)
                defer { sqlite3_finalize(statement) }
                guard status == SQLITE_OK else {
                    throw StorageError(
                        code: status, message: String(cString: sqlite3_errmsg(connection.rawHandle)), sql: trimmed)
                }
                if let statement {
                    let step = sqlite3_step(statement)
                    guard step == SQLITE_DONE || step == SQLITE_ROW else {
                        throw StorageError(
                            code: step, message: String(cString: sqlite3_errmsg(connection.rawHandle)), sql: trimmed)
                    }
                }
                return tail.map { $0 - start } ?? trimmed.utf8.count
            }
            remaining = String(decoding: trimmed.utf8.dropFirst(consumed), as: UTF8.self)
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
