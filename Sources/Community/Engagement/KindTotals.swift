/// How many interactions of each kind a member has had, as `engagement_state.totals` keeps
/// them ("message:12 command:3"), read and written without a dictionary or a string per pair:
/// a fold reads and writes one of these per member it touches.
struct KindTotals: Equatable {
    /// Counts by the kind's position in `InteractionKind.allCases`.
    private(set) var counts = [Int](repeating: 0, count: KindTotals.kinds.count)

    static let kinds = InteractionKind.allCases
    private static let names = kinds.map { Array($0.rawValue.utf8) }

    /// No interactions.
    init() {}

    /// Reads the stored form; nil when it is not "kind:count" pairs separated by spaces.
    init?(text: String) {
        var text = text
        var valid = true
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count, valid {
                let nameStart = index
                while index < bytes.count, bytes[index] != UInt8(ascii: ":") { index += 1 }
                let name = bytes[nameStart..<index]
                index += 1
                var count = 0
                var digits = 0
                while index < bytes.count, bytes[index] != UInt8(ascii: " ") {
                    let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
                    guard (0...9).contains(digit), digits < 18 else {
                        valid = false
                        return
                    }
                    count = count * 10 + digit
                    digits += 1
                    index += 1
                }
                index += 1
                guard digits > 0, let kind = Self.names.firstIndex(where: { $0.elementsEqual(name) }) else {
                    valid = false
                    return
                }
                counts[kind] += count
            }
        }
        guard valid else { return nil }
    }

    /// The stored form: the kinds with a count, in declaration order.
    var text: String {
        var text = ""
        for (index, count) in counts.enumerated() where count > 0 {
            if !text.isEmpty { text += " " }
            text += Self.kinds[index].rawValue
            text += ":"
            text += String(count)
        }
        return text
    }

    /// The counts as a dictionary, kinds without any left out.
    var byKind: [InteractionKind: Int] {
        var totals: [InteractionKind: Int] = [:]
        for (index, count) in counts.enumerated() where count > 0 { totals[Self.kinds[index]] = count }
        return totals
    }

    /// Adds `count` interactions of the kind at `index` in `InteractionKind.allCases`.
    mutating func add(_ count: Int, atKindIndex index: Int) { counts[index] += count }
}
