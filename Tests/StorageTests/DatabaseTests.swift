import Foundation
import Storage
import Synchronization
import Testing

/// A fresh database file in its own temporary directory, removed by `cleanUp()`.
struct TemporaryDatabase {
    let directory: URL
    let path: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("test.sqlite").path
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

@Suite("Database")
struct DatabaseTests {
    @Test func typedBindingAndReading() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        try await db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try await db.execute(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
            [.integer(42), .real(2.5), .text("你好 'quoted'"), .blob([0, 1, 255]), .null])
        let row = try #require(try await db.first("SELECT * FROM t"))
        #expect(row.int("i") == 42)
        #expect(row.double("r") == 2.5)
        #expect(row.string("s") == "你好 'quoted'")
        #expect(row["b"] == .blob([0, 1, 255]))
        #expect(row["n"] == .null)
        #expect(row.string("missing") == nil)
    }

    @Test func walModeAndForeignKeysAreOn() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        #expect(try await db.first("PRAGMA journal_mode")?.string("journal_mode") == "wal")
        #expect(try await db.first("PRAGMA foreign_keys")?.int("foreign_keys") == 1)
    }

    @Test func errorsCarryTheSQLAndSQLitesMessage() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        do {
            try await db.execute("SELEC nonsense")
            Issue.record("expected an error")
        } catch let error as StorageError {
            #expect(error.sql == "SELEC nonsense")
            #expect(error.message.contains("syntax error"))
        }
    }

    @Test func wrongParameterCountIsAnError() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        try await db.execute("CREATE TABLE t (a TEXT)")
        await #expect(throws: StorageError.self) { try await db.execute("INSERT INTO t VALUES (?)", []) }
    }

    @Test func transactionRollsBackWhenBodyThrows() async throws {
        struct Boom: Error {}
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        try await db.execute("CREATE TABLE t (a INTEGER)")
        await #expect(throws: Boom.self) {
            try await db.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (1)")
                try connection.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try await db.query("SELECT * FROM t").isEmpty)
        try await db.transaction { connection in try connection.execute("INSERT INTO t VALUES (3)") }
        #expect(try await db.query("SELECT a FROM t").map { $0.int("a") } == [3])
    }

    @Test func rollbackActionsRunOnlyForWhatWasUndone() async throws {
        struct Boom: Error {}
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        final class Undone: Sendable {
            let names = Mutex<[String]>([])
            func add(_ name: String) { names.withLock { $0.append(name) } }
            var all: [String] { names.withLock { $0 } }
        }
        let undone = Undone()
        try await db.transaction { connection in
            connection.onRollback { undone.add("kept") }
            _ = try? connection.transaction { inner -> Void in
                inner.onRollback { undone.add("inner") }
                throw Boom()
            }
        }
        #expect(undone.all == ["inner"])
        await #expect(throws: Boom.self) {
            try await db.transaction { connection in
                connection.onRollback { undone.add("outer") }
                throw Boom()
            }
        }
        #expect(undone.all == ["inner", "outer"])
        // Outside a transaction nothing is kept to run later.
        try await db.transaction { _ in }
        #expect(undone.all == ["inner", "outer"])
    }

    @Test func nestedTransactionRollsBackOnlyItsPart() async throws {
        struct Boom: Error {}
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        try await db.execute("CREATE TABLE t (a INTEGER)")
        try await db.transaction { connection in
            try connection.execute("INSERT INTO t VALUES (1)")
            _ = try? connection.transaction { inner -> Void in
                try inner.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
            try connection.execute("INSERT INTO t VALUES (3)")
        }
        #expect(try await db.query("SELECT a FROM t ORDER BY a").map { $0.int("a") } == [1, 3])
    }

    @Test func constraintViolationIsRecognisable() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        try await db.execute("CREATE TABLE t (a TEXT PRIMARY KEY)")
        try await db.execute("INSERT INTO t VALUES ('x')")
        do {
            try await db.execute("INSERT INTO t VALUES ('x')")
            Issue.record("expected a constraint error")
        } catch let error as StorageError {
            #expect(error.isConstraintViolation)
        }
    }

    @Test func dataSurvivesReopening() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        do {
            let db = try Database(path: file.path)
            try await db.execute("CREATE TABLE t (a TEXT)")
            try await db.execute("INSERT INTO t VALUES ('kept')")
        }
        let reopened = try Database(path: file.path)
        #expect(try await reopened.first("SELECT a FROM t")?.string("a") == "kept")
    }

    @Test func concurrentWritersAreSerialised() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        try await db.execute("CREATE TABLE counter (n INTEGER)")
        try await db.execute("INSERT INTO counter VALUES (0)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await db.transaction { connection in
                        let n = try connection.first("SELECT n FROM counter")?.int("n") ?? 0
                        try connection.execute("UPDATE counter SET n = ?", [.int(n + 1)])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await db.first("SELECT n FROM counter")?.int("n") == 50)
    }
}

