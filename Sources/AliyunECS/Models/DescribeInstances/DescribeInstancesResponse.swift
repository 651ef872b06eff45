/// The answer to ``DescribeInstancesRequest``: one page of instances.
public struct DescribeInstancesResponse: ECSResponse, Hashable {
    /// The ID ECS gave this request.
    public var requestId: String?
    /// How many instances match in all; meaningless when paging with `MaxResults` / `NextToken`.
    public var totalCount: Int?
    /// The page number returned, for number paging.
    public var pageNumber: Int?
    /// The page size the request asked for.
    public var pageSize: Int?
    /// The token for the next page; empty or absent on the last page.
    public var nextToken: String?
    /// The instances on this page.
    @ECSList<ECSInstance, ECSListItem.Instance> public var instances: [ECSInstance] = []

    /// Creates a response (useful in tests and simulators).
    public init(
        requestId: String? = nil,
        totalCount: Int? = nil,
        pageNumber: Int? = nil,
        pageSize: Int? = nil,
        nextToken: String? = nil,
        instances: [ECSInstance] = []
    ) {
        self.requestId = requestId
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.nextToken = nextToken
        self.instances = instances
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestId = "RequestId"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
        case nextToken = "NextToken"
        case instances = "Instances"
    }
}
