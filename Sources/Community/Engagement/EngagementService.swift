public import Foundation
public import Storage
import Synchronization

/// The engagement model over the community's interactions: keeps each member's activity
/// (`MemberActivity`) and daily rollups, folded from the recorded interactions and chat log
/// before anything is read (`EngagementService+Fold`), and answers who is active and who is
/// cooling without reading history.
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
    /// Chat events that make a fold due even before a minute has passed.
    let foldEvents: Int
    let foldDue = Mutex(FoldDue())
    let knownSpeakers = Mutex(KnownSpeakers())

    /// Opens the service, creating its tables when needed (and building every member's state
    /// from the history already recorded when they are new). `foldEvents` chat events waiting
    /// make a fold due before its minute is up.
    public init(
        database: Database, members: MemberDirectory, model: ActivityModel = ActivityModel(),
        lookbackDays: Double = 14, timeZone: TimeZone = .gmt, foldEvents: Int = 500_000
    ) async throws {
        self.database = database
        self.members = members
        self.model = model
        self.lookback = lookbackDays * 86_400
        self.days = DayKeys(timeZone: timeZone)
        self.foldEvents = foldEvents
        let created = try await database.migrate("engagement", EngagementSchema.migrations).contains(1)
        members.register(self)
        if created { try await rebuildEveryone() }
    }

    /// Builds every member's state from the history recorded before the engagement tables
    /// existed (a database from an earlier release), a thousand members per transaction.
    func rebuildEveryone() async throws {
        let ids = try await database.query("SELECT DISTINCT member_id FROM interaction WHERE member_id IS NOT NULL")
            .compactMap { $0.int("member_id") }.map { Member(id: Int64($0)) }
        for start in stride(from: 0, to: ids.count, by: 1_000) {
            let batch = Array(ids[start..<min(start + 1_000, ids.count)])
            try await database.transaction { connection in try self.rebuild(batch, in: connection) }
        }
    }

    /// The activity of `member` (an empty state when they have done nothing).
    public func activity(of member: Member) async throws -> MemberActivity {
        try await database.transaction { connection in
            try self.fold(in: connection)
            return try Self.state(of: member, in: connection)
        }
    }

    /// The activity of the member behind `identity`.
    public func activity(of identity: Identity) async throws -> MemberActivity {
        try await activity(of: try await members.member(of: identity))
    }

    static func state(of member: Member, in connection: Connection) throws -> MemberActivity {
        try stateAndTotals(of: member, in: connection).state
    }

    static func stateAndTotals(
        of member: Member, in connection: Connection
    ) throws -> (state: MemberActivity, totals: [InteractionKind: Int]) {
        guard
            let row = try connection.first("SELECT * FROM engagement_state WHERE member_id = ?", [.integer(member.id)])
        else { return (MemberActivity(), [:]) }
        let reader = RowReader(row, table: "engagement_state", key: "member_id")
        return (try activity(from: reader), try totals(from: reader))
    }

    /// Reads `view:3 message:12`.
    static func totals(from reader: RowReader) throws -> [InteractionKind: Int] {
        try kindTotals(from: reader).byKind
    }

    static func kindTotals(from reader: RowReader) throws -> KindTotals {
        let text = try reader.text("totals")
        guard let totals = KindTotals(text: text) else {
            throw CorruptRow(
                table: "engagement_state", id: reader.id, column: "totals", expected: "kind:count pairs",
                found: "\"\(text)\"")
        }
        return totals
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
        try await database.transaction { connection in
            try self.fold(in: connection)
            return try Self.stateAndTotals(of: member, in: connection).totals
        }
    }

    /// Recomputes `member`'s state, totals and daily rollups from their stored interactions
    /// (after an import or a merge; also how tests check the incremental state).
    public func rebuild(_ member: Member) async throws {
        try await database.transaction { connection in try self.rebuild([member], in: connection) }
    }

    /// Rebuilds several members from one pass over the stored interactions and chat log.
    func rebuild(_ members: [Member], in connection: Connection) throws {
        guard !members.isEmpty else { return }
        // Everyone else's pending events are folded first, so what is rebuilt here is all
        // before the fold's mark and nothing is counted twice.
        try fold(in: connection)
        let list = members.map { String($0.id) }.joined(separator: ",")
        var history = FoldEvents()
        try connection.forEachRow(
            """
            SELECT id, member_id, kind, course_slug, at FROM interaction
            WHERE member_id IN (SELECT value FROM json_each(?)) ORDER BY member_id, at, id
            """, [.text("[" + list + "]")]
        ) { row in history.add(row) }
        if let failure = history.failure { throw failure }
        for entry in try ChatLog.entries(of: Set(members), in: connection) {
            if let member = entry.member { history.add(member, entry.kind, at: entry.at) }
        }
        let grouped = history.grouped()
        for member in members {
            try connection.execute("DELETE FROM engagement_state WHERE member_id = ?", [.integer(member.id)])
        }
        // Day rows from each member's first event on are rebuilt (members without events keep theirs).
        for (slot, member) in grouped.order.enumerated() {
            if let start = grouped.events(inSlot: slot).map(\.at).min() {
                try connection.execute(
                    "DELETE FROM engagement_member_day WHERE member_id = ? AND day >= ?",
                    [.integer(member.id), .text(days.key(for: start))])
            }
        }
        try apply(grouped, in: connection)
    }
}

