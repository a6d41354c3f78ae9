import Foundation

/// Every member's courses with their implicit weight, by course (a row per member).
typealias MemberHistories = FlatRows<(course: Int32, weight: Float)>

extension Recommender {
    /// Each member's courses with their weight: `log1p` of the sum of that course's event
    /// weights, summed in event order. Events of member -1 are ignored.
    static func histories(
        members: Int, courses: Int, eventMember: [Int32], eventCourse: [Int32], eventWeight: [Double]
    ) -> MemberHistories {
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
        var histories = MemberHistories()
        histories.reserveCapacity(rows: members, items: eventStarts[members])
        var row: [(course: Int32, weight: Float)] = []
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
            row.removeAll(keepingCapacity: true)
            for course in list {
                row.append((course, Float(log1p(sums[Int(course)]))))
                sums[Int(course)] = 0
                touched[Int(course)] = false
            }
            histories.append(row)
        }
        return histories
    }
}
