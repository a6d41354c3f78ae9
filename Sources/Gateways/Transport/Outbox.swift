import AgentCore
public import IRC

/// The lines waiting to go to one server, released as its flood budget allows.
///
/// Promises:
/// - `urgent` lines (PONG, registration, QUIT) go first and are never held back by the budget,
///   though they pay for themselves; `normal` lines wait until the session is registered.
/// - Normal lines are served round-robin across lanes, one line each, so one conversation's
///   long output never delays another's reply by more than one line's pacing. A lane is a
///   target, and in a channel each person's short replies have a lane of their own, so
///   someone's long listing does not hold up someone else's `pong` in the same channel. Each
///   lane keeps its order.
/// - When short single-line replies to the same target wait behind the budget, they are joined
///   into one line (`alice: pong · bob: 3 courses`), within the protocol's line length.
/// - Nothing is dropped silently: a command reply that waited longer than `maximumWait` while
///   connected is handed back by `expire(at:)` for the caller to count and log; on a lost
///   connection, session lines are dropped (the next session makes its own) and chat lines are
///   kept for the next one unless older than `maximumAge`.
public struct Outbox: Sendable {
    /// How urgent a line is.
    public enum Priority: Sendable, Hashable {
        case urgent
        case normal
    }

    /// What a line is for, which decides its fate when the connection is lost.
    public enum Kind: Sendable, Hashable {
        /// Belongs to one connection (registration, JOIN, PONG, WHO): dropped on loss.
        case session
        /// A chat reply or action: re-sent after reconnecting, or reported if too old.
        case chat
    }

    /// One queued line.
    public struct Entry: Sendable, Hashable {
        public var message: Message
        public var priority: Priority
        public var kind: Kind
        public var queuedAt: ContinuousClock.Instant
        /// The line as it goes on the wire, without CRLF.
        public var line: String
        /// Whom a short one-line reply answers; only such lines are joined, each piece then
        /// addressed `nick: text`.
        public var addressee: String?
        /// The round-robin lane: the target, plus the addressee for a short reply.
        var lane: String
        /// How many replies this line carries (more than one once coalesced).
        public var replies: Int = 1

        /// Bytes on the wire, CRLF included.
        public var bytes: Int { line.utf8.count + 2 }
    }

    /// Tunables beside the pacing itself.
    public struct Settings: Sendable, Hashable {
        /// Join short replies waiting for the same target into one line.
        public var coalesce = true
        /// What goes between joined replies.
        public var separator = " · "
        /// Replies longer than this (bytes of text) are never joined.
        public var coalescibleBytes = 160
        /// The protocol's line limit including CRLF; joined lines stay within it.
        public var lineLimit = 512
        /// Seconds a command reply may wait while connected before it is given up (visibly).
        public var maximumWait: Double = 30
        /// Seconds a chat line is kept across lost connections before it is given up (visibly).
        public var maximumAge: Double = 600
        /// The defaults.
        public init() {}
    }

    /// How the network folds nicks and channel names, so `#Chan` and `#chan` share one lane.
    public var caseMapping = CaseMapping.rfc1459
    /// The pacing in force (it may be slowed after a flood disconnect).
    public var pacing: Pacing {
        didSet { tokens = min(tokens, pacing.burst) }
    }
    /// The other tunables.
    public var settings: Settings
    /// Whether normal lines may go out (after registration).
    public var normalLinesAllowed = false

    private var urgent = FIFOQueue<Entry>()
    private var queues: [String: FIFOQueue<Entry>] = [:]
    private var ring = FIFOQueue<String>()
    private var tokens: Double
    private var updated: ContinuousClock.Instant?
    private var liveSince: ContinuousClock.Instant?
    private var waiting = 0

    /// Creates an empty outbox.
    public init(pacing: Pacing, settings: Settings = Settings()) {
        self.pacing = pacing
        self.settings = settings
        self.tokens = pacing.burst
    }

    /// Lines waiting.
    public var count: Int { urgent.count + waiting }

