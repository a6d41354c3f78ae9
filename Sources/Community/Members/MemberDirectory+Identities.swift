public import Foundation
public import Storage

extension MemberDirectory {
    /// The member behind an identity; a new member on first sight.
    public func member(of identity: Identity) async throws -> Member {
        if let known = cachedMember(of: identity) { return known }
        let member = try await database.transaction { connection in
            try self.member(of: identity, in: connection)
        }
        remember(member, for: identity)
        return member
    }

    /// The member behind an identity, inside the caller's transaction; a new member on first
    /// sight.
    public func member(of identity: Identity, in connection: Connection) throws -> Member {
        if let row = try connection.first(
            "SELECT network, account, member_id FROM member_identity WHERE network = ? AND account = ?",
            [.text(identity.network), .text(identity.account)])
        {
            return Member(
                id: Int64(try RowReader(row, table: "member_identity", key: "network", "account").integer("member_id")))
        }
        let now = Date().timeIntervalSince1970
        try connection.execute("INSERT INTO member (created_at) VALUES (?)", [.real(now)])
        let member = Member(id: connection.lastInsertRowID)
        try connection.execute(
            "INSERT INTO member_identity (network, account, member_id, linked_at) VALUES (?, ?, ?, ?)",
            [.text(identity.network), .text(identity.account), .integer(member.id), .real(now)])
        return member
    }

    /// Every identity of a member, by network then account.
    public func identities(of member: Member) async throws -> [Identity] {
        try await database.query(
            "SELECT network, account FROM member_identity WHERE member_id = ? ORDER BY network, account",
            [.integer(member.id)]
        ).map { row in
            let reader = RowReader(row, table: "member_identity", key: "network", "account")
            return Identity(network: try reader.text("network"), account: try reader.text("account"))
        }
    }

    /// A one-time code, valid ten minutes, that `identity` gives to another of its identities
    /// to link the two (`link(_:from:)`).
    public func linkCode(for identity: Identity, at now: Date = Date()) async throws -> String {
        let member = try await self.member(of: identity)
        let code = SecureCodes.make(groups: 2, length: 4)
        try await database.execute(
            """
            INSERT INTO member_link_code (code, member_id, network, account, expires_at) VALUES (?, ?, ?, ?, ?)
            """,
            [
                .text(code), .integer(member.id), .text(identity.network), .text(identity.account),
                .real(now.addingTimeInterval(600).timeIntervalSince1970),
            ])
        return code
    }

    /// Cancels a link code that was shown where others could read it.
    public func cancelLinkCode(_ typed: String, at now: Date = Date()) async throws {
        guard let code = SecureCodes.normalize(typed) else { return }
        try await database.execute(
            "UPDATE member_link_code SET used_at = ? WHERE code = ? AND used_at IS NULL",
            [.real(now.timeIntervalSince1970), .text(code)])
    }

    /// Joins `identity` (and every identity of its member) to the member that made `typed`:
    /// all their data becomes that member's. The code works once, even when two identities
    /// try it at the same instant.
    public func link(_ typed: String, from identity: Identity, at now: Date = Date()) async throws -> LinkOutcome {
        guard let code = SecureCodes.normalize(typed) else { throw LinkError.noSuchCode(typed) }
        let owners = dataOwners
        let outcome = try await database.transaction { connection -> LinkOutcome in
            guard let row = try connection.first("SELECT * FROM member_link_code WHERE code = ?", [.text(code)]) else {
                throw LinkError.noSuchCode(code)
            }
            let reader = RowReader(row, table: "member_link_code", key: "code")
            let kept = Member(id: Int64(try reader.integer("member_id")))
            let codeOwner = Identity(network: try reader.text("network"), account: try reader.text("account"))
            guard try reader.date("expires_at") > now else { throw LinkError.codeExpired(code) }
            let absorbed = try self.member(of: identity, in: connection)
            guard absorbed != kept else { throw LinkError.alreadyLinked }
            let claimed = try connection.execute(
                "UPDATE member_link_code SET used_at = ? WHERE code = ? AND used_at IS NULL",
                [.real(now.timeIntervalSince1970), .text(code)])
            guard claimed == 1 else { throw LinkError.codeExpired(code) }
            try connection.execute(
                "UPDATE member_identity SET member_id = ?, linked_at = ? WHERE member_id = ?",
                [.integer(kept.id), .real(now.timeIntervalSince1970), .integer(absorbed.id)])
            try self.merge(absorbed, into: kept, in: connection)
            for owner in owners { try owner.merge(absorbed, into: kept, in: connection) }
            try self.identitiesChanged(in: connection)
            let identities = try connection.query(
                "SELECT network, account FROM member_identity WHERE member_id = ? ORDER BY network, account",
                [.integer(kept.id)]
            ).map { row in
                let reader = RowReader(row, table: "member_identity", key: "network", "account")
                return Identity(network: try reader.text("network"), account: try reader.text("account"))
            }
            return LinkOutcome(member: kept, identities: identities, codeOwner: codeOwner)
        }
        forgetCachedMembers()
        return outcome
    }

