/// The answer to ``CreateImageRequest``.
public struct CreateImageResponse: ECSResponse, Hashable {
    /// The ID ECS gave this request.
    public var requestId: String?
    /// The new image, e.g. `m-bp1…`. It is usable once DescribeImages reports it `Available`.
    public var imageId: String

    /// Creates a response (useful in tests and simulators).
    public init(requestId: String? = nil, imageId: String) {
        self.requestId = requestId
        self.imageId = imageId
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestId = "RequestId"
        case imageId = "ImageId"
    }
}
