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

    /// Rows summed from the (row, course, amount) triples `contributions` calls its argument
    /// with — twice, in the same order each time — each course's amounts added in that order.
    init(
        rowCount: Int, courses: Int,
        contributions: ((_ row: Int, _ course: Int, _ amount: Float) -> Void) -> Void
    ) {
        // The table has a place for each row that receives anything (in row order), found by a
        // first pass; the second adds the amounts straight into it (rows are few, courses many).
        var tableStart = [Int](repeating: -1, count: rowCount)
        contributions { row, _, _ in tableStart[row] = 0 }
        var used = 0
        for row in 0..<rowCount where tableStart[row] == 0 {
            tableStart[row] = used * courses
            used += 1
        }
        var table = [Float](repeating: 0, count: used * courses)
        var receives = [Bool](repeating: false, count: used * courses)
        table.withUnsafeMutableBufferPointer { table in
            receives.withUnsafeMutableBufferPointer { receives in
                contributions { row, course, amount in
                    let cell = tableStart[row] + course
                    table[cell] += amount
                    receives[cell] = true
                }
            }
        }
        var rows = [[Share]](repeating: [], count: rowCount)
        for row in 0..<rowCount where tableStart[row] >= 0 {
            let cells = tableStart[row]..<(tableStart[row] + courses)
            let largest = table[cells].reduce(Float(0)) { max($0, $1) }
            var shares: [Share] = []
            for cell in cells where receives[cell] {
                let share = largest > 0 ? table[cell] / largest : table[cell]
                table[cell] = share
                shares.append((course: Int32(cell - cells.lowerBound), share: share))
            }
            shares.sort { $0.share != $1.share ? $0.share > $1.share : $0.course < $1.course }
            rows[row] = shares
        }
        self.rows = rows
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
