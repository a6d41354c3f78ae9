import Foundation

/// Every member's courses with their implicit weight, by course, in one array (a row per member).
struct MemberHistories: Sendable {
    typealias Item = (course: Int32, weight: Float)

    /// Where each member's row starts in `items`; one more entry than there are members.
    let starts: [Int]
    let items: [Item]

    /// Members' rows as given (each sorted by course).
    init(rows: [[Item]]) {
        var starts = [0]
        starts.reserveCapacity(rows.count + 1)
        for row in rows { starts.append(starts[starts.count - 1] + row.count) }
        self.starts = starts
        items = Array(rows.joined())
    }

    /// Each member's courses with their weight: `log1p` of the sum of that course's event
    /// weights, summed in event order. Events of member -1 are ignored.
    init(members: Int, courses: Int, eventMember: [Int32], eventCourse: [Int32], eventWeight: [Double]) {
        // Events grouped by member with a counting sort, each member's summed in one dense row.
        var eventStarts = [Int](repeating: 0, count: members + 1)
        for member in eventMember where member >= 0 { eventStarts[Int(member) + 1] += 1 }
        for index in 0..<members { eventStarts[index + 1] += eventStarts[index] }
        var fill = eventStarts
        var byMember = [Int32](repeating: 0, count: eventStarts[members])
        for (position, member) in eventMember.enumerated() where member >= 0 {
            byMember[fill[Int(member)]] = Int32(position)
            fill[Int(member)] += 1
        }
        var sums = [Double](repeating: 0, count: courses)
        var touched = [Bool](repeating: false, count: courses)
        var list: [Int32] = []
        var starts = [0]
        starts.reserveCapacity(members + 1)
        var items: [Item] = []
        items.reserveCapacity(eventStarts[members])
        for member in 0..<members {
            list.removeAll(keepingCapacity: true)
            for slot in eventStarts[member]..<eventStarts[member + 1] {
                let event = Int(byMember[slot])
                let course = Int(eventCourse[event])
                if !touched[course] {
                    touched[course] = true
                    list.append(Int32(course))
                }
                sums[course] += eventWeight[event]
            }
            list.sort()
            for course in list {
                items.append((course, Float(log1p(sums[Int(course)]))))
                sums[Int(course)] = 0
                touched[Int(course)] = false
            }
            starts.append(items.count)
        }
        self.starts = starts
        self.items = items
    }

    /// How many members there are.
    var count: Int { starts.count - 1 }

    /// One member's courses and weights, by course.
    subscript(member: Int) -> ArraySlice<Item> { items[starts[member]..<starts[member + 1]] }

    /// The bytes the rows hold.
    var storedBytes: Int { starts.count * MemoryLayout<Int>.stride + items.count * MemoryLayout<Item>.stride }
}
