/// What members who declared a topic subscribed to recently: a row per topic and level (row
/// `topic * 4 + level`, level 3 = any or not declared), each course's decayed count divided by
/// the row's largest, so shares run from 0 to 1.
struct PeerShares: Sendable {
    typealias Share = (course: Int32, share: Float)

    /// Per row, its courses with a share, largest share first (ties: the lower course first).
    let rows: [[Share]]
    /// Every non-empty row's shares by course, one after another (`courses` each).
    let table: [Float]
    /// Where each row starts in `table`; -1 for an empty row.
    let tableStart: [Int]

    /// Rows summed from `contributions` (row, course, amount), each course's amounts added in
    /// the order given.
    init(rowCount: Int, courses: Int, contributions: (rows: [Int32], courses: [Int32], amounts: [Float])) {
        let sums = groupedSums(
            groups: rowCount, keys: courses, group: contributions.rows, key: contributions.courses,
            amount: contributions.amounts)
        let rows = sums.rows.map { row -> [Share] in
            let largest = row.reduce(Float(0)) { max($0, $1.sum) }
            return row.map { (course: $0.key, share: largest > 0 ? $0.sum / largest : $0.sum) }
                .sorted { $0.share != $1.share ? $0.share > $1.share : $0.course < $1.course }
        }
        self.rows = rows
        var tableStart = [Int](repeating: -1, count: rowCount)
        var table: [Float] = []
        for (row, shares) in rows.enumerated() where !shares.isEmpty {
            tableStart[row] = table.count
            table.append(contentsOf: repeatElement(0, count: courses))
            for (course, share) in shares { table[tableStart[row] + Int(course)] = share }
        }
        self.table = table
        self.tableStart = tableStart
    }

    /// The row for members of `topic` at `level` (0…2, 3 = not declared): the level's own row,
    /// or the topic's row for any level when no member of that level subscribed recently.
    func row(topic: Int, level: Int) -> Int {
        rows[topic * 4 + level].isEmpty ? topic * 4 + 3 : topic * 4 + level
    }

    /// The bytes the rows and the table hold.
    var storedBytes: Int {
        rows.reduce(0) { $0 + $1.count * MemoryLayout<Share>.stride + 32 }
            + (table.count + tableStart.count * 2) * MemoryLayout<Float>.stride
    }
}
