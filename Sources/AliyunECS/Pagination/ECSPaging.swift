/// The paging rules the generated ``ECSPaginatedRequest`` conformances share: which style a request asks
/// for, and how each style moves to the next page and knows the last one.
package enum ECSPaging {
    // MARK: Choosing the style

    /// `NextToken` + `MaxResults`.
    package static func start(nextToken: inout String?, maxResults: inout Int?, defaultSize: Int? = nil) -> ECSPagingStyle {
        if maxResults == nil { maxResults = defaultSize }
        return .nextToken
    }

    /// `PageNumber` + `PageSize`, from page 1 unless the request names another.
    package static func start(pageNumber: inout Int?, pageSize: inout Int?, defaultSize: Int? = nil) -> ECSPagingStyle {
        if pageNumber == nil { pageNumber = 1 }
        if pageSize == nil { pageSize = defaultSize }
        return .pageNumber
    }

    /// Both: tokens, unless the request sets page numbers or a page size and no token or `MaxResults`.
    package static func start(
        nextToken: inout String?, maxResults: inout Int?, pageNumber: inout Int?, pageSize: inout Int?, defaultSize: Int? = nil
    ) -> ECSPagingStyle {
        if (pageNumber != nil || pageSize != nil) && nextToken == nil && maxResults == nil {
            return start(pageNumber: &pageNumber, pageSize: &pageSize, defaultSize: defaultSize)
        }
        return start(nextToken: &nextToken, maxResults: &maxResults, defaultSize: defaultSize)
    }

    /// `Offset`.
    package static func start(offset: inout Int?, defaultSize: Int? = nil) -> ECSPagingStyle {
        .offset
    }

    // MARK: Moving on

    /// Takes the answer's token; an empty one ends the query, and the same one twice is an error (the
    /// query would never end).
    package static func advance(nextToken: inout String?, to next: String?, action: String, requestId: String?) throws -> Bool {
        guard let next, !next.isEmpty else { return false }
        guard next != nextToken else {
            throw ECSClientError(
                kind: .malformedResponse, message: "\(action) returned the same NextToken twice", action: action, requestId: requestId)
        }
        nextToken = next
        return true
    }

    /// The next page number, until a page comes back empty or `TotalCount` items have been seen.
    package static func advance(pageNumber: inout Int?, itemsOnPage: Int, itemsSoFar: Int, totalCount: Int?) -> Bool {
        guard itemsOnPage > 0, itemsSoFar < (totalCount ?? 0) else { return false }
        pageNumber = (pageNumber ?? 1) + 1
        return true
    }

    /// The answer's `NextOffset`, until a page comes back empty or without a later offset.
    package static func advance(offset: inout Int?, to next: Int?, itemsOnPage: Int, action: String, requestId: String?) throws -> Bool {
        guard itemsOnPage > 0, let next, next > 0 else { return false }
        guard next > (offset ?? 0) else {
            throw ECSClientError(
                kind: .malformedResponse, message: "\(action) returned NextOffset \(next), not past \(offset ?? 0)",
                action: action, requestId: requestId)
        }
        offset = next
        return true
    }
}
