public import Foundation
public import Storage

/// The case log: every moderation action as a numbered case, written in one transaction before
/// the network is asked to act (so a failed network action still leaves its case, with the
/// failure), reasons edited with their history, timed actions found when they fall due, and
/// appeals — one per case — decided by moderators.
public final class ModerationService: MemberDataOwner {
    let database: Database
    /// The directory that tells whether two identities are one member (appeals).
    public let members: MemberDirectory

    /// Opens the service, creating its tables when needed.
    public init(database: Database, members: MemberDirectory) async throws {
        self.database = database
        self.members = members
        try await database.migrate("moderation", ModerationSchema.migrations)
        members.register(self)
    }

    /// What a new case says; the service numbers it and stamps the time.
    public struct Draft: Sendable, Hashable {
        public var kind: ModerationCase.Kind
        public var network: String
        public var channel: String?
        public var targetAccount: String?
        public var targetNick: String
        public var targetHost: String?
        public var actor: String
        public var reason: String
        public var duration: TimeInterval?
        public var rule: String?

        /// A draft with the parts every case has.
        public init(
            _ kind: ModerationCase.Kind, network: String, channel: String?, targetNick: String,
            targetAccount: String?, targetHost: String?, actor: String, reason: String
        ) {
            self.kind = kind
            self.network = network
            self.channel = channel
            self.targetNick = targetNick
            self.targetAccount = targetAccount
            self.targetHost = targetHost
            self.actor = actor
            self.reason = reason
        }
    }

