/// The answer to ``DescribeImagesRequest``: one page of images.
public struct DescribeImagesResponse: ECSResponse, Hashable {
    /// The ID ECS gave this request.
    public var requestId: String?
    /// The region the images are in.
    public var regionId: String?
    /// How many images match in all, across every page.
    public var totalCount: Int?
    /// The page number returned, from 1.
    public var pageNumber: Int?
    /// The page size used for this answer.
    public var pageSize: Int?
    /// The images on this page.
    @ECSList<ECSImage, ECSListItem.Image> public var images: [ECSImage] = []

    /// Creates a response (useful in tests and simulators).
    public init(
        requestId: String? = nil,
        regionId: String? = nil,
        totalCount: Int? = nil,
        pageNumber: Int? = nil,
        pageSize: Int? = nil,
        images: [ECSImage] = []
    ) {
        self.requestId = requestId
        self.regionId = regionId
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.images = images
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestId = "RequestId"
        case regionId = "RegionId"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
        case images = "Images"
    }
}
