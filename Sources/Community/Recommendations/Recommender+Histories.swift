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
        let sums = groupedSums(
            groups: members, keys: courses, group: eventMember, key: eventCourse, amount: eventWeight)
        let histories = MemberHistories(sums.rows) { (course: $0.key, weight: Float(log1p($0.sum))) }
        return (histories, sums.entries)
    }

    /// Each member's `keep` courses with the most weight (ties: the lower course), by course.
    static func strongest(_ histories: MemberHistories, keep: Int) -> MemberHistories {
        guard histories.contains(where: { $0.count > keep }) else { return histories }
        var kept = MemberHistories()
        kept.reserveCapacity(rows: histories.count, items: histories.items.count)
        var chosen: [(course: Int32, weight: Float)] = []
        for row in histories {
            guard row.count > keep else {
                kept.append(row)
                continue
            }
            pickStrongest(row, count: keep, into: &chosen)
            chosen.sort { $0.course < $1.course }
            kept.append(chosen)
        }
        return kept
    }
}

/// Puts in `chosen` the `count` items with the most weight, most first (ties: the lower course)
/// — or all of them, in their order, when there are no more than `count`.
func pickStrongest(
    _ items: ArraySlice<(course: Int32, weight: Float)>, count: Int, into chosen: inout [(course: Int32, weight: Float)]
) {
    chosen.removeAll(keepingCapacity: true)
    guard items.count > count else {
        chosen.append(contentsOf: items)
        return
    }
    for item in items {
        keepBest(item, in: &chosen, count: count) { left, right in
            left.weight != right.weight ? left.weight > right.weight : left.course < right.course
        }
    }
}

/// Puts `item` into `chosen` — at most `count` long, kept in `ahead` order — if it belongs
/// among the first `count`; a later item equal to one kept goes after it.
@inline(__always)
func keepBest<Item>(_ item: Item, in chosen: inout [Item], count: Int, ahead: (Item, Item) -> Bool) {
    if chosen.count == count {
        guard let last = chosen.last, ahead(item, last) else { return }
        chosen.removeLast()
    }
    var position = chosen.count
    while position > 0, ahead(item, chosen[position - 1]) { position -= 1 }
    chosen.insert(item, at: position)
}
