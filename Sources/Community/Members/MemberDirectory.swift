public import Foundation
public import Storage
import Synchronization

/// Remembers the nick each account was last seen with and records interactions, so scheduled
/// messages can reach a member and the engagement model has its data.
///
/// The directory alone writes the `interaction`, `chat_log` and `member_seen` tables; other
/// services record an interaction inside their own transaction through
/// `record(_:of:course:at:in:)`, and chat arrives in batches through `recordChat(_:in:)`.
public final class MemberDirectory: Sendable {
    let database: Database
    private let members = Mutex<[Identity: Member]>([:])
    private let owners = Mutex<[WeakOwner]>([])
    /// The `member_generation` the cache of members was filled under.
    private let cacheGeneration = Mutex<Int64?>(nil)
    /// Identities forgotten lately, and when (kept an hour).
    private let forgotten = Mutex<[Identity: Date]>([:])

    /// Opens the directory, creating its tables when needed.
    public init(database: Database) async throws {
        self.database = database
        try await database.migrate("members", MemberSchema.migrations)
    }

    /// Records that `member` was seen as `nick`.
    public func saw(_ member: Identity, as nick: String, at now: Date = Date()) async throws {
        try await database.execute(
            """
            INSERT INTO member_seen (network, account, nick, seen_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (network, account) DO UPDATE SET nick = excluded.nick, seen_at = excluded.seen_at
            """,
            [.text(member.network), .text(member.account), .text(nick), .real(now.timeIntervalSince1970)])
    }

    /// The nick `member` was last seen with, if ever.
    public func lastNick(of member: Identity) async throws -> String? {
        let row = try await database.first(
            "SELECT network, account, nick FROM member_seen WHERE network = ? AND account = ?",
            [.text(member.network), .text(member.account)])
        return try row.map { try RowReader($0, table: "member_seen", key: "network", "account").text("nick") }
    }

    /// Registers a service whose rows must follow a member when identities are linked, for as
    /// long as that service exists (the directory does not keep it alive: services keep the
    /// directory).
    public func register(_ owner: any MemberDataOwner) {
        owners.withLock { owners in
            owners.removeAll { $0.owner == nil }
            owners.append(WeakOwner(owner: owner))
        }
    }

    var dataOwners: [any MemberDataOwner] { owners.withLock { $0.compactMap(\.owner) } }

    private struct WeakOwner: Sendable {
        weak var owner: (any MemberDataOwner)?
    }

    func cachedMember(of identity: Identity) -> Member? { members.withLock { $0[identity] } }

    func remember(_ member: Member, for identity: Identity) {
        members.withLock { cache in
            if cache.count > 100_000 { cache.removeAll() }
            cache[identity] = member
        }
    }

    func forgetCachedMembers() { members.withLock { $0.removeAll() } }

    /// Records, inside the transaction, that who is whom changed: every process drops its
    /// cached members before it next records anything.
    func identitiesChanged(in connection: Connection) throws {
        try connection.execute("UPDATE member_generation SET value = value + 1 WHERE id = 1")
    }

    /// Drops the cached members when another process (or this one) changed who is whom since
    /// they were cached.
    private func refreshCachedMembers(in connection: Connection) throws {
        let row = try connection.first("SELECT id, value FROM member_generation WHERE id = 1")
        let generation = Int64(try row.map { try RowReader($0, table: "member_generation").integer("value") } ?? 0)
        let stale = cacheGeneration.withLock { cached in
            defer { cached = generation }
            return cached != generation
        }
        if stale { forgetCachedMembers() }
    }

    func rememberForgotten(_ identities: [Identity], at time: Date) {
        forgotten.withLock { forgotten in
            forgotten = forgotten.filter { $0.value > time.addingTimeInterval(-3_600) }
            for identity in identities { forgotten[identity] = max(time, forgotten[identity] ?? time) }
        }
    }

    /// True when `identity` was forgotten at or after `time`: what they did then arrived after
    /// they asked to be forgotten, and is not recorded as theirs.
    public func wasForgotten(_ identity: Identity, after time: Date) -> Bool {
        forgotten.withLock { forgotten in forgotten[identity].map { time <= $0 } ?? false }
    }

    /// Records one interaction on its own.
    public func record(
        _ kind: InteractionKind, of member: Identity, course slug: String? = nil, at now: Date = Date()
    ) async throws {
        try await database.transaction { connection in
            try self.record(kind, of: member, course: slug, at: now, in: connection)
        }
    }

