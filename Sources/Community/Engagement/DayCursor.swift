import Foundation

/// Which day a time falls on, as an index into the day keys met so far: a time on a day met
/// before costs a few comparisons, not a calendar calculation.
struct DayCursor {
    private(set) var keys: [String] = []
    private var ranges: [(start: Date, end: Date)] = []
    private var current = -1

    mutating func index(for date: Date, days: DayKeys) -> Int {
        if current >= 0, date >= ranges[current].start, date < ranges[current].end { return current }
        if let known = ranges.firstIndex(where: { date >= $0.start && date < $0.end }) {
            current = known
            return known
        }
        keys.append(days.key(for: date))
        ranges.append((days.start(of: date), days.start(of: date, plus: 1)))
        current = keys.count - 1
        return current
    }

    /// The instants the day `key` covers, when met.
    func range(of key: String) -> (start: Date, end: Date)? { keys.firstIndex(of: key).map { ranges[$0] } }
}
