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
        // Each course's best, kept in the final order (similarity, then the lower course), so
        // the order in which pairs arrive does not matter.
        var best = [[(course: Int32, similarity: Float)]](repeating: [], count: courses)
        func offer(_ other: Int32, _ similarity: Float, to course: Int) {
            keepBest((other, similarity), in: &best[course], count: keep) { left, right in
                left.similarity != right.similarity
                    ? left.similarity > right.similarity : left.course < right.course
            }
        }
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
                        offer(Int32(other), similarity, to: course)
                        offer(Int32(course), similarity, to: other)
                    }
                }
            }
        }
        return FlatRows(best)
    }
}
