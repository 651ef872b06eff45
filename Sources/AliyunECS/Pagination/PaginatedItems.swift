/// The items of a paged query, one at a time: pages are fetched only as iteration reaches them.
public struct PaginatedItems<Pages: AsyncSequence & Sendable, Item: Sendable>: AsyncSequence, Sendable {
    /// One item.
    public typealias Element = Item

    let pages: Pages
    let items: @Sendable (Pages.Element) -> [Item]

    /// The items `items` takes out of each of `pages` (the generated `all…(_:options:)` methods make these).
    package init(pages: Pages, items: @escaping @Sendable (Pages.Element) -> [Item]) {
        self.pages = pages
        self.items = items
    }

    /// Iterates the items.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var pages: Pages.AsyncIterator
        let items: @Sendable (Pages.Element) -> [Item]
        var buffer: [Item] = []
        var index = 0

        /// The next item, or `nil` after the last page's last item.
        public mutating func next() async throws -> Item? {
            while index >= buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = items(page)
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: pages.makeAsyncIterator(), items: items)
    }

    /// Collects every item into an array.
    public func collect() async throws -> [Item] {
        var result: [Item] = []
        for try await item in self { result.append(item) }
        return result
    }
}
