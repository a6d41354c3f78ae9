extension Recommender {
    /// Cosine similarity between courses over members' implicit weights; the best `keep` per
    /// course (ties: the lower course index first). Histories must list each member's courses in
    /// ascending order. Course by course, each course's members' later courses go into one dense
    /// row of dot products — every pair once, with the same sums in the same order as a full
    /// co-occurrence matrix, without its memory — and each pair is offered to both courses' lists.
    static func similarities(
        _ history: MemberHistories, courses: Int, keep: Int
    ) -> FlatRows<(course: Int32, similarity: Float)> {
        var norms = [Float](repeating: 0, count: courses)
        var postingStarts = [Int](repeating: 0, count: courses + 1)
        for item in history.items {
            norms[Int(item.course)] += item.weight * item.weight
            postingStarts[Int(item.course) + 1] += 1
        }
        for index in 0..<courses { postingStarts[index + 1] += postingStarts[index] }
        // Each course's members — where the rest of their history starts and ends (their courses
        // after this one), and their weight for the course (the posting lists), members in order.
        // (Carrying the bounds saves a lookup per entry, which is a cache miss as often as not.)
        var fill = postingStarts
        var postingRows = [(start: Int32, end: Int32)](repeating: (0, 0), count: postingStarts[courses])
        var postingWeight = [Float](repeating: 0, count: postingStarts[courses])
        for member in 0..<history.count {
            let end = Int32(history.starts[member + 1])
            for position in history.starts[member]..<history.starts[member + 1] {
                let item = history.items[position]
                let slot = fill[Int(item.course)]
                postingRows[slot] = (Int32(position + 1), end)
                postingWeight[slot] = item.weight
                fill[Int(item.course)] += 1
            }
        }
        let roots = norms.map { $0.squareRoot() }
        var products = [Float](repeating: 0, count: courses)
        var best = BestNeighbours(courses: courses, keep: keep)
        history.items.withUnsafeBufferPointer { items in
            products.withUnsafeMutableBufferPointer { products in
                for course in 0..<courses where roots[course] > 0 {
                    for slot in postingStarts[course]..<postingStarts[course + 1] {
                        let weight = postingWeight[slot]
                        let row = postingRows[slot]
                        for other in Int(row.start)..<Int(row.end) {
                            products[Int(items[other].course)] += weight * items[other].weight
                        }
                    }
                    for other in (course + 1)..<courses {
                        let product = products[other]
                        guard product != 0 else { continue }
                        products[other] = 0
                        guard product > 0, roots[other] > 0 else { continue }
                        let similarity = product / (roots[course] * roots[other])
                        best.offer(Int32(other), similarity, to: course)
                        best.offer(Int32(course), similarity, to: other)
                    }
                }
            }
        }
        return best.rows()
    }
}

/// The `keep` most similar courses of every course, gathered pair by pair in any order: the
/// result is the same as sorting each course's candidates by similarity (best first), ties
/// going to the lower course index.
private struct BestNeighbours {
    private let keep: Int
    private var counts: [Int]
    private var kept: [(course: Int32, similarity: Float)]

    init(courses: Int, keep: Int) {
        self.keep = keep
        counts = Array(repeating: 0, count: courses)
        kept = Array(repeating: (0, 0), count: courses * keep)
    }

    /// Offers `other` with `similarity` to `course`'s list.
    mutating func offer(_ other: Int32, _ similarity: Float, to course: Int) {
        guard keep > 0 else { return }
        let base = course * keep
        var count = counts[course]
        if count == keep {
            let last = kept[base + keep - 1]
            guard similarity > last.similarity || (similarity == last.similarity && other < last.course) else {
                return
            }
            count -= 1
        }
        var position = base + count
        while position > base {
            let previous = kept[position - 1]
            guard similarity > previous.similarity || (similarity == previous.similarity && other < previous.course)
            else { break }
            kept[position] = previous
            position -= 1
        }
        kept[position] = (other, similarity)
        counts[course] = count + 1
    }

    /// Every course's list, best first.
    func rows() -> FlatRows<(course: Int32, similarity: Float)> {
        var rows = FlatRows<(course: Int32, similarity: Float)>()
        rows.reserveCapacity(rows: counts.count, items: counts.reduce(0, +))
        for course in counts.indices { rows.append(kept[(course * keep)..<(course * keep + counts[course])]) }
        return rows
    }
}
