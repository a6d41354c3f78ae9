public import Foundation
public import Storage

/// Events and RSVPs: creating, changing and cancelling events; answering them, with a waitlist
/// that moves in the same transaction as the answer that frees a place; and the record of every
/// timed post (announcements, reminders), so none is posted twice and every skip is on record.
public final class EventService: MemberDataOwner {
    let database: Database
    /// The directory RSVPs are recorded in as interactions.
    public let members: MemberDirectory

    /// Opens the service, creating its tables when needed.
    public init(database: Database, members: MemberDirectory) async throws {
        self.database = database
        self.members = members
        try await database.migrate("event", EventSchema.migrations)
        members.register(self)
    }

    // MARK: Events

    /// Stores a new event under a fresh short id (or `id`, for fixtures and imports).
    public func create(_ draft: EventDraft, id chosen: String? = nil, at now: Date) async throws -> Event {
        try await database.transaction { connection in
            var id = chosen?.lowercased() ?? Self.newID()
            while chosen == nil, try connection.first("SELECT 1 FROM event WHERE id = ?", [.text(id)]) != nil {
                id = Self.newID()
            }
            try connection.execute(
                """
                INSERT INTO event (id, title, description, starts_at, ends_at, network, channels, capacity,
                    host_network, host_account, course_slug, tags, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(id), .text(draft.title), .text(draft.description), .real(draft.start.timeIntervalSince1970),
                    .real(draft.start.addingTimeInterval(draft.duration).timeIntervalSince1970), .text(draft.network),
                    .text(draft.channels.joined(separator: " ")), .int(draft.capacity), .text(draft.host?.network),
                    .text(draft.host?.account), .text(draft.course), .text(draft.tags.joined(separator: " ")),
                    .real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970),
                ])
            return try Self.event(id, in: connection)
        }
    }

    /// The event with `id` (any case), or nil.
    public func event(_ id: String) async throws -> Event? {
        try await database.first("SELECT * FROM event WHERE id = ?", [.text(id.lowercased())]).map(Self.event(from:))
    }

    /// Events still to end after `now`, soonest first; only those tagged `tag` when given, and
    /// cancelled ones too when asked (calendars must learn of cancellations).
    public func upcoming(
        tag: String? = nil, from now: Date, limit: Int = 50, includingCancelled: Bool = false
    )
        async throws -> [Event]
    {
        let statuses = includingCancelled ? "('scheduled', 'cancelled')" : "('scheduled')"
        let rows = try await database.query(
            "SELECT * FROM event WHERE status IN \(statuses) AND ends_at > ? ORDER BY starts_at, id",
            [.real(now.timeIntervalSince1970)])
        let events = try rows.map(Self.event(from:))
        guard let tag = tag?.lowercased() else { return Array(events.prefix(limit)) }
        return Array(events.filter { $0.tags.contains(tag) }.prefix(limit))
    }

    /// Events that start in `range` and are still scheduled (digests).
    public func starting(in range: Range<Date>) async throws -> [Event] {
        try await database.query(
            "SELECT * FROM event WHERE status = 'scheduled' AND starts_at >= ? AND starts_at < ? ORDER BY starts_at",
            [.real(range.lowerBound.timeIntervalSince1970), .real(range.upperBound.timeIntervalSince1970)]
        ).map(Self.event(from:))
    }

    /// Applies `change` to a scheduled event that has not ended; returns it as stored. A new
    /// capacity promotes from the waitlist as far as it allows (returned in `promoted`).
    public func update(
        _ id: String, at now: Date, _ change: @Sendable (inout Event) -> Void
    ) async throws
        -> (event: Event, promoted: [RSVP])
    {
        try await database.transaction { connection in
            var event = try Self.event(id.lowercased(), in: connection)
            guard event.status == .scheduled else { throw EventError.cancelled(event) }
            guard event.end > now else { throw EventError.over(event) }
            change(&event)
            try connection.execute(
                """
                UPDATE event SET title = ?, description = ?, starts_at = ?, ends_at = ?, channels = ?, capacity = ?,
                    course_slug = ?, tags = ?, revision = revision + 1, updated_at = ? WHERE id = ?
                """,
                [
                    .text(event.title), .text(event.description), .real(event.start.timeIntervalSince1970),
                    .real(event.end.timeIntervalSince1970), .text(event.channels.joined(separator: " ")),
                    .int(event.capacity), .text(event.course), .text(event.tags.joined(separator: " ")),
                    .real(now.timeIntervalSince1970), .text(event.id),
                ])
            let promoted = try Self.promote(event: try Self.event(event.id, in: connection), at: now, in: connection)
            return (try Self.event(event.id, in: connection), promoted)
        }
    }

    /// Cancels a scheduled event; returns it and everyone who had said yes, maybe or was waiting,
    /// to be told.
    public func cancel(_ id: String, reason: String?, at now: Date) async throws -> (event: Event, told: [RSVP]) {
        try await database.transaction { connection in
            let event = try Self.event(id.lowercased(), in: connection)
            guard event.status == .scheduled else { throw EventError.cancelled(event) }
            guard event.end > now else { throw EventError.over(event) }
            try connection.execute(
                """
                UPDATE event SET status = 'cancelled', cancel_reason = ?, revision = revision + 1, updated_at = ?
                WHERE id = ?
                """,
                [.text(reason), .real(now.timeIntervalSince1970), .text(event.id)])
            let told = try Self.rsvps(of: event.id, in: connection).filter { $0.answer != .no }
            return (try Self.event(event.id, in: connection), told)
        }
    }

    /// Marks events that have ended as done; returns how many.
    @discardableResult
    public func finishEnded(at now: Date) async throws -> Int {
        try await database.execute(
            "UPDATE event SET status = 'done', updated_at = ? WHERE status = 'scheduled' AND ends_at <= ?",
            [.real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970)])
    }

    // MARK: RSVPs

    /// Records `identity`'s answer to event `id` in one transaction: a yes beyond capacity joins
    /// the waitlist; a going member who steps back frees a place for the first one waiting.
    public func rsvp(
        _ id: String, by identity: Identity, answer: RSVPAnswer, at now: Date
    ) async throws
        -> RSVPOutcome
    {
        let members = self.members
        return try await database.transaction { connection in
            let event = try Self.event(id.lowercased(), in: connection)
            guard event.status == .scheduled else { throw EventError.cancelled(event) }
            guard event.start > now else { throw EventError.over(event) }
            let member = try members.member(of: identity, in: connection)
            let previous = try connection.first(
                "SELECT answer, waitlist FROM event_rsvp WHERE event_id = ? AND member_id = ?",
                [.text(event.id), .integer(member.id)])
            let previousAnswer = previous?.string("answer").flatMap(RSVPAnswer.init(rawValue:))
            let wasWaiting = previous?.int("waitlist") != nil
            if previousAnswer == answer {
                return RSVPOutcome(
                    standing: try Self.standing(of: member, in: event, connection: connection), unchanged: true,
                    promoted: [])
            }
            var waitlist: Int?
            if answer == .yes, let capacity = event.capacity {
                let going = try Self.goingCount(event.id, in: connection)
                if going >= capacity {
                    let last =
                        try connection.first(
                            "SELECT MAX(waitlist) AS last FROM event_rsvp WHERE event_id = ?", [.text(event.id)])?
                        .int("last") ?? 0
                    waitlist = last + 1
                }
            }
            try connection.execute(
                """
                INSERT INTO event_rsvp (event_id, member_id, network, account, answer, waitlist, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (event_id, member_id) DO UPDATE SET network = excluded.network,
                    account = excluded.account, answer = excluded.answer, waitlist = excluded.waitlist,
                    updated_at = excluded.updated_at
                """,
                [
                    .text(event.id), .integer(member.id), .text(identity.network), .text(identity.account),
                    .text(answer.rawValue), .int(waitlist), .real(now.timeIntervalSince1970),
                ])
            if answer != .no, previousAnswer == nil || previousAnswer == .no {
                try members.record(.rsvp, of: identity, course: event.course, at: now, in: connection)
            }
            let promoted =
                previousAnswer == .yes && !wasWaiting ? try Self.promote(event: event, at: now, in: connection) : []
            return RSVPOutcome(
                standing: try Self.standing(of: member, in: event, connection: connection), unchanged: false,
                promoted: promoted)
        }
    }

    /// Counts of answers to event `id`.
    public func counts(_ id: String) async throws -> RSVPCounts {
        var counts = RSVPCounts()
        for row in try await database.query(
            "SELECT answer, waitlist IS NOT NULL AS waiting, COUNT(*) AS n FROM event_rsvp WHERE event_id = ? GROUP BY 1, 2",
            [.text(id.lowercased())])
        {
            let n = row.int("n") ?? 0
            switch (row.string("answer"), row.bool("waiting") ?? false) {
            case ("yes", true): counts.waitlisted += n
            case ("yes", false): counts.going += n
            case ("maybe", _): counts.maybe += n
            default: counts.notGoing += n
            }
        }
        return counts
    }

    /// The member's own RSVP to event `id`, or nil.
    public func rsvp(of identity: Identity, for id: String) async throws -> RSVP? {
        let member = try await members.member(of: identity)
        return try await database.transaction { connection in
            try Self.rsvps(of: id.lowercased(), in: connection).first { $0.member == member }
        }
    }

    /// Every RSVP to event `id`, going first, then waiting in order, then maybe, then no.
    public func rsvps(of id: String) async throws -> [RSVP] {
        try await database.transaction { connection in try Self.rsvps(of: id.lowercased(), in: connection) }
    }

    // MARK: Timed posts

    /// What happened to a timed post.
    public enum PostState: String, Sendable, Hashable, CaseIterable {
        case posted
        /// Posted after its time (the agent or the network was down), within its grace period.
        case late
        /// Not posted: later than its grace period, or no longer relevant.
        case skipped
    }

    /// Records that the post `key` planned for `planned` is being made now; false when it was
    /// already recorded (so it is never made twice).
    public func claimPost(
        _ key: String, planned: Date, state: PostState, detail: String = "", at now: Date
    )
        async throws -> Bool
    {
        try await database.execute(
            "INSERT INTO event_post (key, planned_at, state, at, detail) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            [
                .text(key), .real(planned.timeIntervalSince1970), .text(state.rawValue),
                .real(now.timeIntervalSince1970),
                .text(detail),
            ]) > 0
    }

    /// A recorded post: its key, when it was planned, what happened and when.
    public struct Post: Sendable, Hashable {
        public var key: String
        public var planned: Date
        public var state: PostState
        public var at: Date
        public var detail: String
    }

    /// Every recorded post whose key starts with `prefix`, in planned order.
    public func posts(prefix: String = "") async throws -> [Post] {
        try await database.query(
            "SELECT * FROM event_post WHERE substr(key, 1, ?) = ? ORDER BY planned_at, key",
            [.integer(Int64(prefix.count)), .text(prefix)]
        ).map { row in
            let reader = RowReader(row, table: "event_post", key: "key")
            return Post(
                key: try reader.text("key"), planned: try reader.date("planned_at"),
                state: try reader.value("state"), at: try reader.date("at"), detail: try reader.text("detail"))
        }
    }

    // MARK: Rows

    /// Four characters from a readable alphabet: about a million ids.
    static func newID() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<4).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    static func event(_ id: String, in connection: Connection) throws -> Event {
        guard let row = try connection.first("SELECT * FROM event WHERE id = ?", [.text(id)]) else {
            throw EventError.notFound(id)
        }
        return try event(from: row)
    }

    static func event(from row: Row) throws -> Event {
        let reader = RowReader(row, table: "event")
        let hostNetwork = try reader.optionalText("host_network")
        let hostAccount = try reader.optionalText("host_account")
        return Event(
            id: try reader.text("id"), title: try reader.text("title"), description: try reader.text("description"),
            start: try reader.date("starts_at"), end: try reader.date("ends_at"), network: try reader.text("network"),
            channels: try reader.text("channels").split(separator: " ").map(String.init),
            capacity: try reader.optionalInteger("capacity"),
            host: hostNetwork.flatMap { network in hostAccount.map { Identity(network: network, account: $0) } },
            course: try reader.optionalText("course_slug"), status: try reader.value("status"),
            tags: try reader.text("tags").split(separator: " ").map(String.init),
            cancelReason: try reader.optionalText("cancel_reason"), revision: try reader.integer("revision"),
            createdAt: try reader.date("created_at"), updatedAt: try reader.date("updated_at"))
    }

    static func goingCount(_ id: String, in connection: Connection) throws -> Int {
        try connection.first(
            "SELECT COUNT(*) AS n FROM event_rsvp WHERE event_id = ? AND answer = 'yes' AND waitlist IS NULL",
            [.text(id)])?.int("n") ?? 0
    }

    /// Moves members from the waitlist to going while there is room; returns them.
    static func promote(event: Event, at now: Date, in connection: Connection) throws -> [RSVP] {
        var promoted: [RSVP] = []
        while true {
            if let capacity = event.capacity, try goingCount(event.id, in: connection) >= capacity { break }
            guard
                let next = try connection.first(
                    "SELECT member_id FROM event_rsvp WHERE event_id = ? AND waitlist IS NOT NULL ORDER BY waitlist LIMIT 1",
                    [.text(event.id)]), let memberID = next.int("member_id")
            else { break }
            try connection.execute(
                "UPDATE event_rsvp SET waitlist = NULL, updated_at = ? WHERE event_id = ? AND member_id = ?",
                [.real(now.timeIntervalSince1970), .text(event.id), .integer(Int64(memberID))])
            if let rsvp = try rsvps(of: event.id, in: connection).first(where: { $0.member.id == Int64(memberID) }) {
                promoted.append(rsvp)
            }
        }
        return promoted
    }

    static func rsvps(of id: String, in connection: Connection) throws -> [RSVP] {
        var waiting = 0
        return try connection.query(
            """
            SELECT * FROM event_rsvp WHERE event_id = ?
            ORDER BY CASE answer WHEN 'yes' THEN 0 WHEN 'maybe' THEN 1 ELSE 2 END, waitlist IS NOT NULL, waitlist,
                updated_at
            """, [.text(id)]
        ).map { row in
            let reader = RowReader(row, table: "event_rsvp", key: "event_id", "member_id")
            let place: Int?
            if try reader.optionalInteger("waitlist") != nil {
                waiting += 1
                place = waiting
            } else {
                place = nil
            }
            return RSVP(
                member: Member(id: Int64(try reader.integer("member_id"))),
                identity: Identity(network: try reader.text("network"), account: try reader.text("account")),
                answer: try reader.value("answer"), waitlistPlace: place, updatedAt: try reader.date("updated_at"))
        }
    }

    static func standing(of member: Member, in event: Event, connection: Connection) throws -> RSVPOutcome.Standing {
        guard let rsvp = try rsvps(of: event.id, in: connection).first(where: { $0.member == member }) else {
            return .notGoing
        }
        switch rsvp.answer {
        case .yes: return rsvp.waitlistPlace.map { .waitlisted(place: $0) } ?? .going
        case .maybe: return .maybe
        case .no: return .notGoing
        }
    }
}
