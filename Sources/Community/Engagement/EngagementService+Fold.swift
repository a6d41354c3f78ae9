import Foundation
import Storage
import Synchronization

/// The engagement tables are derived from what members did: `interaction` rows and the packed
/// chat log. Recording writes only those; folding brings the derived state up to date with
/// everything recorded since the last fold, in one pass. Every reader folds first, so what it
/// reads is as current as if each event had been folded when it happened; chat also folds on
/// its own once a minute (or after `foldEvents` chat events), so a fold's work is a minute of
/// chat at most and each member's rows are written once per fold however much they said.
///
/// Where the last fold stopped is a row of its own (`engagement_fold`), written in the fold's
/// transaction: after a crash the next fold picks up exactly the events not yet counted.
extension EngagementService {
    /// Folds everything recorded since the last fold into members' states, totals and day rows
    /// and channels' day rows.
    public func foldPending() async throws {
        try await database.transaction { connection in try self.fold(in: connection) }
    }

    /// Folds everything recorded since the last fold, inside the caller's transaction.
    func fold(in connection: Connection) throws {
        let marks = try foldMarks(in: connection)
        var events = FoldEvents()
        try connection.forEachRow(
            "SELECT id, member_id, kind, course_slug, at FROM interaction WHERE id > ? AND member_id IS NOT NULL",
            [.integer(marks.interaction)]
        ) { row in events.add(row) }
        var channels = ChannelTally()
        var lastBatch = marks.chat
        try ChatLog.forEachBatch(in: connection, where: "id > ?", [.integer(marks.chat)]) { id, batch in
            channels.add(batch, memberSlots: events.add(batch), days: days)
            lastBatch = id
        }
        if let failure = events.failure { throw failure }
        try apply(events, in: connection)
        // Another process (the command line) may have folded since: then what this one knows
        // about today's speakers is behind the log, and is read again.
        knownSpeakers.withLock { known in
            if known.foldedThrough != marks.chat { known = KnownSpeakers() }
        }
        try count(channels, members: events.order, foldedThrough: marks.chat, in: connection)
        knownSpeakers.withLock { $0.foldedThrough = lastBatch }
        // The highest ids now, not the highest folded: rows deleted since (a member forgotten)
        // must not leave a gap that a reused id would fall into unfolded.
        try connection.execute(
            """
            UPDATE engagement_fold SET interaction_id = (SELECT COALESCE(MAX(id), 0) FROM interaction),
                chat_log_id = ? WHERE id = 1
            """, [.integer(lastBatch)])
        foldDue.withLock { $0 = FoldDue() }
    }

    /// Folds when a minute has passed or `foldEvents` chat events wait since the last fold.
    func foldIfDue(afterAdding count: Int, in connection: Connection) throws {
        let due = foldDue.withLock { due in
            due.events += count
            return due.events >= foldEvents || ContinuousClock.now - due.since >= .seconds(60)
        }
        if due { try fold(in: connection) }
    }

    private func foldMarks(in connection: Connection) throws -> (interaction: Int64, chat: Int64) {
        guard let row = try connection.first("SELECT * FROM engagement_fold WHERE id = 1") else {
            throw CorruptRow(table: "engagement_fold", id: "1", column: "id", expected: "one row", found: "none")
        }
        let reader = RowReader(row, table: "engagement_fold")
        return (Int64(try reader.integer("interaction_id")), Int64(try reader.integer("chat_log_id")))
    }

    /// Adds a fold's chat to its channels' day rows: messages, commands, messages from speakers
    /// without an account, and members who spoke there for the first time that day — known
    /// from the chat log already folded (through batch `folded`), read once per day.
    private func count(
        _ tally: ChannelTally, members: [Member], foldedThrough folded: Int64, in connection: Connection
    ) throws {
        guard !tally.keys.isEmpty else { return }
        let unloaded = knownSpeakers.withLock { known in Set(tally.keys.map(\.day)).subtracting(known.loadedDays) }
        var loaded: [ChannelDay: Set<Int64>] = [:]
        for day in unloaded.sorted() {
            guard let range = tally.range(of: day) else { continue }
            try ChatLog.forEachBatch(
                in: connection, where: "id <= ? AND last_at >= ? AND first_at < ?",
                [.integer(folded), .real(range.start.timeIntervalSince1970), .real(range.end.timeIntervalSince1970)]
            ) { _, batch in
                for record in batch.records where record.member != 0 {
                    let at = ChatLogBatch.date(milliseconds: record.milliseconds)
                    let place = batch.places[record.place]
                    guard at >= range.start, at < range.end, !place.channel.isEmpty else { continue }
                    loaded[ChannelDay(network: place.network, channel: place.channel, day: day), default: []].insert(
                        record.member)
                }
            }
        }
        let newSpeakers = knownSpeakers.withLock { known in
            known.load(loaded, days: unloaded)
            defer { known.keepLatestDays(3) }
            return tally.keys.indices.map { known.add(tally.speakers(at: $0, members: members), to: tally.keys[$0]) }
        }
        connection.onRollback { self.knownSpeakers.withLock { $0 = KnownSpeakers() } }
        let rows: [[SQLValue]] = tally.keys.indices.map { id in
            let key = tally.keys[id]
            let count = tally.counts[id]
            return [
                .text(key.network), .text(key.channel), .text(key.day), .int(count.messages), .int(count.commands),
                .int(count.anonymous), .int(newSpeakers[id]),
            ]
        }
        try connection.executeRows(
            """
            INSERT INTO engagement_channel_day
                (network, channel, day, messages, commands, anonymous_messages, active_members)
            """, columns: 7, rows,
            tail: """
                ON CONFLICT (network, channel, day) DO UPDATE SET messages = messages + excluded.messages,
                    commands = commands + excluded.commands,
                    anonymous_messages = anonymous_messages + excluded.anonymous_messages,
                    active_members = active_members + excluded.active_members
                """)
    }
}