@Suite("Checkpoints")
struct CheckpointTests {
    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
    }

    /// A database in `file` with `count` commits of about one page each.
    private func databaseWithPages(_ count: Int, in file: TemporaryDatabase) async throws -> Database {
        let db = try Database(path: file.path)
        try await db.execute("CREATE TABLE blob (id INTEGER PRIMARY KEY, data BLOB)")
        let page = [UInt8](repeating: 7, count: 3_000)
        for _ in 0..<count {
            try await db.execute("INSERT INTO blob (data) VALUES (?)", [.blob(page)])
        }
        return db
    }

    @Test func theLogIsCopiedIntoTheDatabaseBesideTheWriter() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        // Past the threshold (1,000 pages) but short of where a commit checkpoints itself
        // (4,000): the rows reach the database file through the checkpointer's thread.
        let db = try await databaseWithPages(1_100, in: file)
        let deadline = ContinuousClock.now + .seconds(10)
        while fileSize(file.path) < 3_000_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(fileSize(file.path) >= 3_000_000)
        #expect(try await db.first("SELECT COUNT(*) AS n FROM blob")?.int("n") == 1_100)
    }

    @Test func continuousWritesKeepTheLogBounded() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try await databaseWithPages(6_000, in: file)
        // About 24 MB were written; the log never holds much more than four thresholds.
        #expect(fileSize(file.path + "-wal") < 18_000_000)
        try await db.close()
        #expect(fileSize(file.path) > 18_000_000)
        #expect(!FileManager.default.fileExists(atPath: file.path + "-wal") || fileSize(file.path + "-wal") == 0)
    }
}

@Suite("Migrations")
struct MigrationTests {
    static let v1 = [Migration(1, "CREATE TABLE demo_item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")]
    static let v2 =
        v1 + [
            Migration(2, "ALTER TABLE demo_item ADD COLUMN note TEXT; CREATE INDEX demo_item_name ON demo_item (name);")
        ]

    @Test func appliedInOrderAndOnlyOnce() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        #expect(try await db.migrate("demo", Self.v1) == [1])
        #expect(try await db.migrate("demo", Self.v1) == [])
        #expect(try await db.migrate("demo", Self.v2) == [2])
        #expect(try await db.appliedMigrations("demo") == [1, 2])
        try await db.execute("INSERT INTO demo_item (name, note) VALUES ('a', 'b')")
    }

    @Test func failingMigrationLeavesNothingBehind() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        let broken = Self.v1 + [Migration(2, "CREATE TABLE demo_other (a TEXT); THIS IS NOT SQL;")]
        await #expect(throws: StorageError.self) { try await db.migrate("demo", broken) }
        #expect(try await db.appliedMigrations("demo") == [1])
        #expect(try await db.query("SELECT name FROM sqlite_master WHERE name = 'demo_other'").isEmpty)
    }

    @Test func namespacesAreIndependent() async throws {
        let file = try TemporaryDatabase()
        defer { file.cleanUp() }
        let db = try Database(path: file.path)
        try await db.migrate("demo", Self.v1)
        #expect(try await db.migrate("other", [Migration(1, "CREATE TABLE other_x (a TEXT)")]) == [1])
    }
}