    /// Adds a line; false (and nothing queued) when the message cannot be put on the wire.
    /// `addressee` marks a line of a reply to that nick: it waits in that person's lane (so
    /// their replies keep their order), and when `joinable` and short it may be joined with
    /// other short replies.
    @discardableResult
    public mutating func enqueue(
        _ message: Message, priority: Priority = .normal, kind: Kind = .chat, addressee: String? = nil,
        joinable: Bool = true, at now: ContinuousClock.Instant
    ) -> Bool {
        guard let line = try? message.serialized() else { return false }
        let lane = target(of: message) + (addressee.map { "\u{1F}" + caseMapping.lowercased($0) } ?? "")
        let short = Self.isPlainText(message) && message.parameters[1].utf8.count <= settings.coalescibleBytes
        let addressee = joinable && short ? addressee : nil
        let entry = Entry(
            message: message, priority: priority, kind: kind, queuedAt: now, line: line, addressee: addressee,
            lane: lane)
        if priority == .urgent {
            urgent.append(entry)
            return true
        }
        if queues[lane, default: FIFOQueue()].isEmpty { ring.append(lane) }
        queues[lane, default: FIFOQueue()].append(entry)
        waiting += 1
        return true
    }

    /// Takes a normal line that may go right away instead of queueing it: nothing waits (so no
    /// line and no turn is overtaken), normal lines are allowed, and the budget pays for it now.
    /// Nil, with nothing taken, otherwise: the caller then queues it with `enqueue`.
    public mutating func takeAtOnce(
        _ message: Message, kind: Kind = .chat, at now: ContinuousClock.Instant
    ) -> Entry? {
        guard normalLinesAllowed, urgent.isEmpty, waiting == 0, let line = try? message.serialized() else { return nil }
        let entry = Entry(
            message: message, priority: .normal, kind: kind, queuedAt: now, line: line, addressee: nil, lane: "")
        refill(now)
        guard waitForBudget(cost: pacing.cost(command: message.command, bytes: entry.bytes)) == nil else { return nil }
        pay(for: entry)
        return entry
    }

    /// The next line that may be sent at `now`, or nil plus the seconds to wait (nil: nothing to
    /// wait for until another line is queued or the session registers).
    public mutating func next(at now: ContinuousClock.Instant) -> (entry: Entry?, wait: Double?) {
        refill(now)
        if let entry = urgent.popFirst() {
            pay(for: entry)
            return (entry, nil)
        }
        guard normalLinesAllowed, let lane = ring.first, var entry = queues[lane]?.first else { return (nil, nil) }
        let cost = pacing.cost(command: entry.message.command, bytes: entry.bytes)
        if let wait = waitForBudget(cost: cost) { return (nil, wait) }
        queues[lane]?.removeFirst()
        waiting -= 1
        var emptiedOtherLanes = false
        if settings.coalesce, entry.addressee != nil {
            (entry, emptiedOtherLanes) = joinWaitingReplies(to: entry, cost: cost)
        }
        ring.removeFirst()
        if queues[lane]?.isEmpty == false { ring.append(lane) } else { queues[lane] = nil }
        if emptiedOtherLanes { rebuildRing() }
        pay(for: entry)
        return (entry, nil)
    }

    /// Joins to `entry` the short replies for the same target waiting at the head of its own
    /// lane and then of the other lanes (in turn order), while the budget could not pay for
    /// them separately right now.
    private mutating func joinWaitingReplies(to first: Entry, cost: Double) -> (Entry, emptiedOtherLanes: Bool) {
        var entry = first
        var emptied = false
        for lane in [first.lane] + ring.elements.filter({ $0 != first.lane }) {
            while let following = queues[lane]?.first, Self.canJoin(entry, following),
                tokens - cost < pacing.cost(command: following.message.command, bytes: following.bytes),
                let joined = join(entry, following)
            {
                entry = joined
                queues[lane]?.removeFirst()
                waiting -= 1
                if lane != first.lane, queues[lane]?.isEmpty == true { emptied = true }
            }
        }
        return (entry, emptied)
    }

    /// The session registered at `now`: normal lines may go, and waiting counts from now for the
    /// lines queued while it was not.
    public mutating func markLive(at now: ContinuousClock.Instant) {
        normalLinesAllowed = true
        liveSince = now
    }

    /// Removes and returns the command replies (lines queued with an addressee) that have
    /// waited longer than `maximumWait` since they were queued or since the session became live,
    /// whichever is later. Other lines (listings, announcements) are sent however long it takes.
    public mutating func expire(at now: ContinuousClock.Instant) -> [Entry] {
        guard normalLinesAllowed, waiting > 0 else { return [] }
        let limit = Duration.seconds(settings.maximumWait)
        func isLate(_ entry: Entry) -> Bool {
            entry.addressee != nil && now - max(entry.queuedAt, liveSince ?? entry.queuedAt) > limit
        }
        var expired: [Entry] = []
        for lane in ring.elements {
            guard let queue = queues[lane], queue.elements.contains(where: isLate) else { continue }
            var kept = FIFOQueue<Entry>()
            for entry in queue.elements {
                if isLate(entry) { expired.append(entry) } else { kept.append(entry) }
            }
            queues[lane] = kept
        }
        if !expired.isEmpty { rebuildRing() }
        return expired
    }

