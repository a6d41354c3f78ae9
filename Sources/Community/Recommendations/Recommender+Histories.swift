import Foundation

/// Every member's courses with their implicit weight, by course (a row per member).
typealias MemberHistories = FlatRows<(course: Int32, weight: Float)>

extension Recommender {
    /// Each member's courses with their weight (`log1p` of the sum of that course's event
    /// weights, summed in event order), and how many events each member has. Events of member
    /// -1 are ignored.
    static func histories(
        members: Int, courses: Int, eventMember: [Int32], eventCourse: [Int32], eventWeight: [Double]
    ) -> (rows: MemberHistories, eventCounts: [Int]) {
        // Events grouped by member with a counting sort, each member's summed in one dense row.
        var eventStarts = [Int](repeating: 0, count: members + 1)
        for member in eventMember where member >= 0 { eventStarts[Int(member) + 1] += 1 }
        for index in 0..<members { eventStarts[index + 1] += eventStarts[index] }
        // Each event's course and weight moved to its member's place (reading them back in
        // member order is then sequential).
        var fill = eventStarts
        var byMember = [(course: Int32, weight: Double)](repeating: (0, 0), count: eventStarts[members])
        for (position, member) in eventMember.enumerated() where member >= 0 {
            byMember[fill[Int(member)]] = (eventCourse[position], eventWeight[position])
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
                let (course32, weight) = byMember[slot]
                let course = Int(course32)
                if !touched[course] {
                    touched[course] = true
                    list.append(course32)
                }
                sums[course] += weight
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
        return (histories, (0..<members).map { eventStarts[$0 + 1] - eventStarts[$0] })
    }

    /// Each member's `keep` courses with the most weight (ties: the lower course), by course.
    static func strongest(_ histories: MemberHistories, keep: Int) -> MemberHistories {
        guard histories.contains(where: { $0.count > keep }) else { return histories }
        var kept = MemberHistories()
        kept.reserveCapacity(rows: histories.count, items: histories.items.count)
        for row in histories {
            guard row.count > keep else {
                kept.append(row)
                continue
            }
            let strongest = row.sorted { left, right in
                left.weight != right.weight ? left.weight > right.weight : left.course < right.course
            }
            kept.append(strongest.prefix(keep).sorted { $0.course < $1.course })
        }
        return kept
    }
}
