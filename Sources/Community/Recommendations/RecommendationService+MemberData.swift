public import Storage

extension RecommendationService {
    public func exportData(
        of member: Member, identities: [Identity], in connection: Connection
    ) throws -> [String: [ExportRow]] {
        let id: [SQLValue] = [.integer(member.id)]
        return [
            "recommendations_shown": try connection.exportRows(
                "SELECT * FROM recommendation_impression WHERE member_id = ? ORDER BY shown_at", id),
            "courses_marked_not_interesting": try connection.exportRows(
                "SELECT * FROM recommendation_hidden WHERE member_id = ?", id),
        ]
    }

    public func forgetData(
        of member: Member, identities: [Identity], pseudonym: String, in connection: Connection,
        report: inout ForgetReport
    ) throws {
        let id: [SQLValue] = [.integer(member.id)]
        report.removed["recommendations shown", default: 0] += try connection.execute(
            "DELETE FROM recommendation_impression WHERE member_id = ?", id)
        report.removed["courses marked not interesting", default: 0] += try connection.execute(
            "DELETE FROM recommendation_hidden WHERE member_id = ?", id)
    }
}
