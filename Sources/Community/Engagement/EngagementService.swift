public import Foundation
public import Storage
import Synchronization

/// The engagement model over the community's interactions: keeps each member's activity
/// (`MemberActivity`) up to date inside the transaction that records each interaction, keeps
/// daily rollups, and answers who is active and who is cooling without reading history.
public final class EngagementService: Sendable {
    let database: Database
    /// The members whose interactions are observed.
    public let members: MemberDirectory
    /// The model's parameters.
    public let model: ActivityModel
    /// How far back a member must have been active to count as cooling, in seconds.
    public let lookback: TimeInterval
    /// Days are counted in this calendar's time zone (rollups, once-a-day limits).
    let days: DayKeys

    /// Opens the service, creating its tables when needed, and starts following every
    /// interaction `members` records.
    public init(
        database: Database, members: MemberDirectory, model: ActivityModel = ActivityModel(),
        lookbackDays: Double = 14, timeZone: TimeZone = .gmt
    ) async throws {
        self.database = database
        self.members = members
        self.model = model
        self.lookback = lookbackDays * 86_400
        self.days = DayKeys(timeZone: timeZone)
        try await database.migrate("engagement", EngagementSchema.migrations)
        members.observe(with: self)
        members.register(self)
    }

    /// The activity of `member` (an empty state when they have done nothing).
    public func activity(of member: Member) async throws -> MemberActivity {
        try await database.transaction { connection in try Self.state(of: member, in: connection) }
    }

    /// The activity of the member behind `identity`.
    public func activity(of identity: Identity) async throws -> MemberActivity {
        try await activity(of: try await members.member(of: identity))
    }

    static func state(of member: Member, in connection: Connection) throws -> MemberActivity {
        guard
            let row = try connection.first("SELECT * FROM engagement_state WHERE member_id = ?", [.integer(member.id)])
        else { return MemberActivity() }
        return try activity(from: RowReader(row, table: "engagement_state", key: "member_id"))
    }

    static func activity(from reader: RowReader) throws -> MemberActivity {
        var state = MemberActivity()
        state.interest = try reader.real("interest")
        state.updatedAt = try reader.date("updated_at")
        state.aboveUntil = try reader.optionalDate("above_until")
        state.peakInterest = try reader.real("peak_interest")
        state.peakAt = try reader.date("peak_at")
        return state
    }

    /// Counts of each kind of interaction the member has had, ever.
    public func totals(of member: Member) async throws -> [InteractionKind: Int] {
        var totals: [InteractionKind: Int] = [:]
        for row in try await database.query(
            "SELECT member_id, kind, count FROM engagement_total WHERE member_id = ?", [.integer(member.id)])
        {
            let reader = RowReader(row, table: "engagement_total", key: "member_id", "kind")
            totals[try reader.value("kind"), default: 0] += try reader.integer("count")
        }
        return totals
    }

    /// Recomputes `member`'s state, totals and daily rollups from their stored interactions
    /// (after an import or a merge; also how tests check the incremental state).
    public func rebuild(_ member: Member) async throws {
        try await database.transaction { connection in try self.rebuild(member, in: connection) }
    }

    func rebuild(_ member: Member, in connection: Connection) throws {
        let rows = try connection.query(
            "SELECT id, kind, course_slug, at FROM interaction WHERE member_id = ? ORDER BY at, id",
            [.integer(member.id)])
        let history = try rows.map { row in
            let reader = RowReader(row, table: "interaction")
            return RecordedInteraction(
                member: member, kind: try reader.value("kind"), course: try reader.optionalText("course_slug"),
                at: try reader.date("at"))
        }
        try connection.execute("DELETE FROM engagement_state WHERE member_id = ?", [.integer(member.id)])
        try connection.execute("DELETE FROM engagement_total WHERE member_id = ?", [.integer(member.id)])
        if let first = history.first {
            try connection.execute(
                "DELETE FROM engagement_member_day WHERE member_id = ? AND day >= ?",
                [.integer(member.id), .text(days.key(for: first.at))])
        }
        try apply(history, in: connection)
    }
}

extension EngagementService: InteractionObserver {
    public func recorded(_ interactions: [RecordedInteraction], in connection: Connection) throws {
        try apply(interactions, in: connection)
    }

