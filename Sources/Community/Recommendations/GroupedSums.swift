/// Amounts summed by group and key: for each group `0..<groups`, its keys (`0..<keys`) in
/// increasing order with the sum of their amounts, each sum added in the order the amounts are
/// given. Entries of group -1 are left out. A row per group, with how many entries each had.
func groupedSums<Amount: BinaryFloatingPoint>(
    groups: Int, keys: Int, group: [Int32], key: [Int32], amount: [Amount]
) -> (rows: FlatRows<(key: Int32, sum: Amount)>, entries: [Int]) {
    // Entries grouped with a counting sort, each moved with its key and amount so that reading
    // a group back is sequential; each group summed in one dense row.
    var starts = [Int](repeating: 0, count: groups + 1)
    for member in group where member >= 0 { starts[Int(member) + 1] += 1 }
    for index in 0..<groups { starts[index + 1] += starts[index] }
    var fill = starts
    var byGroup = [(key: Int32, amount: Amount)](repeating: (0, 0), count: starts[groups])
    for (position, member) in group.enumerated() where member >= 0 {
        byGroup[fill[Int(member)]] = (key[position], amount[position])
        fill[Int(member)] += 1
    }
    var sums = [Amount](repeating: 0, count: keys)
    var touched = [Bool](repeating: false, count: keys)
    var list: [Int32] = []
    var rows = FlatRows<(key: Int32, sum: Amount)>()
    rows.reserveCapacity(rows: groups, items: starts[groups])
    var row: [(key: Int32, sum: Amount)] = []
    for member in 0..<groups {
        list.removeAll(keepingCapacity: true)
        for slot in starts[member]..<starts[member + 1] {
            let (key32, amount) = byGroup[slot]
            let index = Int(key32)
            if !touched[index] {
                touched[index] = true
                list.append(key32)
            }
            sums[index] += amount
        }
        list.sort()
        row.removeAll(keepingCapacity: true)
        for key in list {
            row.append((key, sums[Int(key)]))
            sums[Int(key)] = 0
            touched[Int(key)] = false
        }
        rows.append(row)
    }
    return (rows, (0..<groups).map { starts[$0 + 1] - starts[$0] })
}
