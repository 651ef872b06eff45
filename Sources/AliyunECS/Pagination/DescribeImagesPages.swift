/// Every page of a DescribeImages query, fetched lazily as you iterate.
///
/// Pages with `PageNumber` + `PageSize` (100 unless the request sets another size), starting at the
/// request's page (1 by default), and stops once `TotalCount` images have been seen or a page is empty.
public struct DescribeImagesPages: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = DescribeImagesResponse

    let client: ECSClient
    let request: DescribeImagesRequest
    let options: ECSClient.CallOptions

    /// Iterates the pages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: ECSClient
        var request: DescribeImagesRequest
        let options: ECSClient.CallOptions
        var finished = false

        /// The next page, or `nil` after the last one.
        public mutating func next() async throws -> DescribeImagesResponse? {
            guard !finished else { return nil }
            let page = try await client.describeImages(request, options: options)
            let pageNumber = request.pageNumber ?? 1
            let pageSize = request.pageSize ?? 100
            let seenSoFar = (pageNumber - 1) * pageSize + page.images.count
            if page.images.isEmpty || seenSoFar >= (page.totalCount ?? 0) {
                finished = true
            } else {
                request.pageNumber = pageNumber + 1
            }
            return page
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        var request = request
        if request.pageSize == nil { request.pageSize = 100 }
        if request.pageNumber == nil { request.pageNumber = 1 }
        return AsyncIterator(client: client, request: request, options: options)
    }

    /// The images of every page, one at a time.
    public var images: PaginatedItems<DescribeImagesPages, ECSImage> {
        PaginatedItems(pages: self) { $0.images }
    }
}

extension ECSClient {
    /// Every page of a DescribeImages query, fetched as you iterate.
    /// - Parameters:
    ///   - request: Filters; paging fields set where to start and the page size.
    ///   - options: Per-call overrides, applied to each page.
    public func describeImagesPages(_ request: DescribeImagesRequest, options: CallOptions = .default) -> DescribeImagesPages {
        DescribeImagesPages(client: self, request: request, options: options)
    }

    /// Every image matching a query, across pages, fetched as you iterate.
    /// - Parameters:
    ///   - request: Filters.
    ///   - options: Per-call overrides, applied to each page.
    public func allImages(_ request: DescribeImagesRequest, options: CallOptions = .default) -> PaginatedItems<DescribeImagesPages, ECSImage> {
        describeImagesPages(request, options: options).images
    }
}
