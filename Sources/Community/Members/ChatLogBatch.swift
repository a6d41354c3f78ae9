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
    /// The entries, in the order they were recorded.
    public var entries: [ChatLogEntry]
    /// The distinct places (network and channel, "" for a private conversation) of a decoded
    /// batch, and each entry's index into them: for counting per place without hashing names.
    private(set) var places: [(network: String, channel: String)] = []
    private(set) var placeOfEntry: [Int] = []

    /// Packs `entries`.
    public init(_ entries: [ChatLogEntry]) { self.entries = entries }

    public static func == (left: ChatLogBatch, right: ChatLogBatch) -> Bool { left.entries == right.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    private static let version: UInt8 = 1
    private static let kinds: [InteractionKind] = [.message, .command]

    /// The packed form.
    public func encoded() -> [UInt8] {
        var places: [Place: Int] = [:]
        var placeOrder: [Place] = []
        var body: [UInt8] = []
        body.reserveCapacity(entries.count * 7)
        var previous: Int64 = 0
        for entry in entries {
            let place = Place(network: entry.network, channel: entry.channel ?? "")
            let index: Int
            if let known = places[place] {
                index = known
            } else {
                index = placeOrder.count
                places[place] = index
                placeOrder.append(place)
            }
            Self.append(UInt64(entry.member?.id ?? 0), to: &body)
            Self.append(UInt64(index), to: &body)
            body.append(UInt8(Self.kinds.firstIndex(of: entry.kind) ?? 0))
            let time = Self.milliseconds(entry.at)
            Self.append(Self.zigzag(time - previous), to: &body)
            previous = time
        }
        var bytes: [UInt8] = [Self.version]
        bytes.reserveCapacity(body.count + 64)
        Self.append(UInt64(placeOrder.count), to: &bytes)
        for place in placeOrder {
            for text in [place.network, place.channel] {
                let utf8 = Array(text.utf8)
                Self.append(UInt64(utf8.count), to: &bytes)
                bytes += utf8
            }
        }
        Self.append(UInt64(entries.count), to: &bytes)
        return bytes + body
    }

    /// Unpacks what `encoded()` made; nil when `bytes` are not such a batch.
    public init?(decoding bytes: [UInt8]) {
        var reader = ByteReader(bytes: bytes)
        guard reader.byte() == Self.version, let placeCount = reader.varint(), placeCount < 1 << 20 else { return nil }
        var places: [Place] = []
        for _ in 0..<placeCount {
            guard let network = reader.string(), let channel = reader.string() else { return nil }
            places.append(Place(network: network, channel: channel))
        }
        guard let count = reader.varint(), count <= UInt64(bytes.count) else { return nil }
        var entries: [ChatLogEntry] = []
        entries.reserveCapacity(Int(count))
        placeOfEntry.reserveCapacity(Int(count))
        var time: Int64 = 0
        for _ in 0..<count {
            guard let member = reader.varint(), member <= UInt64(Int64.max), let index = reader.varint(),
                index < UInt64(places.count), let kind = reader.byte(), Int(kind) < Self.kinds.count,
                let delta = reader.varint()
            else { return nil }
            time &+= Self.unzigzag(delta)
            placeOfEntry.append(Int(index))
            let place = places[Int(index)]
            var entry = ChatLogEntry(
                member: member == 0 ? nil : Member(id: Int64(member)), kind: Self.kinds[Int(kind)],
                network: place.network, channel: place.channel.isEmpty ? nil : place.channel, at: .distantPast)
            entry.at = Self.date(milliseconds: time)
            entries.append(entry)
        }
        guard reader.atEnd else { return nil }
        self.entries = entries
        self.places = places.map { ($0.network, $0.channel) }
    }

    /// Whole milliseconds, rounded down: a stored time is never later than the moment it
    /// records (a reply computed "now" must find the message that asked for it).
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded(.down)) }

    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1_000) }

    private struct Place: Hashable {
        var network: String
        var channel: String
    }

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
