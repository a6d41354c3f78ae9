/// A fixed-length row of plain values that a `RecommendScratch` owns: written in place, without
/// the copy-on-write check an array makes on every write. The owner frees it.
struct ScratchRow<Element: BitwiseCopyable> {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "scratch index out of range")
            return base[index]
        }
        nonmutating set {
            precondition(index >= 0 && index < count, "scratch index out of range")
            base[index] = newValue
        }
    }

    /// Every element set to `value`.
    func fill(with value: Element) {
        base.update(repeating: value, count: count)
    }

    /// Calls `body` with the row's memory, for loops the compiler can vectorise.
    func withBuffer<Result>(_ body: (UnsafeMutableBufferPointer<Element>) -> Result) -> Result {
        body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// Gives the memory back; the row must not be used afterwards.
    func free() { base.deallocate() }
}

/// A stack of at most `capacity` indices that a `RecommendScratch` owns (which rows it touched).
struct ScratchList: RandomAccessCollection {
    private let items: ScratchRow<Int32>
    private let length: ScratchRow<Int>

    init(capacity: Int) {
        items = ScratchRow(repeating: 0, count: capacity)
        length = ScratchRow(repeating: 0, count: 1)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { length[0] }

    subscript(position: Int) -> Int {
        precondition(position < length[0], "scratch list index out of range")
        return Int(items[position])
    }

    /// Adds `index` at the end (the caller pushes each index at most once between removals).
    func push(_ index: Int) { push(index, if: true) }

    /// Adds `index` at the end when `condition` holds (without a branch on it).
    func push(_ index: Int, if condition: Bool) {
        items[length[0]] = Int32(truncatingIfNeeded: index)
        length[0] += condition ? 1 : 0
    }

    func removeAll() { length[0] = 0 }

    func free() {
        items.free()
        length.free()
    }
}
