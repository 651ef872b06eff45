extension DescribeImagesRequest {
    /// An extra filter on the listing (`Filter.N.Key` / `Filter.N.Value`).
    ///
    /// Known keys: `CreationStartTime` and `CreationEndTime`, whose values are UTC times written
    /// `yyyy-MM-ddTHH:mmZ` and bound the creation time of the images listed; and `NetworkType`,
    /// e.g. `vpc`, which keeps only images usable on that network type.
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
