public import Storage

extension SubscriptionService {
    public func exportData(
        of member: Member, identities: [Identity], in connection: Connection
    ) throws -> [String: [ExportRow]] {
        let id: [SQLValue] = [.integer(member.id)]
        return [
            "subscriptions": try connection.exportRows(
                "SELECT * FROM subscription WHERE member_id = ? ORDER BY id", id),
            "subscription_history": try connection.exportRows(
                """
                SELECT e.* FROM subscription_event e JOIN subscription s ON s.id = e.subscription_id
                WHERE s.member_id = ? ORDER BY e.id
                """, id),
            "orders": try connection.exportRows(
                "SELECT * FROM subscription_order WHERE member_id = ? ORDER BY created_at", id),
            "payments": try connection.exportRows(
                """
                SELECT p.* FROM subscription_payment_event p JOIN subscription_order o ON o.id = p.order_id
                WHERE o.member_id = ? ORDER BY p.received_at
                """, id),
            "code_redemptions": try connection.exportRows(
                "SELECT * FROM subscription_redemption WHERE member_id = ? ORDER BY at", id),
        ]
    }

    public func forgetData(
        of member: Member, identities: [Identity], pseudonym: String, in connection: Connection,
        report: inout ForgetReport
    ) throws {
        let id: [SQLValue] = [.integer(member.id)]
        report.removed["subscription history", default: 0] += try connection.execute(
            "DELETE FROM subscription_event WHERE subscription_id IN (SELECT id FROM subscription WHERE member_id = ?)",
            id)
        report.removed["subscriptions", default: 0] += try connection.execute(
            "DELETE FROM subscription WHERE member_id = ?", id)
        report.removed["code redemptions", default: 0] += try connection.execute(
            "DELETE FROM subscription_redemption WHERE member_id = ?", id)
        // Orders are the ledger: kept, no longer naming the member.
        let orders = try connection.execute(
            "UPDATE subscription_order SET network = '', account = ?, member_id = NULL WHERE member_id = ?",
            [.text(pseudonym), .integer(member.id)])
        if orders > 0 { report.kept.append(KeptData(what: "orders and payments", rows: orders, why: .ledger)) }
        // Codes they made and access they granted as an owner stop naming them too.
        let (accounts, parameters) = IdentityMatch.accounts(identities, column: "created_by")
        _ = try connection.execute(
            "UPDATE subscription_code SET created_by = ? WHERE \(accounts)", [.text(pseudonym)] + parameters)
        let (grantors, grantorParameters) = IdentityMatch.accounts(identities, column: "reference")
        _ = try connection.execute(
            "UPDATE subscription SET reference = ? WHERE source = 'grant' AND \(grantors)",
            [.text(pseudonym)] + grantorParameters)
        for account in Set(identities.map(\.account)) {
            _ = try connection.execute(
                "UPDATE subscription_event SET note = replace(note, ?1, ?2) WHERE instr(note, ?1) > 0",
                [.text(account), .text(pseudonym)])
        }
    }
}
