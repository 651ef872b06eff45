/// The answer to ``RunInstancesRequest``.
public struct RunInstancesResponse: ECSResponse, Hashable {
    /// The ID ECS gave this request.
    public var requestId: String?
    /// The order ECS opened; only subscription (`PrePaid`) launches have one.
    public var orderId: String?
    /// The price of the order.
    public var tradePrice: Double?
    /// The new instances, e.g. `i-bp1…`, which start out `Pending`. Empty for a dry run.
    @ECSList<String, ECSListItem.InstanceIdSet> public var instanceIds: [String] = []

    /// Creates a response (useful in tests and simulators).
    public init(requestId: String? = nil, orderId: String? = nil, tradePrice: Double? = nil, instanceIds: [String] = []) {
        self.requestId = requestId
        self.orderId = orderId
        self.tradePrice = tradePrice
        self.instanceIds = instanceIds
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestId = "RequestId"
        case orderId = "OrderId"
        case tradePrice = "TradePrice"
        case instanceIds = "InstanceIdSets"
    }
}
