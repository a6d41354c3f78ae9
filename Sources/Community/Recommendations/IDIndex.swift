/// The position of each opaque id (a member's, a course's) in the fit's arrays: a plain table
/// when the ids lie close together (database row ids usually do), a dictionary otherwise.
struct IDIndex: Sendable {
    private let lowest: Int64
    /// Position by `id - lowest`, -1 for none; empty when the ids are too far apart.
    private let table: [Int32]
    private let dictionary: [Int64: Int]

    /// Positions of `ids`; when an id appears twice, its last position.
    init(_ ids: [Int64]) {
        let lowest = ids.min() ?? 0
        let (span, overflow) = (ids.max() ?? 0).subtractingReportingOverflow(lowest)
        self.lowest = lowest
        if !overflow, span < Int64(ids.count) * 4 + 1_024, ids.count < Int32.max {
            var table = [Int32](repeating: -1, count: Int(span) + 1)
            for (position, id) in ids.enumerated() { table[Int(id - lowest)] = Int32(position) }
            self.table = table
            dictionary = [:]
        } else {
            var dictionary: [Int64: Int] = [:]
            for (position, id) in ids.enumerated() { dictionary[id] = position }
            self.dictionary = dictionary
            table = []
        }
    }

    /// The position of `id`, nil when it is not one of the ids.
    subscript(id: Int64) -> Int? {
        guard !table.isEmpty else { return dictionary[id] }
        let (offset, overflow) = id.subtractingReportingOverflow(lowest)
        guard !overflow, offset >= 0, offset < table.count else { return nil }
        let position = table[Int(offset)]
        return position >= 0 ? Int(position) : nil
    }

    /// The bytes the index holds (a dictionary entry at twice its size for the hash table's slack).
    var storedBytes: Int {
        table.count * MemoryLayout<Int32>.stride + dictionary.count * 2 * MemoryLayout<(Int64, Int)>.stride
    }
}
