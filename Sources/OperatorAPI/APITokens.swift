import Community
public import Foundation
public import Storage

/// Operator tokens for the HTTP API (`Authorization: Bearer <token>`). Only a SHA-256 of each
/// token is stored; the token itself is shown once, when created. Revoked tokens stay listed.
public struct APITokens: Sendable {
    /// One token as listed (never the token itself).
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var createdAt: Date
        public var lastUsedAt: Date?
        public var revokedAt: Date?
    }

    /// Why a token could not be created or revoked.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case nameTaken(String)
        case badName(String)
        case noSuchToken(String)

        public var description: String {
            switch self {
            case .nameTaken(let name): "a token named \"\(name)\" exists already (revoke it first)"
            case .badName(let name): "\"\(name)\" is not a token name: use 1-40 letters, digits, - or _"
            case .noSuchToken(let name): "no active token named \"\(name)\""
            }
        }
    }

    let database: Database

    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE api_token (
                name TEXT NOT NULL,
                hash TEXT NOT NULL UNIQUE,
                created_at REAL NOT NULL,
                last_used_at REAL,
                revoked_at REAL
            );
            CREATE UNIQUE INDEX api_token_active ON api_token (name) WHERE revoked_at IS NULL;
            """)
    ]

    /// Opens the token table, creating it when needed.
    public init(database: Database) async throws {
        self.database = database
        try await database.migrate("api_token", Self.migrations)
    }

    /// Creates a token called `name`; returns the token, which is not stored and cannot be shown again.
    public func create(_ name: String, at now: Date = Date()) async throws -> String {
        guard !name.isEmpty, name.count <= 40,
            name.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_".unicodeScalars.contains($0))
            })
        else { throw Problem.badName(name) }
        let token = Digest.token(prefix: "cat_")
        let hash = Digest.sha256Hex(token)
        try await database.transaction { connection in
            guard
                try connection.first("SELECT 1 FROM api_token WHERE name = ? AND revoked_at IS NULL", [.text(name)])
                    == nil
            else { throw Problem.nameTaken(name) }
            try connection.execute(
                "INSERT INTO api_token (name, hash, created_at) VALUES (?, ?, ?)",
                [.text(name), .text(hash), .real(now.timeIntervalSince1970)])
        }
        return token
    }

    /// Revokes the active token called `name`.
    public func revoke(_ name: String, at now: Date = Date()) async throws {
        let changed = try await database.execute(
            "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
            [.real(now.timeIntervalSince1970), .text(name)])
        guard changed == 1 else { throw Problem.noSuchToken(name) }
    }

    /// Every token ever created, newest first.
    public func list() async throws -> [Entry] {
        try await database.query("SELECT * FROM api_token ORDER BY created_at DESC").map { row in
            let reader = RowReader(row, table: "api_token", key: "name")
            return Entry(
                name: try reader.text("name"), createdAt: try reader.date("created_at"),
                lastUsedAt: try reader.optionalDate("last_used_at"), revokedAt: try reader.optionalDate("revoked_at"))
        }
    }

    /// The name of the active token `token` is, or nil; notes when it was last used.
    public func authenticate(_ token: String, at now: Date = Date()) async throws -> String? {
        guard token.hasPrefix("cat_"), token.utf8.count == 68 else { return nil }
        let hash = Digest.sha256Hex(token)
        guard
            let row = try await database.first(
                "SELECT name FROM api_token WHERE hash = ? AND revoked_at IS NULL", [.text(hash)])
        else { return nil }
        try await database.execute(
            "UPDATE api_token SET last_used_at = ? WHERE hash = ?", [.real(now.timeIntervalSince1970), .text(hash)])
        return try RowReader(row, table: "api_token").text("name")
    }
}
