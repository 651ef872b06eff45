/// How a paged query moves from one page to the next.
public enum ECSPagingStyle: Sendable, Hashable {
    /// `NextToken` + `MaxResults`: each answer names the next page; an empty token ends the query.
    case nextToken
    /// `PageNumber` + `PageSize`: pages are numbered from 1; `TotalCount` says when to stop.
    case pageNumber
    /// `Offset`: each answer's `NextOffset` is where the next page starts.
    case offset
}

/// A request whose answers come in pages: ``ECSPages`` fetches them one after the other.
///
/// The generated paged actions (DescribeInstances, DescribeImages, DescribeSnapshots, …) conform; the
/// requirements are the paging machinery, which ``ECSPages`` calls.
public protocol ECSPaginatedRequest: ECSRequest {
    /// Chooses the paging style from the fields the caller set, and fills in a default page size.
    mutating func startPaging() -> ECSPagingStyle

    /// Points the request at the page after `page`.
    /// - Parameters:
    ///   - page: The answer just received.
    ///   - style: The style ``startPaging()`` chose.
    ///   - itemsSoFar: How many items the pages so far carried, `page` included.
    /// - Returns: `false` when `page` was the last.
    /// - Throws: ``ECSClientError`` when the answer would make the query loop (the same token twice).
    mutating func advance(after page: Response, style: ECSPagingStyle, itemsSoFar: Int) throws -> Bool

    /// How many items a page carries.
    static func itemCount(of page: Response) -> Int
}
