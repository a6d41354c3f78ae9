public import Foundation
import Storage

/// A nudge decision as stored.
public struct NudgeRecord: Sendable, Hashable {
    /// What happened: sent, waiting for the member to be seen, or skipped.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case sent, waiting, skipped
    }

    public var id: Int64
    public var member: Member
    /// The identity it is (or was to be) sent to.
    public var identity: Identity
    public var decidedAt: Date
    public var action: Action
    public var skip: NudgeSkip?
    public var text: String?
    public var sentAt: Date?
    /// Until when a waiting nudge may still be sent.
    public var expiresAt: Date?
}

/// The nudges of a period and what came of them.
public struct NudgeStats: Sendable, Hashable {
    /// Nudges sent.
    public var sent = 0
    /// Members who interacted again within the return window after their nudge.
    public var returned = 0
    /// Nudged members who have since turned nudges off.
    public var optedOut = 0
    /// Nudges given up because the member was not seen in time.
    public var absent = 0
}

extension EngagementService {
    /// Stores a decision; returns it with its id.
    @discardableResult
    public func recordNudge(
        _ member: Member, to identity: Identity, _ action: NudgeRecord.Action, skip: NudgeSkip? = nil,
        text: String? = nil, at now: Date, waitUntil: Date? = nil
    ) async throws -> NudgeRecord {
        try await database.transaction { connection in
            try connection.execute(
                """
                INSERT INTO nudge (member_id, network, account, decided_at, action, cause, text, sent_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .integer(member.id), .text(identity.network), .text(identity.account),
                    .real(now.timeIntervalSince1970), .text(action.rawValue), .text(skip?.rawValue), .text(text),
                    action == .sent ? .real(now.timeIntervalSince1970) : .null,
                    .double(waitUntil?.timeIntervalSince1970),
                ])
            return NudgeRecord(
                id: connection.lastInsertRowID, member: member, identity: identity, decidedAt: now, action: action,
                skip: skip, text: text, sentAt: action == .sent ? now : nil, expiresAt: waitUntil)
        }
    }

    /// The last decision stored for `member`, if any.
    public func lastNudge(of member: Member) async throws -> NudgeRecord? {
        try await database.first(
            "SELECT * FROM nudge WHERE member_id = ? ORDER BY decided_at DESC, id DESC LIMIT 1", [.integer(member.id)]
        ).map(Self.nudge(from:))
    }

    /// Nudges waiting for their member to be seen.
    public func waitingNudges() async throws -> [NudgeRecord] {
        try await database.query("SELECT * FROM nudge WHERE action = 'waiting' ORDER BY id").map(Self.nudge(from:))
    }

    /// Marks a waiting nudge sent; false when it was no longer waiting (so it is sent once).
    public func markSent(_ nudge: NudgeRecord, at now: Date) async throws -> Bool {
        try await database.execute(
            "UPDATE nudge SET action = 'sent', sent_at = ? WHERE id = ? AND action = 'waiting'",
            [.real(now.timeIntervalSince1970), .integer(nudge.id)]) == 1
    }

    /// Gives up the waiting nudges whose wait is over (recorded as skipped, absent); returns
    /// how many.
    @discardableResult
    public func expireWaitingNudges(at now: Date) async throws -> Int {
        try await database.execute(
            "UPDATE nudge SET action = 'skipped', cause = 'absent' WHERE action = 'waiting' AND expires_at <= ?",
            [.real(now.timeIntervalSince1970)])
    }

    /// Every decision stored for `member`, oldest first.
    public func nudges(of member: Member) async throws -> [NudgeRecord] {
        try await database.query("SELECT * FROM nudge WHERE member_id = ? ORDER BY id", [.integer(member.id)])
            .map(Self.nudge(from:))
    }

    /// Nudges sent since `start` and what came of them: a member "returned" when they
    /// interacted again after their nudge, on a day within `returnWindow` seconds of it (read
    /// from the daily rollups).
    public func nudgeStats(since start: Date, returnWindow: TimeInterval = 7 * 86_400) async throws -> NudgeStats {
        try await foldPending()
        let row = try await database.first(
            """
            SELECT 'all' AS id,
                COUNT(*) FILTER (WHERE action = 'sent') AS sent,
                COUNT(*) FILTER (WHERE action = 'sent' AND EXISTS (SELECT 1 FROM engagement_member_day d
                    WHERE d.member_id = nudge.member_id AND d.day >= ?3 AND d.interactions > 0
                        AND d.interest_at > nudge.sent_at AND d.interest_at <= nudge.sent_at + ?2)) AS returned,
                COUNT(DISTINCT member_id) FILTER (WHERE action = 'sent' AND EXISTS (SELECT 1 FROM member_profile p
                    WHERE p.member_id = nudge.member_id AND p.nudges = 0)) AS opted_out,
                COUNT(*) FILTER (WHERE action = 'skipped' AND cause = 'absent') AS absent
            FROM nudge WHERE decided_at >= ?1
            """, [.real(start.timeIntervalSince1970), .real(returnWindow), .text(days.key(for: start))])
        guard let row else { return NudgeStats() }
        let reader = RowReader(row, table: "nudge")
        return NudgeStats(
            sent: try reader.integer("sent"), returned: try reader.integer("returned"),
            optedOut: try reader.integer("opted_out"), absent: try reader.integer("absent"))
    }

    static func nudge(from row: Row) throws -> NudgeRecord {
        let reader = RowReader(row, table: "nudge")
        return NudgeRecord(
            id: Int64(try reader.integer("id")), member: Member(id: Int64(try reader.integer("member_id"))),
            identity: Identity(network: try reader.text("network"), account: try reader.text("account")),
            decidedAt: try reader.date("decided_at"), action: try reader.value("action"),
            skip: try reader.optionalText("cause").map { raw in
                guard let skip = NudgeSkip(rawValue: raw) else {
                    throw CorruptRow(
                        table: "nudge", id: reader.id, column: "cause", expected: "a skip cause", found: raw)
                }
                return skip
            },
            text: try reader.optionalText("text"), sentAt: try reader.optionalDate("sent_at"),
            expiresAt: try reader.optionalDate("expires_at"))
    }

    /// The courses most subscribed to since `start`, most first (slug and count).
    public func popularCourses(since start: Date) async throws -> [(course: String, subscriptions: Int)] {
        try await database.query(
            """
            SELECT course_slug, COUNT(*) AS n FROM interaction
            WHERE kind IN ('subscribe', 'redeem') AND kind NOT IN ('message', 'command')
                AND course_slug IS NOT NULL AND at >= ?
            GROUP BY course_slug ORDER BY n DESC, course_slug
            """, [.real(start.timeIntervalSince1970)]
        ).map { row in
            let reader = RowReader(row, table: "interaction", key: "course_slug")
            return (try reader.text("course_slug"), try reader.integer("n"))
        }
    }

    /// Every course `member` has interacted with (viewed, subscribed, completed…).
    public func coursesTouched(by member: Member) async throws -> Set<String> {
        Set(
            try await database.query(
                """
                SELECT DISTINCT course_slug FROM interaction
                WHERE member_id = ? AND kind NOT IN ('message', 'command') AND course_slug IS NOT NULL
                """,
                [.integer(member.id)]
            ).compactMap { $0.string("course_slug") })
    }
}
