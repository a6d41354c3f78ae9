/// One ordered schema change owned by a service (`namespace`), applied once and recorded.
public struct Migration: Sendable, Hashable {
    /// Position in the owner's sequence, starting at 1; applied in increasing order.
    public let version: Int
    /// The SQL to run; several statements may be separated by semicolons.
    public let sql: String

    /// Creates a migration.
    public init(_ version: Int, _ sql: String) {
        self.version = version
        self.sql = sql
    }
}
