import Foundation

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

    /// The slots in the set, in increasing order.
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

/// A channel on one day.
struct ChannelDay: Hashable {
    var network: String
    var channel: String
    var day: String
}
