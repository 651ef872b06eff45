extension DescribeInstancesRequest {
    /// An extra filter on the listing (`Filter.N.Key` / `Filter.N.Value`).
    ///
    /// ECS currently understands one key, `CreationStartTime`, whose value is a UTC time written
    /// `yyyy-MM-ddTHH:mmZ`: only instances created after it are listed.
    public struct Filter: Codable, Sendable, Hashable {
        /// The filter name, e.g. `CreationStartTime`.
        public var key: String?
        /// The filter value, e.g. `2026-11-20T08:00Z`; send it together with ``key``.
        public var value: String?

        /// Creates a filter.
        public init(key: String? = nil, value: String? = nil) {
            self.key = key
            self.value = value
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case key = "Key"
            case value = "Value"
        }
    }
}