    /// Records one interaction inside the caller's transaction, so it lands together with the
    /// change it stands for.
    public func record(
        _ kind: InteractionKind, of member: Identity, course slug: String?, at now: Date, in connection: Connection
    ) throws {
        try record([InteractionRecord(kind, of: member, course: slug, at: now)], in: connection)
    }

    /// Records several interactions inside the caller's transaction; returns them with their
    /// members.
    @discardableResult
    public func record(_ records: [InteractionRecord], in connection: Connection) throws -> [RecordedInteraction] {
        guard !records.isEmpty else { return [] }
        try refreshCachedMembers(in: connection)
        var recorded: [RecordedInteraction] = []
        recorded.reserveCapacity(records.count)
        var rows: [[SQLValue]] = []
        for record in records {
            let owner = try resolvedMember(of: record.identity, in: connection)
            rows.append([
                .text(record.identity.network), .text(record.identity.account), .integer(owner.id),
                .text(record.kind.rawValue), .text(record.course), .real(record.at.timeIntervalSince1970),
            ])
            recorded.append(RecordedInteraction(member: owner, kind: record.kind, course: record.course, at: record.at))
        }
        try connection.executeRows(
            "INSERT INTO interaction (network, account, member_id, kind, course_slug, at)", columns: 6, rows)
        return recorded
    }

    /// Records the chat messages and commands among `activities` (other kinds are left out)
    /// inside the caller's transaction, packed into the chat log as one row. Unidentified
    /// speakers are kept without any name: only where and when. Returns how many were recorded.
    @discardableResult
    public func recordChat(_ activities: [ChatActivity], in connection: Connection) throws -> Int {
        try refreshCachedMembers(in: connection)
        var batch = ChatLogBatch()
        let cached = members.withLock { cache in
            activities.map { activity in activity.kind.isChat ? activity.identity.flatMap { cache[$0] } : nil }
        }
        let anyForgotten = !forgotten.withLock { $0.isEmpty }
        // By index, so each activity is read in place rather than copied.
        for index in activities.indices where activities[index].kind.isChat {
            var member: Member?
            // Said before its speaker was forgotten: counted, but without a name.
            if let identity = activities[index].identity,
                !(anyForgotten && wasForgotten(identity, after: activities[index].at))
            {
                member = try cached[index] ?? resolvedMember(of: identity, in: connection)
            }
            batch.add(
                member: member, kind: activities[index].kind, network: activities[index].network,
                channel: activities[index].channel, at: activities[index].at)
        }
        try ChatLog.append(batch, in: connection)
        return batch.records.count
    }

    /// The member behind `identity`, from the cache when known; otherwise read (or created)
    /// and cached, and the cache forgotten should the transaction not commit.
    private func resolvedMember(of identity: Identity, in connection: Connection) throws -> Member {
        if let known = cachedMember(of: identity) { return known }
        let member = try member(of: identity, in: connection)
        remember(member, for: identity)
        connection.onRollback { self.forgetCachedMembers() }
        return member
    }

    /// The interactions of the member behind `identity` (from all their identities), oldest
    /// first.
    public func interactions(of identity: Identity) async throws -> [(kind: InteractionKind, course: String?, at: Date)]
    {
        let member = try await self.member(of: identity)
        return try await database.transaction { connection in
            let rows = try connection.query(
                "SELECT id, kind, course_slug, at FROM interaction WHERE member_id = ? ORDER BY at, id",
                [.integer(member.id)]
            ).map { row in
                let reader = RowReader(row, table: "interaction")
                return (
                    kind: try reader.value("kind") as InteractionKind, course: try reader.optionalText("course_slug"),
                    at: try reader.date("at")
                )
            }
            let chat = try ChatLog.entries(of: [member], in: connection).map {
                (kind: $0.kind, course: String?.none, at: $0.at)
            }
            // A stable merge by time: rows first among equal times, as they were stored.
            return (rows + chat).enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
                .map(\.element)
        }
    }
}

extension MemberDirectory {
    /// One identified member the agent has seen.
    public struct SeenMember: Sendable, Hashable {
        public var member: Identity
        public var nick: String
        public var seenAt: Date
    }

    /// Every member seen, most recently seen first.
    public func seenMembers() async throws -> [SeenMember] {
        try await database.query(
            "SELECT network, account, nick, seen_at FROM member_seen ORDER BY seen_at DESC, network, account"
        ).map { row in
            let reader = RowReader(row, table: "member_seen", key: "network", "account")
            return SeenMember(
                member: Identity(network: try reader.text("network"), account: try reader.text("account")),
                nick: try reader.text("nick"), seenAt: try reader.date("seen_at"))
        }
    }
}