    /// The connection was lost: keeps fresh chat lines for the next one and returns the ones
    /// that will not be delivered (older than `maximumAge`). Session lines are dropped.
    public mutating func connectionLost(at now: ContinuousClock.Instant) -> [Entry] {
        var undelivered: [Entry] = []
        var kept: [String: FIFOQueue<Entry>] = [:]
        let limit = Duration.seconds(settings.maximumAge)
        for entry in urgent.elements + ring.elements.flatMap({ queues[$0]?.elements ?? [] }) where entry.kind == .chat {
            if now - entry.queuedAt > limit {
                undelivered.append(entry)
            } else {
                kept[entry.lane, default: FIFOQueue()].append(entry)
            }
        }
        urgent = FIFOQueue()
        queues = kept
        rebuildRing()
        normalLinesAllowed = false
        liveSince = nil
        tokens = pacing.burst
        updated = nil
        return undelivered
    }

    /// Everything still queued, removed (for shutdown); returns the chat lines among it.
    public mutating func drain() -> [Entry] {
        let remaining = (urgent.elements + ring.elements.flatMap { queues[$0]?.elements ?? [] }).filter {
            $0.kind == .chat
        }
        urgent = FIFOQueue()
        queues = [:]
        rebuildRing()
        return remaining
    }

    /// Drops emptied lanes and restores the invariant: the ring holds each non-empty lane once,
    /// in its old turn order (lanes new to it go last), and `waiting` counts their lines.
    private mutating func rebuildRing() {
        queues = queues.filter { !$0.value.isEmpty }
        var fresh = FIFOQueue<String>()
        var placed = Set<String>()
        for lane in ring.elements where queues[lane] != nil && placed.insert(lane).inserted {
            fresh.append(lane)
        }
        for lane in queues.keys where placed.insert(lane).inserted { fresh.append(lane) }
        ring = fresh
        waiting = queues.values.reduce(0) { $0 + $1.count }
    }

    /// Seconds until the budget can pay for a line costing `cost` (nil: it can now). A line
    /// dearer than the whole burst goes once the bucket is full.
    private func waitForBudget(cost: Double) -> Double? {
        guard pacing.isPaced, tokens < min(cost, pacing.burst) else { return nil }
        return (min(cost, pacing.burst) - tokens) * pacing.interval
    }

    private mutating func refill(_ now: ContinuousClock.Instant) {
        guard pacing.isPaced else { return }
        if let updated {
            tokens = min(pacing.burst, tokens + max(0, (now - updated).inSeconds) / pacing.interval)
        }
        updated = now
    }

    private mutating func pay(for entry: Entry) {
        guard pacing.isPaced else { return }
        tokens -= pacing.cost(command: entry.message.command, bytes: entry.bytes)
    }

    private func join(_ first: Entry, _ second: Entry) -> Entry? {
        let head = first.replies == 1 ? Self.addressed(first) : first.message.parameters[1]
        let text = head + settings.separator + Self.addressed(second)
        let message = Message(command: first.message.command, parameters: [first.message.parameters[0], text])
        guard let line = try? message.serialized(), line.utf8.count + 2 <= settings.lineLimit else { return nil }
        var joined = first
        joined.message = message
        joined.line = line
        joined.replies += second.replies
        return joined
    }

    /// The reply's text, starting with its addressee's nick.
    private static func addressed(_ entry: Entry) -> String {
        let text = entry.message.parameters[1]
        guard let nick = entry.addressee, !text.hasPrefix(nick + ":"), !text.hasPrefix(nick + ",") else { return text }
        return nick + ": " + text
    }

    private static func canJoin(_ first: Entry, _ second: Entry) -> Bool {
        second.addressee != nil && second.kind == first.kind && second.message.command == first.message.command
            && second.message.parameters[0] == first.message.parameters[0]
    }

    private static func isPlainText(_ message: Message) -> Bool {
        (message.command == .privmsg || message.command == .notice) && message.parameters.count == 2
            && message.tags.isEmpty && !message.parameters[1].hasPrefix("\u{1}")
    }

    /// The conversation a line belongs to (its first parameter, folded under the network's case
    /// mapping).
    func target(of message: Message) -> String {
        let first = message.command == .invite ? message.parameters.last : message.parameters.first
        return first.map(caseMapping.lowercased) ?? ""
    }
}