/// The events of one fold, grouped by member. Each member met gets a slot, numbered from 0 in
/// the order met, so what is kept per member while folding is indexed rather than hashed.
struct FoldEvents {
    /// Members by slot.
    private(set) var order: [Member] = []
    /// Slot + 1 by member number (0: not met), for numbers below `directLimit`.
    private var directSlots: [Int32] = []
    private var slots: [Int64: Int] = [:]
    private var items: [[TimedKind]] = []
    /// A row that could not be read.
    private(set) var failure: (any Error)?

    /// One interaction: when and what.
    struct TimedKind {
        var at: Date
        var kind: InteractionKind
    }

    /// The events of the member in `slot`, in the order added.
    func events(inSlot slot: Int) -> [TimedKind] { items[slot] }

    /// The events of `member`, in the order added.
    func events(of member: Member) -> [TimedKind] {
        if member.id >= 0, member.id < Self.directLimit {
            let index = Int(member.id)
            return index < directSlots.count && directSlots[index] > 0 ? items[Int(directSlots[index]) - 1] : []
        }
        return slots[member.id].map { items[$0] } ?? []
    }

    /// Adds one event; returns its member's slot.
    @discardableResult
    mutating func add(_ member: Member, _ kind: InteractionKind, at: Date) -> Int {
        let slot = self.slot(of: member.id)
        items[slot].append(TimedKind(at: at, kind: kind))
        return slot
    }

    /// Adds the entries of a chat-log batch that have a member; returns each entry's member
    /// slot, or -1 for a speaker without an account.
    mutating func add(_ batch: ChatLogBatch) -> [Int32] {
        batch.records.map { record in
            guard record.member != 0 else { return -1 }
            let slot = self.slot(of: record.member)
            items[slot].append(TimedKind(at: ChatLogBatch.date(milliseconds: record.milliseconds), kind: record.kind))
            return Int32(slot)
        }
    }

    /// Adds an `interaction` row (`member_id`, `kind`, `at`).
    mutating func add(_ row: Row) {
        do {
            let reader = RowReader(row, table: "interaction")
            add(Member(id: Int64(try reader.integer("member_id"))), try reader.value("kind"), at: try reader.date("at"))
        } catch {
            failure = failure ?? error
        }
    }

    private mutating func slot(of member: Int64) -> Int {
        // Member numbers are handed out one after another, so most index an array directly.
        if member >= 0, member < Self.directLimit {
            let index = Int(member)
            if index < directSlots.count, directSlots[index] > 0 { return Int(directSlots[index]) - 1 }
            if index >= directSlots.count {
                directSlots.append(
                    contentsOf: repeatElement(0, count: max(index + 1, directSlots.count * 2) - directSlots.count))
            }
            directSlots[index] = Int32(order.count + 1)
        } else if let known = slots[member] {
            return known
        } else {
            slots[member] = order.count
        }
        order.append(Member(id: member))
        items.append([])
        return order.count - 1
    }

    /// Members numbered below this find their slot by index (4 bytes per number up to the
    /// highest met); the rest by hashing.
    private static let directLimit: Int64 = 1 << 22
}

/// Chat events counted since the last fold, and when it was.
struct FoldDue {
    var events = 0
    var since = ContinuousClock.now
}

/// A fold's chat counted per channel and day, without hashing names or members per entry.
struct ChannelTally {
    private(set) var keys: [ChannelDay] = []
    private(set) var counts: [ChannelCounts] = []
    /// The members who spoke, per key, by their slot in the fold's `FoldEvents`.
    private var speakerSlots: [SlotSet] = []
    private var ids: [ChannelDay: Int] = [:]
    private var cursor = DayCursor()