    /// Folds interactions into each member's state, totals and day rows.
    func apply(_ interactions: [RecordedInteraction], in connection: Connection) throws {
        var order: [Member] = []
        var byMember: [Member: [RecordedInteraction]] = [:]
        for interaction in interactions {
            if byMember[interaction.member] == nil { order.append(interaction.member) }
            byMember[interaction.member, default: []].append(interaction)
        }
        for member in order {
            var state = try Self.state(of: member, in: connection)
            var totals: [InteractionKind: Int] = [:]
            var dayRows: [String: DayRow] = [:]
            var dayOrder: [String] = []
            let items = (byMember[member] ?? []).sorted { $0.at < $1.at }
            for item in items {
                state = state.adding(weight: model.weight(of: item.kind), at: item.at, model: model, lookback: lookback)
                totals[item.kind, default: 0] += 1
                let day = days.key(for: item.at)
                if dayRows[day] == nil { dayOrder.append(day) }
                var row = dayRows[day] ?? DayRow()
                row.count(item.kind)
                row.interest = state.interest
                row.interestAt = state.updatedAt ?? item.at
                dayRows[day] = row
            }
            try save(state, of: member, in: connection)
            for (kind, count) in totals {
                try connection.execute(
                    """
                    INSERT INTO engagement_total (member_id, kind, count) VALUES (?, ?, ?)
                    ON CONFLICT (member_id, kind) DO UPDATE SET count = count + excluded.count
                    """, [.integer(member.id), .text(kind.rawValue), .int(count)])
            }
            for day in dayOrder {
                guard let row = dayRows[day] else { continue }
                try connection.execute(
                    """
                    INSERT INTO engagement_member_day
                        (member_id, day, messages, commands, interactions, interest, interest_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (member_id, day) DO UPDATE SET messages = messages + excluded.messages,
                        commands = commands + excluded.commands, interactions = interactions + excluded.interactions,
                        interest = CASE WHEN excluded.interest_at >= interest_at THEN excluded.interest ELSE interest END,
                        interest_at = MAX(interest_at, excluded.interest_at)
                    """,
                    [
                        .integer(member.id), .text(day), .int(row.messages), .int(row.commands),
                        .int(row.interactions), .real(row.interest), .real(row.interestAt.timeIntervalSince1970),
                    ])
            }
        }
    }

    private func save(_ state: MemberActivity, of member: Member, in connection: Connection) throws {
        guard let updatedAt = state.updatedAt else { return }
        try connection.execute(
            """
            INSERT INTO engagement_state (member_id, interest, updated_at, above_until, peak_interest, peak_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (member_id) DO UPDATE SET interest = excluded.interest, updated_at = excluded.updated_at,
                above_until = excluded.above_until, peak_interest = excluded.peak_interest, peak_at = excluded.peak_at
            """,
            [
                .integer(member.id), .real(state.interest), .real(updatedAt.timeIntervalSince1970),
                state.aboveUntil.map { .real($0.timeIntervalSince1970) } ?? .null, .real(state.peakInterest),
                .real((state.peakAt ?? updatedAt).timeIntervalSince1970),
            ])
    }

    /// One member's counts for one day while a batch is folded in.
    private struct DayRow {
        var messages = 0
        var commands = 0
        var interactions = 0
        var interest = 0.0
        var interestAt = Date.distantPast

        mutating func count(_ kind: InteractionKind) {
            interactions += 1
            if kind == .message { messages += 1 }
            if kind == .command { commands += 1 }
        }
    }
}

extension EngagementService: MemberDataOwner {
    /// The directory has moved the interactions already: the kept member's state is rebuilt
    /// from them, and nudges and thanks follow.
    public func merge(_ absorbed: Member, into kept: Member, in connection: Connection) throws {
        for table in ["engagement_state", "engagement_total", "engagement_member_day"] {
            try connection.execute("DELETE FROM \(table) WHERE member_id = ?", [.integer(absorbed.id)])
        }
        try connection.execute(
            "DELETE FROM engagement_member_day WHERE member_id = ?", [.integer(kept.id)])
        try connection.execute(
            "UPDATE nudge SET member_id = ? WHERE member_id = ?", [.integer(kept.id), .integer(absorbed.id)])
        try connection.execute(
            "UPDATE thanks SET giver_member = ? WHERE giver_member = ?", [.integer(kept.id), .integer(absorbed.id)])
        try connection.execute(
            "UPDATE thanks SET receiver_member = ? WHERE receiver_member = ?",
            [.integer(kept.id), .integer(absorbed.id)])
        try connection.execute(
            "UPDATE OR IGNORE engagement_channel_speaker SET member_id = ? WHERE member_id = ?",
            [.integer(kept.id), .integer(absorbed.id)])
        try rebuild(kept, in: connection)
    }
}

/// Calendar days as `YYYY-MM-DD` in the community's time zone, with the current day cached.
final class DayKeys: Sendable {
    let calendar: Calendar
    private let cache = Mutex<(start: Date, end: Date, key: String)?>(nil)

    init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The day `date` falls on.
    func key(for date: Date) -> String {
        if let hit = cache.withLock({ $0 }), date >= hit.start, date < hit.end { return hit.key }
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        let key = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        cache.withLock { $0 = (start, end, key) }
        return key
    }

    /// The first instant of the day `days` days after the one `date` falls on.
    func start(of date: Date, plus days: Int = 0) -> Date {
        let start = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: days, to: start) ?? start.addingTimeInterval(Double(days) * 86_400)
    }
}
