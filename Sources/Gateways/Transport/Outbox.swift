public import Foundation
public import IRC

/// The queue of lines waiting to go to one server, paced by a token bucket.
///
/// `urgent` lines (PONG, registration, QUIT) jump ahead of `normal` ones and are never held
/// back by the bucket, though they use up its tokens. Normal lines wait until the session is
/// registered. Nothing is dropped silently: on a lost connection, session lines are dropped
/// (the next session makes its own) and chat lines are kept for the next connection unless
/// older than `maximumAge`, in which case they are returned as undelivered.
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
        public var queuedAt: Date
    }

    /// Lines allowed at once.
    public let burst: Int
    /// Seconds to earn back one line; 0 means no pacing at all.
    public let interval: Double
    /// Chat lines older than this when a connection is lost are reported instead of re-sent.
    public let maximumAge: Double
    /// Whether normal lines may go out (after registration).
    public var normalLinesAllowed = false

    private var urgent: [Entry] = []
    private var normal: [Entry] = []
    private var urgentStart = 0
    private var normalStart = 0
    private var tokens: Double
    private var updated: Date?

    /// Creates an empty outbox.
    public init(burst: Int, interval: Double, maximumAge: Double = 600) {
        self.burst = max(1, burst)
        self.interval = max(0, interval)
        self.maximumAge = maximumAge
        self.tokens = Double(max(1, burst))
    }

    /// Lines waiting.
    public var count: Int { urgent.count - urgentStart + normal.count - normalStart }

    /// Adds a line.
    public mutating func enqueue(_ message: Message, priority: Priority = .normal, kind: Kind = .chat, at now: Date) {
        let entry = Entry(message: message, priority: priority, kind: kind, queuedAt: now)
        if priority == .urgent { urgent.append(entry) } else { normal.append(entry) }
    }

    /// The next line that may be sent at `now`, or nil plus the seconds to wait (nil: nothing to wait for).
    public mutating func next(at now: Date) -> (entry: Entry?, wait: Double?) {
        refill(now)
        if urgentStart < urgent.count {
            let entry = urgent[urgentStart]
            urgentStart += 1
            compact()
            if interval > 0 { tokens -= 1 }
            return (entry, nil)
        }
        guard normalLinesAllowed, normalStart < normal.count else { return (nil, nil) }
        if interval > 0, tokens < 1 {
            return (nil, (1 - tokens) * interval)
        }
        let entry = normal[normalStart]
        normalStart += 1
        compact()
        if interval > 0 { tokens -= 1 }
        return (entry, nil)
    }

    /// The connection was lost: keeps fresh chat lines for the next one and returns the ones
    /// that will not be delivered (too old). Session lines are dropped.
    public mutating func connectionLost(at now: Date) -> [Entry] {
        var undelivered: [Entry] = []
        var kept: [Entry] = []
        for entry in (urgent[urgentStart...] + normal[normalStart...]) where entry.kind == .chat {
            if now.timeIntervalSince(entry.queuedAt) > maximumAge {
                undelivered.append(entry)
            } else {
                kept.append(entry)
            }
        }
        urgent = []
        urgentStart = 0
        normal = kept
        normalStart = 0
        normalLinesAllowed = false
        tokens = Double(burst)
        updated = nil
        return undelivered
    }

    /// Everything still queued, dropped (for shutdown); returns the chat lines that were not sent.
    public mutating func drain() -> [Entry] {
        let remaining = Array(urgent[urgentStart...] + normal[normalStart...]).filter { $0.kind == .chat }
        urgent = []
        normal = []
        urgentStart = 0
        normalStart = 0
        return remaining
    }

    private mutating func refill(_ now: Date) {
        guard interval > 0 else { return }
        if let updated {
            tokens = min(Double(burst), tokens + max(0, now.timeIntervalSince(updated)) / interval)
        }
        updated = now
    }

    private mutating func compact() {
        if urgentStart > 64, urgentStart * 2 > urgent.count {
            urgent.removeFirst(urgentStart)
            urgentStart = 0
        }
        if normalStart > 64, normalStart * 2 > normal.count {
            normal.removeFirst(normalStart)
            normalStart = 0
        }
    }
}
