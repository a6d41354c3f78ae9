import Foundation
public import Storage

/// Small facts a gateway learns about its network and keeps across restarts (the line rate a
/// server tolerates, for one). Values are text; a gateway encodes its own. It alone writes the
/// `core_network_memory` table.
public final class NetworkMemory: Sendable {
    private let database: Database

    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE core_network_memory (
                network TEXT NOT NULL,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (network, name)
            )
            """)
    ]

    /// Opens the memory in `database`, creating its table when needed.
    public init(database: Database) async throws {
        self.database = database
        try await database.migrate("core_network_memory", Self.migrations)
    }

    /// The value stored under `name` for `network`, or nil.
    public func value(_ name: String, network: String) async throws -> String? {
        try await database.first(
            "SELECT value FROM core_network_memory WHERE network = ? AND name = ?",
            [.text(IdentityKey.network(network)), .text(name)]
        )?.string("value")
    }

    /// Stores `value` under `name` for `network` (nil removes it).
    public func set(_ value: String?, for name: String, network: String) async throws {
        guard let value else {
            try await database.execute(
                "DELETE FROM core_network_memory WHERE network = ? AND name = ?",
                [.text(IdentityKey.network(network)), .text(name)])
            return
        }
        try await database.transaction { connection in
            let changed = try connection.execute(
                "UPDATE core_network_memory SET value = ?, updated_at = ? WHERE network = ? AND name = ?",
                [.text(value), .real(Date().timeIntervalSince1970), .text(IdentityKey.network(network)), .text(name)])
            if changed == 0 {
                try connection.execute(
                    "INSERT INTO core_network_memory (network, name, value, updated_at) VALUES (?, ?, ?, ?)",
                    [
                        .text(IdentityKey.network(network)), .text(name), .text(value),
                        .real(Date().timeIntervalSince1970),
                    ])
            }
        }
    }
}
