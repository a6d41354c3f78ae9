/// Each course's most similar courses with their similarity, best first, in one array (a row
/// per course).
struct CourseNeighbours: Sendable, RandomAccessCollection {
    typealias Neighbour = (course: Int32, similarity: Float)

    /// Where each course's row starts in `items`; one more entry than there are courses.
    private(set) var starts: [Int] = [0]
    private(set) var items: [Neighbour] = []

    init() {}

    /// Adds the next course's row.
    mutating func append(_ row: some Collection<Neighbour>) {
        items.append(contentsOf: row)
        starts.append(items.count)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { starts.count - 1 }

    /// One course's neighbours, best first.
    subscript(course: Int) -> ArraySlice<Neighbour> { items[starts[course]..<starts[course + 1]] }

    /// The bytes the rows hold.
    var storedBytes: Int { starts.count * MemoryLayout<Int>.stride + items.count * MemoryLayout<Neighbour>.stride }
}