    /// Separates the identity on `network` from `identity`'s member: it becomes a member of its
    /// own, taking its future data; the shared history stays with the member.
    @discardableResult
    public func unlink(network: String, of identity: Identity, at now: Date = Date()) async throws -> Identity {
        let separated = try await database.transaction { connection -> Identity in
            let member = try self.member(of: identity, in: connection)
            let rows = try connection.query(
                "SELECT network, account FROM member_identity WHERE member_id = ? ORDER BY network, account",
                [.integer(member.id)])
            let identities = try rows.map { row in
                let reader = RowReader(row, table: "member_identity", key: "network", "account")
                return Identity(network: try reader.text("network"), account: try reader.text("account"))
            }
            // On that network, another identity leaves before the asker's own (a member told that
            // someone linked to them removes the intruder, not themselves).
            let onNetwork = identities.filter { $0.network.lowercased() == network.lowercased() }
            guard let leaving = onNetwork.first(where: { $0 != identity }) ?? onNetwork.first else {
                throw LinkError.noIdentity(network: network)
            }
            guard identities.count > 1 else { throw LinkError.onlyIdentity }
            try connection.execute("INSERT INTO member (created_at) VALUES (?)", [.real(now.timeIntervalSince1970)])
            let own = connection.lastInsertRowID
            try connection.execute(
                "UPDATE member_identity SET member_id = ?, linked_at = ? WHERE network = ? AND account = ?",
                [.integer(own), .real(now.timeIntervalSince1970), .text(leaving.network), .text(leaving.account)])
            try self.identitiesChanged(in: connection)
            return leaving
        }
        forgetCachedMembers()
        return separated
    }

    /// The directory's own rows follow the member too.
    func merge(_ absorbed: Member, into kept: Member, in connection: Connection) throws {
        try connection.execute(
            "UPDATE interaction SET member_id = ? WHERE member_id = ?", [.integer(kept.id), .integer(absorbed.id)])
        try ChatLog.rewrite(in: connection) { entry in
            var entry = entry
            if entry.member == absorbed { entry.member = kept }
            return entry
        }
        // The kept member's profile wins; what only the absorbed one had set is kept.
        try connection.execute(
            "INSERT OR IGNORE INTO member_profile (member_id) VALUES (?)", [.integer(kept.id)])
        try connection.execute(
            """
            UPDATE member_profile SET
                time_zone = COALESCE(time_zone, (SELECT time_zone FROM member_profile WHERE member_id = ?1)),
                language = COALESCE(language, (SELECT language FROM member_profile WHERE member_id = ?1)),
                level = COALESCE(level, (SELECT level FROM member_profile WHERE member_id = ?1)),
                nudges = COALESCE(nudges, (SELECT nudges FROM member_profile WHERE member_id = ?1)),
                reminders = COALESCE(reminders, (SELECT reminders FROM member_profile WHERE member_id = ?1)),
                interests = CASE WHEN interests = ''
                    THEN COALESCE((SELECT interests FROM member_profile WHERE member_id = ?1), '') ELSE interests END
            WHERE member_id = ?2
            """, [.integer(absorbed.id), .integer(kept.id)])
        try connection.execute("DELETE FROM member_profile WHERE member_id = ?", [.integer(absorbed.id)])
    }
}
