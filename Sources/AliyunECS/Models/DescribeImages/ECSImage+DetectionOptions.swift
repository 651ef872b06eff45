extension ECSImage {
    /// The check ECS runs on an image, typically an imported one (`DetectionOptions`).
    public struct DetectionOptions: Codable, Sendable, Hashable {
        /// The state of the check: `Processing` or `Finished`.
        public var status: String?
        /// The individual checks and their results.
        @ECSList<Item, ECSListItem.Item> public var items: [Item] = []

        /// Creates a check summary.
        public init(status: String? = nil, items: [Item] = []) {
            self.status = status
            self.items = items
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case status = "Status"
            case items = "Items"
        }

        /// One check performed on the image (`Items.Item[]`).
        public struct Item: Codable, Sendable, Hashable {
            /// What was checked.
            public var name: String?
            /// The outcome of the check.
            public var value: String?
            /// A code naming the risk found, if any.
            public var riskCode: String?
            /// How serious the risk is, e.g. `High`; absent when the check found nothing.
            public var riskLevel: String?

            /// Creates a check result.
            public init(name: String? = nil, value: String? = nil, riskCode: String? = nil, riskLevel: String? = nil) {
                self.name = name
                self.value = value
                self.riskCode = riskCode
                self.riskLevel = riskLevel
            }

            enum CodingKeys: String, CodingKey, CaseIterable {
                case name = "Name"
                case value = "Value"
                case riskCode = "RiskCode"
                case riskLevel = "RiskLevel"
            }
        }
    }
}
