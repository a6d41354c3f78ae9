public import Foundation

/// One chat message or command as the chat log keeps it: who (nil for a speaker the network
/// vouches no account for), what, where and when, to the millisecond (rounded down).
public struct ChatLogEntry: Sendable, Hashable {
    /// The member who spoke; nil for a speaker without an account.
    public var member: Member?
    /// `.message` or `.command`.
    public var kind: InteractionKind
    public var network: String
    /// The channel; nil in a private conversation.
    public var channel: String?
    public var at: Date

    /// Describes one entry; `at` is kept to the millisecond.
    public init(member: Member?, kind: InteractionKind, network: String, channel: String?, at: Date) {
        self.member = member
        self.kind = kind
        self.network = network
        self.channel = channel
        self.at = ChatLogBatch.date(milliseconds: ChatLogBatch.milliseconds(at))
    }
}

/// Many chat-log entries packed into one value: a table of the places they happened, then for
/// each entry its member, place, kind and the milliseconds since the previous entry, all as
/// variable-length integers (about six bytes an entry). Writing a batch is one row however many
/// entries it holds.
public struct ChatLogBatch: Sendable, Hashable {
    /// The distinct places (a network and a channel, "" for a private conversation).
    private(set) var places: [Place] = []
    /// The entries in the order recorded, each naming its place by index.
    private(set) var records: [Record] = []
    private var placeIndex: [Place: Int] = [:]

    /// One entry, by numbers only.
    struct Record: Hashable {
        /// The member's number; 0 for a speaker without an account.
        var member: Int64
        var place: Int
        var kind: InteractionKind
        /// Milliseconds since 1970.
        var milliseconds: Int64
    }

    /// A network and a channel ("" for a private conversation).
    struct Place: Hashable {
        let network: String
        let channel: String
        private let digest: NamePairDigest

        init(network: String, channel: String) {
            self.network = network
            self.channel = channel
            self.digest = NamePairDigest(network, channel)
        }

        static func == (left: Place, right: Place) -> Bool {
            left.digest == right.digest && left.channel == right.channel && left.network == right.network
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    }

    /// An empty batch.
    init() {}

    /// Packs `entries`.
    public init(_ entries: [ChatLogEntry]) {
        for entry in entries {
            add(member: entry.member, kind: entry.kind, network: entry.network, channel: entry.channel, at: entry.at)
        }
    }

    /// The entries, in the order they were recorded.
    public var entries: [ChatLogEntry] { records.indices.map(entry(at:)) }

    /// The entry at `index` of `records`.
    func entry(at index: Int) -> ChatLogEntry {
        let record = records[index]
        let place = places[record.place]
        var entry = ChatLogEntry(
            member: record.member == 0 ? nil : Member(id: record.member), kind: record.kind, network: place.network,
            channel: place.channel.isEmpty ? nil : place.channel, at: .distantPast)
        entry.at = Self.date(milliseconds: record.milliseconds)
        return entry
    }

    /// Adds one entry; `at` is kept to the millisecond.
    mutating func add(member: Member?, kind: InteractionKind, network: String, channel: String?, at: Date) {
        let channel = channel ?? ""
        let index: Int
        if let last = records.last, places[last.place].channel == channel, places[last.place].network == network {
            index = last.place
        } else {
            let place = Place(network: network, channel: channel)
            if let known = placeIndex[place] {
                index = known
            } else {
                index = places.count
                appendPlace(place)
            }
        }
        records.append(
            Record(member: member?.id ?? 0, place: index, kind: kind, milliseconds: Self.milliseconds(at)))
    }

    private mutating func appendPlace(_ place: Place) {
        placeIndex[place] = places.count
        places.append(place)
    }

    public static func == (left: ChatLogBatch, right: ChatLogBatch) -> Bool { left.entries == right.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    private static let version: UInt8 = 1
    private static let kinds: [InteractionKind] = [.message, .command]

    /// The packed form.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.version]
        bytes.reserveCapacity(records.count * 7 + places.count * 24 + 8)
        Self.append(UInt64(places.count), to: &bytes)
        for place in places {
            for text in [place.network, place.channel] {
                Self.append(UInt64(text.utf8.count), to: &bytes)
                bytes.append(contentsOf: text.utf8)
            }
        }
        Self.append(UInt64(records.count), to: &bytes)
        var previous: Int64 = 0
        for record in records {
            Self.append(UInt64(record.member), to: &bytes)
            Self.append(UInt64(record.place), to: &bytes)
            bytes.append(record.kind == .command ? 1 : 0)
            Self.append(Self.zigzag(record.milliseconds - previous), to: &bytes)
            previous = record.milliseconds
        }
        return bytes
    }

    /// Unpacks what `encoded()` made; nil when `bytes` are not such a batch.
    public init?(decoding bytes: [UInt8]) {
        var reader = ByteReader(bytes: bytes)
        guard reader.byte() == Self.version, let placeCount = reader.varint(), placeCount < 1 << 20 else { return nil }
        for _ in 0..<placeCount {
            guard let network = reader.string(), let channel = reader.string() else { return nil }
            appendPlace(Place(network: network, channel: channel))
        }
        guard let count = reader.varint(), count <= UInt64(bytes.count) else { return nil }
        records.reserveCapacity(Int(count))
        var time: Int64 = 0
        for _ in 0..<count {
            guard let member = reader.varint(), member <= UInt64(Int64.max), let index = reader.varint(),
                index < UInt64(places.count), let kind = reader.byte(), Int(kind) < Self.kinds.count,
                let delta = reader.varint()
            else { return nil }
            time &+= Self.unzigzag(delta)
            records.append(
                Record(member: Int64(member), place: Int(index), kind: Self.kinds[Int(kind)], milliseconds: time))
        }
        guard reader.atEnd else { return nil }
    }

    /// Whole milliseconds, rounded down: a stored time is never later than the moment it
    /// records (a reply computed "now" must find the message that asked for it).
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded(.down)) }

    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1_000) }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    private static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    /// Reads variable-length integers and strings from the front of a byte array.
    private struct ByteReader {
        let bytes: [UInt8]
        var offset = 0

        var atEnd: Bool { offset == bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let next = byte() {
                guard shift < 64 else { return nil }
                value |= UInt64(next & 0x7F) << shift
                if next < 0x80 { return value }
                shift += 7
            }
            return nil
        }

        mutating func string() -> String? {
            guard let length = varint(), length <= UInt64(bytes.count - offset) else { return nil }
            defer { offset += Int(length) }
            return String(decoding: bytes[offset..<offset + Int(length)], as: UTF8.self)
        }
    }
}
