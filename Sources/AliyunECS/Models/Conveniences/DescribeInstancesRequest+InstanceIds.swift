extension DescribeInstancesRequest {
    /// A query for these instances (at most 100 IDs, sent as one JSON-array parameter).
    /// - Parameter instanceIds: The instance IDs.
    public init(instanceIds: [String]) {
        self.init()
        self.instanceIds = instanceIds
    }
}
