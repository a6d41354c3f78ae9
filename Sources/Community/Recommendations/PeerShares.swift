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
        // Contributions grouped by row with a counting sort, each row summed in one dense row.
        var starts = [Int](repeating: 0, count: rowCount + 1)
        for row in contributions.rows { starts[Int(row) + 1] += 1 }
        for index in 0..<rowCount { starts[index + 1] += starts[index] }
        var fill = starts
        var byRow = [(course: Int32, amount: Float)](repeating: (0, 0), count: contributions.rows.count)
        for (position, row) in contributions.rows.enumerated() {
            byRow[fill[Int(row)]] = (contributions.courses[position], contributions.amounts[position])
            fill[Int(row)] += 1
        }
        var sums = [Float](repeating: 0, count: courses)
        var touched = [Bool](repeating: false, count: courses)
        var list: [Int32] = []
        let rows = (0..<rowCount).map { row -> [Share] in
            guard starts[row] < starts[row + 1] else { return [] }
            list.removeAll(keepingCapacity: true)
            for slot in starts[row]..<starts[row + 1] {
                let (course32, amount) = byRow[slot]
                let course = Int(course32)
                if !touched[course] {
                    touched[course] = true
                    list.append(course32)
                }
                sums[course] += amount
            }
            let largest = list.reduce(Float(0)) { max($0, sums[Int($1)]) }
            let shares = list.map { course in
                (course: course, share: largest > 0 ? sums[Int(course)] / largest : sums[Int(course)])
            }
            for course in list {
                sums[Int(course)] = 0
                touched[Int(course)] = false
            }
            return shares.sorted { $0.share != $1.share ? $0.share > $1.share : $0.course < $1.course }
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
