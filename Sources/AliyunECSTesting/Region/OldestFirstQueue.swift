/// A queue the region forgets from the front: appended at the back, dropped at the front, each element
/// moved at most once.
///
/// The kept elements are `storage[start...]`: dropping one moves `start`, and the storage is compacted once
/// most of it is dropped, so a long run of appends and drops costs O(1) each.
struct OldestFirstQueue<Element> {
    private var storage: [Element] = []
    private var start = 0

    /// The number of elements kept.
    var count: Int { storage.count - start }

    /// The oldest element kept.
    var first: Element? { start < storage.count ? storage[start] : nil }

    /// The elements kept, oldest first.
    var elements: [Element] { Array(storage[start...]) }

    /// Adds `element` at the back.
    mutating func append(_ element: Element) {
        storage.append(element)
    }

    /// Drops the oldest element, if there is one.
    mutating func dropFirst() {
        guard start < storage.count else { return }
        start += 1
        if start >= 1024, start * 2 >= storage.count {
            storage.removeFirst(start)
            start = 0
        }
    }

    /// Drops every element.
    mutating func removeAll() {
        storage.removeAll()
        start = 0
    }
}