extension EngagementService {
    /// Folds interactions into each member's state, totals and day rows, a few statements per
    /// 5,000 members however many events they bring.
    func apply(_ events: FoldEvents.Grouped, in connection: Connection) throws {
        // A few thousand members at a time, so a large fold never holds every row at once.
        for start in stride(from: 0, to: events.order.count, by: 5_000) {
            try apply(events, slots: start..<min(start + 5_000, events.order.count), in: connection)
        }
    }

    private func apply(_ events: FoldEvents.Grouped, slots: Range<Int>, in connection: Connection) throws {
        let order = events.order[slots]
        var stored: [Member: (state: MemberActivity, totals: KindTotals)] = [:]
        for row in try connection.executeRows(
            "SELECT * FROM engagement_state WHERE member_id IN (", columns: 1, order.map { [.integer($0.id)] },
            tail: ")")
        {
            let reader = RowReader(row, table: "engagement_state", key: "member_id")
            stored[Member(id: Int64(try reader.integer("member_id")))] = (
                try Self.activity(from: reader), try Self.kindTotals(from: reader)
            )
        }
        var states: [[SQLValue]] = []
        var dayRows: [[SQLValue]] = []
        var cursor = DayCursor()
        let kinds = KindTotals.kinds
        let weights = kinds.map(model.weight(of:))
        for slot in slots {
            let member = events.order[slot]
            var (state, totals) = stored[member] ?? (MemberActivity(), KindTotals())
            // In time order, so each day's row is finished when the next day starts.
            var days: [(day: Int, row: DayRow)] = []
            let added = events.events(inSlot: slot)
            // Nearly always in order already (the log is written in order): sorted only if not.
            let inOrder = zip(added, added.dropFirst()).allSatisfy { $0.at <= $1.at }
            for item in inOrder ? added : ArraySlice(added.sorted { $0.at < $1.at }) {
                let kind = kinds.firstIndex(of: item.kind) ?? 0
                state = state.adding(weight: weights[kind], at: item.at, model: model, lookback: lookback)
                totals.add(1, atKindIndex: kind)
                let day = cursor.index(for: item.at, days: self.days)
                if days.last?.day != day { days.append((day, DayRow())) }
                days[days.count - 1].row.count(item.kind)
                days[days.count - 1].row.interest = state.interest
                days[days.count - 1].row.interestAt = state.updatedAt ?? item.at
            }
            guard let updatedAt = state.updatedAt else { continue }
            states.append([
                .integer(member.id), .real(state.interest), .real(updatedAt.timeIntervalSince1970),
                state.aboveUntil.map { .real($0.timeIntervalSince1970) } ?? .null, .real(state.peakInterest),
                .real((state.peakAt ?? updatedAt).timeIntervalSince1970), .text(totals.text),
            ])
            for (day, row) in days {
                dayRows.append([
                    .integer(member.id), .text(cursor.keys[day]), .int(row.messages), .int(row.commands),
                    .int(row.interactions), .real(row.interest), .real(row.interestAt.timeIntervalSince1970),
                ])
            }
        }
        try connection.executeRows(
            "INSERT INTO engagement_state (member_id, interest, updated_at, above_until, peak_interest, peak_at, totals)",
            columns: 7, states,
            tail: """
                ON CONFLICT (member_id) DO UPDATE SET interest = excluded.interest, updated_at = excluded.updated_at,
                    above_until = excluded.above_until, peak_interest = excluded.peak_interest,
                    peak_at = excluded.peak_at, totals = excluded.totals
                """)
        try connection.executeRows(
            "INSERT INTO engagement_member_day (member_id, day, messages, commands, interactions, interest, interest_at)",
            columns: 7, dayRows,
            tail: """
                ON CONFLICT (day, member_id) DO UPDATE SET messages = messages + excluded.messages,
                    commands = commands + excluded.commands, interactions = interactions + excluded.interactions,
                    interest = CASE WHEN excluded.interest_at >= interest_at THEN excluded.interest ELSE interest END,
                    interest_at = MAX(interest_at, excluded.interest_at)
                """)
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
        try fold(in: connection)
        knownSpeakers.withLock { $0 = KnownSpeakers() }
        for table in ["engagement_state", "engagement_member_day"] {
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
        try rebuild([kept], in: connection)
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
