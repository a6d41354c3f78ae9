public import Foundation
import Storage
import Synchronization

/// Something a member (or an unidentified speaker) did in chat, on its way to the database.
public struct ChatActivity: Sendable, Hashable {
    public var kind: InteractionKind
    /// The identity behind it; nil for a speaker the network vouches no account for, who is
    /// counted only in the channel's totals.
    public var identity: Identity?
    public var network: String
    /// The channel it happened in (nil in a private conversation).
    public var channel: String?
    /// The course it concerns (a slug).
    public var course: String?
    public var at: Date

    /// Describes one event.
    public init(
        _ kind: InteractionKind, by identity: Identity?, network: String, channel: String? = nil,
        course: String? = nil, at: Date
    ) {
        self.kind = kind
        self.identity = identity
        self.network = network
        self.channel = channel
        self.course = course
        self.at = at
    }
}

/// The write-behind buffer between the chat path and the database: `record` only appends in
/// memory; `run` writes what has gathered in one transaction every `interval` or as soon as
/// `batchSize` events wait, and `flush` writes the rest (at shutdown). At most `capacity`
/// events wait: beyond that new ones are dropped and counted, never blocking the chat.
///
/// Only chat events go through here; subscriptions, codes, grants and completions are written
/// in their own transactions.
public final class ActivityRecorder: Sendable {
    private let engagement: EngagementService
    private let capacity: Int
    private let batchSize: Int
    private let interval: Duration
    private let state = Mutex(Pending())

    private struct Pending {
        var events: [ChatActivity] = []
        var dropped = 0
        var kick: AsyncStream<Void>.Continuation?
    }

    /// A buffer writing through `engagement`.
    public init(
        engagement: EngagementService, capacity: Int = 100_000, batchSize: Int = 500,
        interval: Duration = .milliseconds(500)
    ) {
        self.engagement = engagement
        self.capacity = capacity
        self.batchSize = batchSize
        self.interval = interval
        state.withLock { $0.events.reserveCapacity(batchSize * 2) }
    }

    /// Queues one event; false when the buffer is full and it was dropped.
    @discardableResult
    public func record(_ activity: ChatActivity) -> Bool {
        let (accepted, kick) = state.withLock { pending -> (Bool, AsyncStream<Void>.Continuation?) in
            guard pending.events.count < capacity else {
                pending.dropped += 1
                return (false, nil)
            }
            pending.events.append(activity)
            return (true, pending.events.count == batchSize ? pending.kick : nil)
        }
        kick?.yield()
        return accepted
    }

    /// Events waiting to be written.
    public var waiting: Int { state.withLock { $0.events.count } }

    /// Events dropped because the buffer was full, since the last call (then reset).
    public func takeDropped() -> Int {
        state.withLock { pending in
            defer { pending.dropped = 0 }
            return pending.dropped
        }
    }

    /// Writes what waits every `interval`, or sooner when a batch is full, until cancelled.
    /// A failed write is reported to `failed` and its events are kept for the next try; events
    /// dropped because the buffer was full are reported to `dropped` (their count).
    public func run(
        failed: @escaping @Sendable (any Error) -> Void = { _ in },
        dropped: @escaping @Sendable (Int) -> Void = { _ in }
    ) async {
        let (kicks, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        state.withLock { $0.kick = continuation }
        let interval = self.interval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                continuation.yield()
            }
        }
        defer {
            ticker.cancel()
            state.withLock { $0.kick = nil }
        }
        for await _ in kicks {
            if Task.isCancelled { break }
            do { try await flush() } catch { failed(error) }
            let lost = takeDropped()
            if lost > 0 { dropped(lost) }
        }
    }

    /// Writes everything waiting now, in one transaction; on failure the events wait again.
    public func flush() async throws {
        let batch = state.withLock { pending -> [ChatActivity] in
            defer { pending.events.removeAll(keepingCapacity: true) }
            return pending.events
        }
        guard !batch.isEmpty else { return }
        do {
            try await engagement.write(batch)
        } catch {
            state.withLock { pending in
                let room = max(0, capacity - pending.events.count)
                pending.dropped += max(0, batch.count - room)
                pending.events.insert(contentsOf: batch.prefix(room), at: 0)
            }
            throw error
        }
    }
}
