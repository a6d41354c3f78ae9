public import Foundation
import Storage

/// Members' data rights: everything held about a member, one-time links to it, and forgetting.
extension MemberDirectory {
    /// The member behind `identity` when the community knows them (never creates one).
    public func knownMember(of identity: Identity) async throws -> Member? {
        try await database.first(
            "SELECT member_id FROM member_identity WHERE network = ? AND account = ?",
            [.text(identity.network), .text(identity.account)]
        ).map { Member(id: Int64(try RowReader($0, table: "member_identity").integer("member_id"))) }
    }

    /// Everything the community holds about the member behind `identity`, read in one
    /// transaction; nil when it does not know them.
    public func exportData(of identity: Identity, at now: Date = Date()) async throws -> MemberDataExport? {
        guard let member = try await knownMember(of: identity) else { return nil }
        let owners = dataOwners
        return try await database.transaction { connection -> MemberDataExport in
            let identities = try Self.identities(of: member, in: connection)
            let (matching, parameters) = IdentityMatch.sql(identities)
            let id: [SQLValue] = [.integer(member.id)]
            var sections: [String: [ExportRow]] = [
                "profile": try connection.exportRows("SELECT * FROM member_profile WHERE member_id = ?", id),
                "interactions": try connection.exportRows(
                    "SELECT * FROM interaction WHERE member_id = ? OR \(matching) ORDER BY at", id + parameters),
                "chat_events": try ChatLog.entries(of: [member], in: connection).map { entry in
                    [
                        "kind": .text(entry.kind.rawValue), "network": .text(entry.network),
                        "channel": entry.channel.map(ExportValue.text) ?? .null, "at": .date(entry.at),
                    ]
                },
                "last_seen": try connection.exportRows("SELECT * FROM member_seen WHERE \(matching)", parameters),
                "notices": try connection.exportRows(
                    "SELECT * FROM member_notice WHERE \(matching) ORDER BY created_at", parameters),
            ]
            for owner in owners {
                sections.merge(try owner.exportData(of: member, identities: identities, in: connection)) { $1 }
            }
            return MemberDataExport(
                exported_at: now,
                identities: try connection.exportRows(
                    "SELECT network, account, linked_at FROM member_identity WHERE member_id = ? ORDER BY network",
                    id),
                sections: sections)
        }
    }

    /// Deletes the member behind `identity` and everything about them, in one transaction,
    /// except what the ledger and safety require, which stops naming them. Nil when the
    /// community does not know them.
    ///
    /// Whatever of theirs is still on its way to the database (chat buffered for a moment, the
    /// very command that asked) happened at or before `now` and is never attributed to them
    /// afterwards: it is counted without a name (`wasForgotten`).
    public func forget(_ identity: Identity, at now: Date = Date()) async throws -> ForgetReport? {
        rememberForgotten([identity], at: now)
        guard let member = try await knownMember(of: identity) else { return nil }
        let owners = dataOwners
        let pseudonym = "forgotten-" + SecureCodes.make(groups: 1, length: 8).lowercased()
        let report = try await database.transaction { connection -> ForgetReport in
            var report = ForgetReport(pseudonym: pseudonym)
            let identities = try Self.identities(of: member, in: connection)
            self.rememberForgotten(identities, at: now)
            for owner in owners {
                try owner.forgetData(
                    of: member, identities: identities, pseudonym: pseudonym, in: connection, report: &report)
            }
            let (matching, parameters) = IdentityMatch.sql(identities)
            let id: [SQLValue] = [.integer(member.id)]
            report.removed["interactions", default: 0] += try connection.execute(
                "DELETE FROM interaction WHERE member_id = ? OR \(matching)", id + parameters)
            report.removed["chat messages", default: 0] += try ChatLog.rewrite(in: connection) { entry in
                entry.member == member ? nil : entry
            }
            report.removed["notices", default: 0] += try connection.execute(
                "DELETE FROM member_notice WHERE \(matching)", parameters)
            report.removed["last seen", default: 0] += try connection.execute(
                "DELETE FROM member_seen WHERE \(matching)", parameters)
            report.removed["profile", default: 0] += try connection.execute(
                "DELETE FROM member_profile WHERE member_id = ?", id)
            for table in ["member_link_code", "member_data_link", "member_identity"] {
                _ = try connection.execute("DELETE FROM \(table) WHERE member_id = ?", id)
            }
            report.removed["identities", default: 0] += identities.count
            _ = try connection.execute("DELETE FROM member WHERE id = ?", id)
            try self.identitiesChanged(in: connection)
            return report
        }
        forgetCachedMembers()
        return report
    }

    /// A one-time token for `identity`'s data export, valid for `lifetime` seconds; only its
    /// SHA-256 is stored.
    public func makeDataLink(
        for identity: Identity, at now: Date = Date(), lifetime: TimeInterval = 3600
    ) async throws -> String {
        let member = try await self.member(of: identity)
        let token = SecureCodes.make(groups: 4, length: 8).replacingOccurrences(of: "-", with: "").lowercased()
        try await database.execute(
            "INSERT INTO member_data_link (token_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [
                .text(Digest.sha256Hex(token)), .integer(member.id), .real(now.timeIntervalSince1970),
                .real(now.timeIntervalSince1970 + lifetime),
            ])
        return token
    }

    /// Uses a data link: the identity it was made for, once, within its lifetime; nil otherwise.
    public func useDataLink(_ token: String, at now: Date = Date()) async throws -> Identity? {
        let tokenHash = Digest.sha256Hex(token)
        return try await database.transaction { connection -> Identity? in
            guard
                let row = try connection.first(
                    "SELECT member_id FROM member_data_link WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                    [.text(tokenHash), .real(now.timeIntervalSince1970)])
            else { return nil }
            try connection.execute(
                "UPDATE member_data_link SET used_at = ? WHERE token_hash = ?",
                [.real(now.timeIntervalSince1970), .text(tokenHash)])
            let member = Member(id: Int64(try RowReader(row, table: "member_data_link").integer("member_id")))
            return try Self.identities(of: member, in: connection).first
        }
    }

    static func identities(of member: Member, in connection: Connection) throws -> [Identity] {
        try connection.query(
            "SELECT network, account FROM member_identity WHERE member_id = ? ORDER BY network, account",
            [.integer(member.id)]
        ).map { row in
            let reader = RowReader(row, table: "member_identity", key: "network", "account")
            return Identity(network: try reader.text("network"), account: try reader.text("account"))
        }
    }
}
