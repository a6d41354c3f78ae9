import Foundation
public import Storage
import Synchronization

/// Who holds which role, by (network, account): the configuration's grants plus grants made at
/// run time by owners (stored in the database). Account names compare case-insensitively.
public final class RoleBook: Sendable {
    /// A role held by an account.
    public struct Grant: Sendable, Hashable {
        public var network: String
        public var account: String
        public var role: Role
        /// True when it comes from the configuration file (cannot be revoked in chat).
        public var fromConfiguration: Bool
    }

    private let database: Database
    private let configured = Mutex<[Key: Role]>([:])
    private let stored = Mutex<[Key: Role]>([:])

    private struct Key: Hashable {
        var network: String
        var account: String
        init(_ network: String, _ account: String) {
            self.network = IdentityKey.network(network)
            self.account = IdentityKey.account(account)
        }
    }

    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE core_role (
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                role TEXT NOT NULL,
                granted_by TEXT,
                granted_at TEXT NOT NULL,
                PRIMARY KEY (network, account)
            )
            """)
    ]

    /// Loads the stored grants; `configured` maps (network, account) to roles from the config.
    public init(database: Database, configured grants: [(network: String, account: String, role: Role)]) async throws {
        self.database = database
        try await database.migrate("core_role", Self.migrations)
        setConfigured(grants)
        var loaded: [Key: Role] = [:]
        for row in try await database.query("SELECT network, account, role FROM core_role") {
            let reader = RowReader(row, table: "core_role", key: "network", "account")
            let name = try reader.text("role")
            guard let role = Role(name: name) else {
                throw CorruptRow(
                    table: "core_role", id: reader.id, column: "role", expected: "owner, moderator or member",
                    found: "\"\(name)\"")
            }
            loaded[Key(try reader.text("network"), try reader.text("account"))] = role
        }
        stored.withLock { $0 = loaded }
    }

    /// Replaces the configuration's grants (on reload).
    public func setConfigured(_ grants: [(network: String, account: String, role: Role)]) {
        var map: [Key: Role] = [:]
        for grant in grants {
            map[Key(grant.network, grant.account)] = max(map[Key(grant.network, grant.account)] ?? .member, grant.role)
        }
        configured.withLock { $0 = map }
    }

    /// The role of a speaker: `member` without a vouched account, else the higher of the
    /// configured and stored grants.
    public func role(of speaker: Speaker) -> Role {
        guard let account = speaker.account else { return .member }
        return role(network: speaker.network, account: account)
    }

    /// The role held by an account on a network.
    public func role(network: String, account: String) -> Role {
        let key = Key(network, account)
        let fromConfig = configured.withLock { $0[key] } ?? .member
        let fromStore = stored.withLock { $0[key] } ?? .member
        return max(fromConfig, fromStore)
    }

    /// Stores a grant made at run time (replacing an earlier stored one).
    public func grant(_ role: Role, network: String, account: String, by grantor: String) async throws {
        try await database.execute(
            """
            INSERT INTO core_role (network, account, role, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (network, account) DO UPDATE
            SET role = excluded.role, granted_by = excluded.granted_by, granted_at = excluded.granted_at
            """,
            [
                .text(IdentityKey.network(network)), .text(IdentityKey.account(account)), .text(role.description),
                .text(grantor),
                .text(Date().formatted(.iso8601)),
            ])
        stored.withLock { $0[Key(network, account)] = role }
    }

    /// Removes a stored grant; returns whether there was one.
    @discardableResult
    public func revoke(network: String, account: String) async throws -> Bool {
        let changed = try await database.execute(
            "DELETE FROM core_role WHERE network = ? AND account = ?",
            [.text(IdentityKey.network(network)), .text(IdentityKey.account(account))])
        stored.withLock { $0[Key(network, account)] = nil }
        return changed > 0
    }

    /// Every grant above `member`, configured and stored, sorted by network, role and account.
    public func grants() -> [Grant] {
        var result: [Grant] = []
        for (key, role) in configured.withLock({ $0 }) where role > .member {
            result.append(Grant(network: key.network, account: key.account, role: role, fromConfiguration: true))
        }
        for (key, role) in stored.withLock({ $0 }) where role > .member {
            result.append(Grant(network: key.network, account: key.account, role: role, fromConfiguration: false))
        }
        return result.sorted {
            ($0.network, -$0.role.rawValue, $0.account) < ($1.network, -$1.role.rawValue, $1.account)
        }
    }
}