    /// Counts a batch's entries in channels; `memberSlots` holds each entry's member slot (-1
    /// for a speaker without an account).
    mutating func add(_ batch: ChatLogBatch, memberSlots: [Int32], days: DayKeys) {
        let isChannel = batch.places.map { !$0.channel.isEmpty }
        // Each place's key on `localDay`, found once per batch and day.
        var local = [Int](repeating: -1, count: batch.places.count)
        var localDay = -1
        for (index, record) in batch.records.enumerated() where isChannel[record.place] {
            let day = cursor.index(for: ChatLogBatch.date(milliseconds: record.milliseconds), days: days)
            if day != localDay {
                local = [Int](repeating: -1, count: batch.places.count)
                localDay = day
            }
            var id = local[record.place]
            if id < 0 {
                let place = batch.places[record.place]
                id = self.id(of: ChannelDay(network: place.network, channel: place.channel, day: cursor.keys[day]))
                local[record.place] = id
            }
            if record.kind == .message { counts[id].messages += 1 } else { counts[id].commands += 1 }
            let slot = memberSlots[index]
            if slot >= 0 {
                speakerSlots[id].insert(Int(slot))
            } else if record.kind == .message {
                counts[id].anonymous += 1
            }
        }
    }

    /// The member numbers of the speakers counted under key `id`; `members` maps slots to
    /// members, as the fold's `FoldEvents.order` does.
    func speakers(at id: Int, members: [Member]) -> Set<Int64> {
        Set(speakerSlots[id].elements.map { members[$0].id })
    }

    /// The instants the day `key` (met in this tally) covers.
    func range(of key: String) -> (start: Date, end: Date)? { cursor.range(of: key) }

    private mutating func id(of key: ChannelDay) -> Int {
        if let known = ids[key] { return known }
        ids[key] = keys.count
        keys.append(key)
        counts.append(ChannelCounts())
        speakerSlots.append(SlotSet())
        return keys.count - 1
    }

    struct ChannelCounts {
        var messages = 0
        var commands = 0
        var anonymous = 0
    }
}

/// A set of small non-negative integers, one bit each.
struct SlotSet {
    private var words: [UInt64] = []

    mutating func insert(_ slot: Int) {
        let word = slot >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(slot & 63)
    }

    /// The members, in increasing order.
    var elements: [Int] {
        var found: [Int] = []
        for (index, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                found.append(index << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return found
    }
}

/// The members who have spoken in each channel on the days loaded, as folded so far — read
/// from the chat log once per day, then kept up to date by each fold. Forgotten whole when a
/// transaction that changed it rolls back, when a member's chat is rewritten, or when the log
/// was folded by someone else since.
struct KnownSpeakers {
    /// The last chat-log batch folded into what is known here (nil: nothing yet).
    var foldedThrough: Int64?
    private(set) var loadedDays: Set<String> = []
    private var byChannelDay: [ChannelDay: Set<Int64>] = [:]

    /// Takes what was read from the log for `days`.
    mutating func load(_ speakers: [ChannelDay: Set<Int64>], days: Set<String>) {
        byChannelDay.merge(speakers) { $0.union($1) }
        loadedDays.formUnion(days)
    }

    /// Forgets all but the `count` latest days (read again from the log when needed).
    mutating func keepLatestDays(_ count: Int) {
        guard loadedDays.count > count else { return }
        let kept = Set(loadedDays.sorted().suffix(count))
        byChannelDay = byChannelDay.filter { kept.contains($0.key.day) }
        loadedDays = kept
    }

    /// Adds `members` to `key`'s speakers; returns how many were new.
    mutating func add(_ members: Set<Int64>, to key: ChannelDay) -> Int {
        let before = byChannelDay[key]?.count ?? 0
        byChannelDay[key, default: []].formUnion(members)
        return (byChannelDay[key]?.count ?? 0) - before
    }
}

/// A channel on one day.
struct ChannelDay: Hashable {
    var network: String
    var channel: String
    var day: String
}

/// Which day a time falls on, as an index into the day keys met so far: a time on a day met
/// before costs a few comparisons, not a calendar calculation.
struct DayCursor {
    private(set) var keys: [String] = []
    private var ranges: [(start: Date, end: Date)] = []
    private var current = -1

    mutating func index(for date: Date, days: DayKeys) -> Int {
        if current >= 0, date >= ranges[current].start, date < ranges[current].end { return current }
        if let known = ranges.firstIndex(where: { date >= $0.start && date < $0.end }) {
            current = known
            return known
        }
        keys.append(days.key(for: date))
        ranges.append((days.start(of: date), days.start(of: date, plus: 1)))
        current = keys.count - 1
        return current
    }

    /// The instants the day `key` covers, when met.
    func range(of key: String) -> (start: Date, end: Date)? { keys.firstIndex(of: key).map { ranges[$0] } }
}
