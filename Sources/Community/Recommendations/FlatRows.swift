/// Rows of varying length stored one after another in a single array (a member's history, a
/// course's neighbours, a course's tags): one allocation instead of one per row, and rows that
/// lie next to each other in memory.
struct FlatRows<Element: Sendable>: Sendable, RandomAccessCollection {
    /// Where each row starts in `items`; one more entry than there are rows.
    private(set) var starts: [Int] = [0]
    private(set) var items: [Element] = []

    /// No rows.
    init() {}

    /// `rows`, in order.
    init(_ rows: some Sequence<some Collection<Element>>) {
        for row in rows { append(row) }
    }

    /// The rows of `other` with each element transformed: the same row bounds, no row copied.
    init<Other>(_ other: FlatRows<Other>, transform: (Other) -> Element) {
        starts = other.starts
        items = other.items.map(transform)
    }

    /// Adds a row at the end.
    mutating func append(_ row: some Collection<Element>) {
        items.append(contentsOf: row)
        starts.append(items.count)
    }

    /// Room for `rows` more rows holding `items` more elements in all.
    mutating func reserveCapacity(rows: Int, items count: Int) {
        starts.reserveCapacity(starts.count + rows)
        items.reserveCapacity(items.count + count)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { starts.count - 1 }

    /// One row.
    subscript(row: Int) -> ArraySlice<Element> { items[starts[row]..<starts[row + 1]] }

    /// The bytes the rows hold.
    var storedBytes: Int { starts.count * MemoryLayout<Int>.stride + items.count * MemoryLayout<Element>.stride }
}
