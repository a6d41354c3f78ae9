extension Recommender {
    /// Cosine similarity between courses over members' implicit weights; the best `keep` per
    /// course (ties: the lower course index first). Row by row: each course's members, through
    /// their histories, into one dense row — the same sums, in the same order, as a full
    /// co-occurrence matrix, without its memory.
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
        // Each course's members — where their history is, and their weight for the course (the
        // posting lists), members in order. (Carrying the history's bounds saves a lookup per
        // entry, which is a cache miss as often as not.)
        var fill = postingStarts
        var postingRows = [(start: Int32, end: Int32)](repeating: (0, 0), count: postingStarts[courses])
        var postingWeight = [Float](repeating: 0, count: postingStarts[courses])
        for member in 0..<history.count {
            let bounds = (start: Int32(history.starts[member]), end: Int32(history.starts[member + 1]))
            for item in history[member] {
                let slot = fill[Int(item.course)]
                postingRows[slot] = bounds
                postingWeight[slot] = item.weight
                fill[Int(item.course)] += 1
            }
        }
        let roots = norms.map { $0.squareRoot() }
        var products = [Float](repeating: 0, count: courses)
        var neighbours = FlatRows<(course: Int32, similarity: Float)>()
        history.items.withUnsafeBufferPointer { items in
            for course in 0..<courses {
                guard roots[course] > 0 else {
                    neighbours.append([])
                    continue
                }
                products.withUnsafeMutableBufferPointer { products in
                    for slot in postingStarts[course]..<postingStarts[course + 1] {
                        let weight = postingWeight[slot]
                        let row = postingRows[slot]
                        for other in Int(row.start)..<Int(row.end) {
                            products[Int(items[other].course)] += weight * items[other].weight
                        }
                    }
                    products[course] = 0
                }
                neighbours.append(best(products: &products, of: course, roots: roots, keep: keep))
            }
        }
        return neighbours
    }

    /// The `keep` most similar courses from a row of dot products with `course`, resetting the
    /// row to zeros on the way.
    private static func best(
        products: inout [Float], of course: Int, roots: [Float], keep: Int
    ) -> [(course: Int32, similarity: Float)] {
        var row: [(course: Int32, similarity: Float)] = []
        row.reserveCapacity(keep + 1)
        for other in products.indices {
            let product = products[other]
            guard product != 0 else { continue }
            products[other] = 0
            guard product > 0, roots[other] > 0 else { continue }
            let similarity = product / (roots[course] * roots[other])
            // Kept sorted best first; an equal similarity goes after the ones already kept.
            guard row.count < keep || similarity > (row.last?.similarity ?? 0) else { continue }
            var position = row.count
            while position > 0, row[position - 1].similarity < similarity { position -= 1 }
            row.insert((Int32(other), similarity), at: position)
            if row.count > keep { row.removeLast() }
        }
        return row
    }
}
