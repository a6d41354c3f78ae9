public import Storage

extension EventService {
    /// A member's answers follow them when two members become one (the newer answer wins).
    public func merge(_ absorbed: Member, into kept: Member, in connection: Connection) throws {
        try connection.execute(
            "UPDATE OR IGNORE event_rsvp SET member_id = ? WHERE member_id = ?",
            [.integer(kept.id), .integer(absorbed.id)])
        try connection.execute("DELETE FROM event_rsvp WHERE member_id = ?", [.integer(absorbed.id)])
    }

    public func exportData(
        of member: Member, identities: [Identity], in connection: Connection
    ) throws -> [String: [ExportRow]] {
        let (hosts, parameters) = IdentityMatch.sql(identities, network: "host_network", account: "host_account")
        return [
            "event_answers": try connection.exportRows(
                "SELECT * FROM event_rsvp WHERE member_id = ? ORDER BY updated_at", [.integer(member.id)]),
            "events_hosted": try connection.exportRows(
                "SELECT id, title, starts_at, host_network, host_account FROM event WHERE \(hosts)", parameters),
        ]
    }

    public func forgetData(
        of member: Member, identities: [Identity], pseudonym: String, in connection: Connection,
        report: inout ForgetReport
    ) throws {
        report.removed["event answers", default: 0] += try connection.execute(
            "DELETE FROM event_rsvp WHERE member_id = ?", [.integer(member.id)])
        let (hosts, parameters) = IdentityMatch.sql(identities, network: "host_network", account: "host_account")
        _ = try connection.execute(
            "UPDATE event SET host_network = NULL, host_account = NULL WHERE \(hosts)", parameters)
        let (creators, creatorParameters) = IdentityMatch.accounts(identities, column: "created_by")
        _ = try connection.execute(
            "UPDATE announcement SET created_by = ? WHERE \(creators)", [.text(pseudonym)] + creatorParameters)
    }
}
