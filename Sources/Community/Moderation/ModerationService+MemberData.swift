public import Storage

extension ModerationService {
    /// Cases name accounts, not members: nothing moves when two members become one.
    public func merge(_ absorbed: Member, into kept: Member, in connection: Connection) throws {}

    public func exportData(
        of member: Member, identities: [Identity], in connection: Connection
    ) throws -> [String: [ExportRow]] {
        let (targets, parameters) = IdentityMatch.sql(identities, account: "target_account")
        let (appeals, appealParameters) = IdentityMatch.sql(identities)
        // Which moderator acted is theirs, not the member's: it is left out.
        let cases = try connection.exportRows(
            "SELECT * FROM moderation_case WHERE \(targets) ORDER BY id", parameters
        ).map { row in
            row.merging(["actor": .text("a moderator"), "lifted_by": .null]) { _, new in new }
        }
        return [
            "moderation_cases_about_you": cases,
            "moderation_appeals": try connection.exportRows(
                "SELECT * FROM moderation_appeal WHERE \(appeals) ORDER BY created_at", appealParameters
            ).map { $0.merging(["decided_by": .null]) { _, new in new } },
        ]
    }

    /// Cases about the member stay (moderators must see repeated harm) under a pseudonym; the
    /// member's name also leaves cases they acted on as a moderator.
    public func forgetData(
        of member: Member, identities: [Identity], pseudonym: String, in connection: Connection,
        report: inout ForgetReport
    ) throws {
        let (targets, parameters) = IdentityMatch.sql(identities, account: "target_account")
        // Reasons are free text that may name them: their accounts and the nicks the cases
        // recorded are replaced there too, in the cases about them.
        let names =
            Set(identities.map(\.account)).union(
                try connection.query("SELECT DISTINCT target_nick FROM moderation_case WHERE \(targets)", parameters)
                    .compactMap { $0.string("target_nick") }
            ).filter { $0.count >= 3 }
        for name in names {
            _ = try connection.execute(
                "UPDATE moderation_case SET reason = replace(reason, ?1, ?2) WHERE instr(reason, ?1) > 0 AND \(targets)",
                [.text(name), .text(pseudonym)] + parameters)
            _ = try connection.execute(
                """
                UPDATE moderation_edit SET previous_reason = replace(previous_reason, ?1, ?2),
                    new_reason = replace(new_reason, ?1, ?2)
                WHERE case_id IN (SELECT id FROM moderation_case WHERE \(targets))
                """, [.text(name), .text(pseudonym)] + parameters)
        }
        let cases = try connection.execute(
            "UPDATE moderation_case SET target_account = ?, target_nick = ?, target_host = NULL WHERE \(targets)",
            [.text(pseudonym), .text(pseudonym)] + parameters)
        let (appeals, appealParameters) = IdentityMatch.sql(identities)
        let appealed = try connection.execute(
            "UPDATE moderation_appeal SET network = '', account = ? WHERE \(appeals)",
            [.text(pseudonym)] + appealParameters)
        if cases + appealed > 0 {
            report.kept.append(KeptData(what: "moderation cases and appeals", rows: cases + appealed, why: .safety))
        }
        for (table, column) in [
            ("moderation_case", "actor"), ("moderation_case", "lifted_by"), ("moderation_edit", "editor"),
            ("moderation_appeal", "decided_by"),
        ] {
            let (accounts, accountParameters) = IdentityMatch.accounts(identities, column: column)
            _ = try connection.execute(
                "UPDATE \(table) SET \(column) = ? WHERE \(accounts)", [.text(pseudonym)] + accountParameters)
        }
    }
}