    /// Stores a case: mutes and bans start `active` (with their expiry), everything else `done`.
    public func open(_ draft: Draft, at now: Date) async throws -> ModerationCase {
        try await database.transaction { connection in
            let lasting = draft.kind == .mute || draft.kind == .ban
            try connection.execute(
                """
                INSERT INTO moderation_case (kind, network, channel, target_account, target_nick, target_host, actor,
                    reason, duration, created_at, expires_at, state, rule)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(draft.kind.rawValue), .text(draft.network), .text(draft.channel), .text(draft.targetAccount),
                    .text(draft.targetNick), .text(draft.targetHost), .text(draft.actor), .text(draft.reason),
                    .double(draft.duration), .real(now.timeIntervalSince1970),
                    .double(lasting ? draft.duration.map { now.addingTimeInterval($0).timeIntervalSince1970 } : nil),
                    .text(lasting ? ModerationCase.State.active.rawValue : ModerationCase.State.done.rawValue),
                    .text(draft.rule),
                ])
            return try Self.fetch(Int(connection.lastInsertRowID), in: connection)
        }
    }

    /// Records what was set on the network for a case (so it can be lifted exactly).
    public func recordApplied(_ id: Int, _ applied: String) async throws {
        try await database.execute(
            "UPDATE moderation_case SET applied = ? WHERE id = ?", [.text(applied), .integer(Int64(id))])
    }

    /// Records that the network action of a case could not be made; the case stays, `failed`.
    public func recordFailure(_ id: Int, _ failure: String) async throws {
        try await database.execute(
            "UPDATE moderation_case SET state = 'failed', failure = ? WHERE id = ?",
            [.text(failure), .integer(Int64(id))])
    }

    /// Notes a passing problem with a case (a lift that has to wait) without changing its state.
    public func noteProblem(_ id: Int, _ problem: String) async throws {
        try await database.execute(
            "UPDATE moderation_case SET failure = ? WHERE id = ?", [.text(problem), .integer(Int64(id))])
    }

    /// Marks an active mute or ban lifted at `now` by `by` (`expiry`, `case 12`, `appeal`);
    /// false when it was not active (already lifted, or never in force).
    @discardableResult
    public func lift(_ id: Int, by: String, at now: Date) async throws -> Bool {
        try await database.execute(
            "UPDATE moderation_case SET state = 'lifted', lifted_at = ?, lifted_by = ? WHERE id = ? AND state = 'active'",
            [.real(now.timeIntervalSince1970), .text(by), .integer(Int64(id))]) > 0
    }

    /// The case numbered `id`, or nil.
    public func moderationCase(_ id: Int) async throws -> ModerationCase? {
        try await database.first("SELECT * FROM moderation_case WHERE id = ?", [.integer(Int64(id))]).map(
            Self.moderationCase(from:))
    }

    /// Cases about a member, newest first: by account when given, else by nick, on `network`.
    public func cases(
        network: String, account: String?, nick: String?, limit: Int = 10
    ) async throws
        -> [ModerationCase]
    {
        let (column, value) = account.map { ("target_account", $0) } ?? ("target_nick", nick ?? "")
        return try await database.query(
            """
            SELECT * FROM moderation_case WHERE network = ? AND lower(\(column)) = lower(?)
            ORDER BY id DESC LIMIT ?
            """, [.text(network), .text(value), .int(limit)]
        ).map(Self.moderationCase(from:))
    }

    /// The most recent cases, newest first.
    public func recent(limit: Int = 10) async throws -> [ModerationCase] {
        try await database.query("SELECT * FROM moderation_case ORDER BY id DESC LIMIT ?", [.int(limit)]).map(
            Self.moderationCase(from:))
    }

    /// The active mute or ban of `kind` on the target in `channel`, newest first.
    public func active(
        _ kind: ModerationCase.Kind, network: String, channel: String?, account: String?, nick: String?
    ) async throws -> [ModerationCase] {
        let (column, value) = account.map { ("target_account", $0) } ?? ("target_nick", nick ?? "")
        return try await database.query(
            """
            SELECT * FROM moderation_case WHERE state = 'active' AND kind = ? AND network = ?
                AND coalesce(channel, '') = coalesce(?, '') AND lower(\(column)) = lower(?)
            ORDER BY id DESC
            """, [.text(kind.rawValue), .text(network), .text(channel), .text(value)]
        ).map(Self.moderationCase(from:))
    }

    /// Active mutes and bans whose time is up at `now`.
    public func due(at now: Date) async throws -> [ModerationCase] {
        try await database.query(
            "SELECT * FROM moderation_case WHERE state = 'active' AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at",
            [.real(now.timeIntervalSince1970)]
        ).map(Self.moderationCase(from:))
    }

    /// Warnings and automatic actions counted by the escalation ladder: offences of the member
    /// (by account, else nick) on `network` since `start`.
    public func offences(network: String, account: String?, nick: String, since start: Date) async throws -> Int {
        let (column, value) = account.map { ("target_account", $0) } ?? ("target_nick", nick)
        return try await database.first(
            """
            SELECT COUNT(*) AS n FROM moderation_case WHERE network = ? AND lower(\(column)) = lower(?)
                AND kind IN ('warn', 'automod') AND created_at >= ?
            """, [.text(network), .text(value), .real(start.timeIntervalSince1970)]
        )?.int("n") ?? 0
    }

    // MARK: Reasons

    /// Changes a case's reason, keeping the old one in its history.
    public func editReason(_ id: Int, to reason: String, by editor: String, at now: Date) async throws -> ModerationCase
    {
        try await database.transaction { connection in
            let existing = try Self.fetch(id, in: connection)
            try connection.execute(
                "INSERT INTO moderation_edit (case_id, editor, previous_reason, new_reason, at) VALUES (?, ?, ?, ?, ?)",
                [
                    .integer(Int64(id)), .text(editor), .text(existing.reason), .text(reason),
                    .real(now.timeIntervalSince1970),
                ])
            try connection.execute(
                "UPDATE moderation_case SET reason = ? WHERE id = ?", [.text(reason), .integer(Int64(id))])
            return try Self.fetch(id, in: connection)
        }
    }

    /// The edits of a case's reason, oldest first.
    public func edits(of id: Int) async throws -> [CaseEdit] {
        try await database.query(
            "SELECT * FROM moderation_edit WHERE case_id = ? ORDER BY at, rowid", [.integer(Int64(id))]
        )
        .map { row in
            let reader = RowReader(row, table: "moderation_edit", key: "case_id")
            return CaseEdit(
                caseID: try reader.integer("case_id"), editor: try reader.text("editor"),
                previousReason: try reader.text("previous_reason"), newReason: try reader.text("new_reason"),
                at: try reader.date("at"))
        }
    }

    // MARK: Appeals

    /// Files `member`'s appeal of case `id`: only their own case, only once, not a note.
    public func appeal(_ id: Int, by member: Identity, text: String, at now: Date) async throws -> Appeal {
        let members = self.members
        return try await database.transaction { connection in
            let subject = try Self.fetch(id, in: connection)
            guard [.warn, .mute, .kick, .ban, .automod].contains(subject.kind) else {
                throw ModerationError.notAppealable(id)
            }
            guard let account = subject.targetAccount,
                try members.member(of: Identity(network: subject.network, account: account), in: connection)
                    == members.member(of: member, in: connection)
            else { throw ModerationError.notYourCase(id) }
            guard
                try connection.first("SELECT 1 FROM moderation_appeal WHERE case_id = ?", [.integer(Int64(id))]) == nil
            else { throw ModerationError.alreadyAppealed(id) }
            try connection.execute(
                """
                INSERT INTO moderation_appeal (case_id, network, account, text, status, created_at)
                VALUES (?, ?, ?, ?, 'open', ?)
                """,
                [
                    .integer(Int64(id)), .text(member.network), .text(member.account), .text(text),
                    .real(now.timeIntervalSince1970),
                ])
            return try Self.appeal(id, in: connection)
        }
    }

    /// Decides the open appeal of case `id`.
    public func decide(
        _ id: Int, accept: Bool, by moderator: String, note: String?, at now: Date
    ) async throws
        -> Appeal
    {
        try await database.transaction { connection in
            let changed = try connection.execute(
                """
                UPDATE moderation_appeal SET status = ?, decided_by = ?, note = ?, decided_at = ?
                WHERE case_id = ? AND status = 'open'
                """,
                [
                    .text(accept ? "accepted" : "rejected"), .text(moderator), .text(note),
                    .real(now.timeIntervalSince1970), .integer(Int64(id)),
                ])
            guard changed > 0 else { throw ModerationError.noOpenAppeal(id) }
            return try Self.appeal(id, in: connection)
        }
    }

    /// The appeal of case `id`, if any.
    public func appeal(of id: Int) async throws -> Appeal? {
        try await database.transaction { connection in try? Self.appeal(id, in: connection) }
    }

    /// Appeals still waiting for a moderator, oldest first.
    public func openAppeals() async throws -> [Appeal] {
        try await database.query("SELECT * FROM moderation_appeal WHERE status = 'open' ORDER BY created_at")
            .map(Self.appeal(from:))
    }

    // MARK: Rows

    static func fetch(_ id: Int, in connection: Connection) throws -> ModerationCase {
        guard let row = try connection.first("SELECT * FROM moderation_case WHERE id = ?", [.integer(Int64(id))]) else {
            throw ModerationError.noSuchCase(id)
        }
        return try moderationCase(from: row)
    }

    static func moderationCase(from row: Row) throws -> ModerationCase {
        let reader = RowReader(row, table: "moderation_case")
        return ModerationCase(
            id: try reader.integer("id"), kind: try reader.value("kind"), network: try reader.text("network"),
            channel: try reader.optionalText("channel"), targetAccount: try reader.optionalText("target_account"),
            targetNick: try reader.text("target_nick"), targetHost: try reader.optionalText("target_host"),
            actor: try reader.text("actor"), reason: try reader.text("reason"),
            duration: row.double("duration"), createdAt: try reader.date("created_at"),
            expiresAt: try reader.optionalDate("expires_at"), state: try reader.value("state"),
            applied: try reader.optionalText("applied"), liftedAt: try reader.optionalDate("lifted_at"),
            liftedBy: try reader.optionalText("lifted_by"), failure: try reader.optionalText("failure"),
            rule: try reader.optionalText("rule"))
    }

    static func appeal(_ id: Int, in connection: Connection) throws -> Appeal {
        guard let row = try connection.first("SELECT * FROM moderation_appeal WHERE case_id = ?", [.integer(Int64(id))])
        else { throw ModerationError.noOpenAppeal(id) }
        return try appeal(from: row)
    }

    static func appeal(from row: Row) throws -> Appeal {
        let reader = RowReader(row, table: "moderation_appeal", key: "case_id")
        return Appeal(
            caseID: try reader.integer("case_id"),
            member: Identity(network: try reader.text("network"), account: try reader.text("account")),
            text: try reader.text("text"), status: try reader.value("status"),
            decidedBy: try reader.optionalText("decided_by"), note: try reader.optionalText("note"),
            createdAt: try reader.date("created_at"), decidedAt: try reader.optionalDate("decided_at"))
    }
}

extension ModerationService {
    /// How many cases of each kind were ever opened.
    public func caseCounts() async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for row in try await database.query("SELECT kind, COUNT(*) AS n FROM moderation_case GROUP BY kind") {
            let reader = RowReader(row, table: "moderation_case", key: "kind")
            result[try reader.text("kind")] = try reader.integer("n")
        }
        return result
    }
}
