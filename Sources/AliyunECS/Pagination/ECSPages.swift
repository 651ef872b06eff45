/// Every page of a paged query, fetched lazily as you iterate: the next page is requested only when the
/// iteration reaches it, and the query stops at the last page.
///
/// Get one from the client's `…Pages(_:options:)` methods, e.g. ``ECSClient/describeInstancesPages(_:options:)``.
public struct ECSPages<Request: ECSPaginatedRequest>: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = Request.Response

    let client: ECSClient
    let request: Request
    let options: ECSClient.CallOptions

    /// The pages of `request`, each fetched with `options` (the generated `…Pages(_:options:)` methods make these).
    package init(client: ECSClient, request: Request, options: ECSClient.CallOptions) {
        self.client = client
        self.request = request
        self.options = options
    }

    /// Iterates the pages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: ECSClient
        var request: Request
        let options: ECSClient.CallOptions
        let style: ECSPagingStyle
        var itemsSoFar = 0
        var finished = false

        /// The next page, or `nil` after the last one.
        public mutating func next() async throws -> Request.Response? {
            guard !finished else { return nil }
            let page = try await client.send(request, options: options)
            itemsSoFar += Request.itemCount(of: page)
            if try !request.advance(after: page, style: style, itemsSoFar: itemsSoFar) {
                finished = true
            }
            return page
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        var first = request
        let style = first.startPaging()
        return AsyncIterator(client: client, request: first, options: options, style: style)
    }
}
