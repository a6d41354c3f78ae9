/// A first-in-first-out queue with amortised O(1) removal at the front.
public struct FIFOQueue<Element: Sendable>: Sendable {
    private var storage: [Element] = []
    private var start = 0

    /// An empty queue.
    public init() {}

    /// Elements waiting.
    public var count: Int { storage.count - start }
    /// Whether nothing waits.
    public var isEmpty: Bool { start == storage.count }
    /// The oldest element, if any.
    public var first: Element? { isEmpty ? nil : storage[start] }
    /// The elements, oldest first.
    public var elements: ArraySlice<Element> { storage[start...] }

    /// Adds an element at the back.
    public mutating func append(_ element: Element) { storage.append(element) }

    /// Removes and returns the oldest element; the queue must not be empty.
    @discardableResult
    public mutating func removeFirst() -> Element {
        let element = storage[start]
        start += 1
        if start == storage.count {
            // Emptied: the elements go now, the room stays for the next ones.
            storage.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 64, start * 2 > storage.count {
            storage.removeFirst(start)
            start = 0
        }
        return element
    }

    /// Removes and returns the oldest element, or nil.
    public mutating func popFirst() -> Element? { isEmpty ? nil : removeFirst() }
}
