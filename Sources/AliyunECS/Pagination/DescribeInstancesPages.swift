/// Every page of a DescribeInstances query, fetched lazily as you iterate.
///
/// Pages with `NextToken` + `MaxResults` (100 unless the request sets another size) and stops when ECS
/// returns an empty token. If the request asks for the older `PageNumber` / `PageSize` style (and sets
/// no `NextToken` or `MaxResults`), pages that way instead and stops at `TotalCount`.
public struct DescribeInstancesPages: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = DescribeInstancesResponse

    let client: ECSClient
    let request: DescribeInstancesRequest
    let options: ECSClient.CallOptions

    /// Iterates the pages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: ECSClient
        var request: DescribeInstancesRequest
        let options: ECSClient.CallOptions
        let usesPageNumbers: Bool
        var seen = 0
        var finished = false

        /// The next page, or `nil` after the last one.
        public mutating func next() async throws -> DescribeInstancesResponse? {
            guard !finished else { return nil }
            let page = try await client.describeInstances(request, options: options)
            if usesPageNumbers {
                seen += page.instances.count
                let pageNumber = request.pageNumber ?? 1
                if page.instances.isEmpty || seen >= (page.totalCount ?? 0) {
                    finished = true
                } else {
                    request.pageNumber = pageNumber + 1
                }
            } else {
                guard let token = page.nextToken, !token.isEmpty else {
                    finished = true
                    return page
                }
                guard token != request.nextToken else {
                    finished = true
                    throw ECSClientError(
                        kind: .malformedResponse, message: "DescribeInstances returned the same NextToken twice",
                        action: DescribeInstancesRequest.action, requestId: page.requestId)
                }
                request.nextToken = token
            }
            return page
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        var request = request
        let usesPageNumbers = (request.pageNumber != nil || request.pageSize != nil)
            && request.nextToken == nil && request.maxResults == nil
        if !usesPageNumbers, request.maxResults == nil { request.maxResults = 100 }
        return AsyncIterator(client: client, request: request, options: options, usesPageNumbers: usesPageNumbers)
    }

    /// The instances of every page, one at a time.
    public var instances: PaginatedItems<DescribeInstancesPages, ECSInstance> {
        PaginatedItems(pages: self) { $0.instances }
    }
}

extension ECSClient {
    /// Every page of a DescribeInstances query, fetched as you iterate.
    /// - Parameters:
    ///   - request: Filters; paging fields set where to start.
    ///   - options: Per-call overrides, applied to each page.
    public func describeInstancesPages(_ request: DescribeInstancesRequest, options: CallOptions = .default) -> DescribeInstancesPages {
        DescribeInstancesPages(client: self, request: request, options: options)
    }

    /// Every instance matching a query, across pages, fetched as you iterate.
    /// - Parameters:
    ///   - request: Filters.
    ///   - options: Per-call overrides, applied to each page.
    public func allInstances(_ request: DescribeInstancesRequest, options: CallOptions = .default) -> PaginatedItems<DescribeInstancesPages, ECSInstance> {
        describeInstancesPages(request, options: options).instances
    }
}
