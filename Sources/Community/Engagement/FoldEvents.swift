import Foundation
import Storage

/// The events of one fold, by member. Each member met gets a slot, numbered from 0 in the
/// order met; events are kept in flat arrays as added and grouped by slot once, when read, so
/// adding one costs no hashing and no array per member.
struct FoldEvents {
    /// Members by slot.
    private(set) var order: [Member] = []
    /// Slot + 1 by member number (0: not met), for numbers below `directLimit`.
    private var directSlots: [Int32] = []
    /// Slots of members numbered from `directLimit` on.
    private var otherSlots: [Int64: Int] = [:]
    private var eventSlots: [Int32] = []
    private var events: [TimedKind] = []
    /// A row that could not be read.
    private(set) var failure: (any Error)?

    /// One interaction: when and what.
    struct TimedKind {
        var at: Date
        var kind: InteractionKind
    }

    /// Members numbered below this find their slot by index (4 bytes per number up to the
    /// highest met); the rest by hashing. Member numbers are handed out one after another.
    private static let directLimit: Int64 = 1 << 22

    /// Adds one event; returns its member's slot.
    @discardableResult
    mutating func add(_ member: Member, _ kind: InteractionKind, at: Date) -> Int {
        let slot = self.slot(of: member.id)
        eventSlots.append(Int32(slot))
        events.append(TimedKind(at: at, kind: kind))
        return slot
    }

    /// Adds the entries of a chat-log batch that have a member; returns each entry's member
    /// slot, or -1 for a speaker without an account.
    mutating func add(_ batch: ChatLogBatch) -> [Int32] {
        batch.records.map { record in
            guard record.member != 0 else { return -1 }
            let slot = Int32(self.slot(of: record.member))
            eventSlots.append(slot)
            events.append(TimedKind(at: ChatLogBatch.date(milliseconds: record.milliseconds), kind: record.kind))
            return slot
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

    /// The events grouped by member slot, each member's in the order added.
    func grouped() -> Grouped {
        // A counting sort by slot: stable, so each member's events keep their order.
        var starts = [Int](repeating: 0, count: order.count + 1)
        for slot in eventSlots { starts[Int(slot) + 1] += 1 }
        for slot in 0..<order.count { starts[slot + 1] += starts[slot] }
        var next = starts
        let placeholder = TimedKind(at: .distantPast, kind: .message)
        var sorted = [TimedKind](repeating: placeholder, count: events.count)
        for (slot, event) in zip(eventSlots, events) {
            sorted[next[Int(slot)]] = event
            next[Int(slot)] += 1
        }
        return Grouped(order: order, starts: starts, events: sorted)
    }

    /// A fold's events, member by member.
    struct Grouped {
        /// Members by slot.
        let order: [Member]
        fileprivate let starts: [Int]
        fileprivate let events: [TimedKind]

        /// The events of the member in `slot`, in the order added.
        func events(inSlot slot: Int) -> ArraySlice<TimedKind> { events[starts[slot]..<starts[slot + 1]] }
    }

    private mutating func slot(of member: Int64) -> Int {
        if member >= 0, member < Self.directLimit {
            let index = Int(member)
            if index >= directSlots.count {
                let grown = max(index + 1, directSlots.count * 2)
                directSlots.append(contentsOf: repeatElement(0, count: grown - directSlots.count))
            }
            if directSlots[index] > 0 { return Int(directSlots[index]) - 1 }
            directSlots[index] = Int32(order.count + 1)
        } else if let known = otherSlots[member] {
            return known
        } else {
            otherSlots[member] = order.count
        }
        order.append(Member(id: member))
        return order.count - 1
    }
}
