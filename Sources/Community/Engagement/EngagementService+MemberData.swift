public import Storage
import Synchronization

extension EngagementService {
    public func exportData(
        of member: Member, identities: [Identity], in connection: Connection
    ) throws -> [String: [ExportRow]] {
        try fold(in: connection)
        let id: [SQLValue] = [.integer(member.id)]
        return [
            "activity_state": try connection.exportRows("SELECT * FROM engagement_state WHERE member_id = ?", id),
            "activity_days": try connection.exportRows(
                "SELECT * FROM engagement_member_day WHERE member_id = ? ORDER BY day", id),
            "channels_spoken_in": Set(
                try ChatLog.entries(of: [member], in: connection).compactMap { entry in
                    entry.channel.map { ChannelDay(network: entry.network, channel: $0, day: days.key(for: entry.at)) }
                }
            ).sorted { ($0.day, $0.network, $0.channel) < ($1.day, $1.network, $1.channel) }.map { spoken in
                ["network": .text(spoken.network), "channel": .text(spoken.channel), "day": .text(spoken.day)]
            },
            "nudges": try connection.exportRows("SELECT * FROM nudge WHERE member_id = ? ORDER BY decided_at", id),
            "thanks": try connection.exportRows(
                "SELECT * FROM thanks WHERE giver_member = ?1 OR receiver_member = ?1 ORDER BY at", id),
        ]
    }

    public func forgetData(
        of member: Member, identities: [Identity], pseudonym: String, in connection: Connection,
        report: inout ForgetReport
    ) throws {
        try fold(in: connection)
        knownSpeakers.withLock { $0 = KnownSpeakers() }
        let id: [SQLValue] = [.integer(member.id)]
        for (table, name) in [
            ("engagement_state", "activity state"), ("engagement_member_day", "activity days"), ("nudge", "nudges"),
        ] {
            report.removed[name, default: 0] += try connection.execute("DELETE FROM \(table) WHERE member_id = ?", id)
        }
        report.removed["thanks", default: 0] += try connection.execute(
            "DELETE FROM thanks WHERE giver_member = ?1 OR receiver_member = ?1", id)
    }
}
