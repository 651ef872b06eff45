extension ECSInstance {
    /// The dedicated host an instance runs on (`DedicatedHostAttribute`).
    public struct DedicatedHostAttribute: Codable, Sendable, Hashable {
        /// The dedicated host cluster the host belongs to.
        public var dedicatedHostClusterId: String?
        /// The dedicated host, e.g. `dh-…`.
        public var dedicatedHostId: String?
        /// The dedicated host's name.
        public var dedicatedHostName: String?

        /// Creates dedicated-host details.
        public init(dedicatedHostClusterId: String? = nil, dedicatedHostId: String? = nil, dedicatedHostName: String? = nil) {
            self.dedicatedHostClusterId = dedicatedHostClusterId
            self.dedicatedHostId = dedicatedHostId
            self.dedicatedHostName = dedicatedHostName
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dedicatedHostClusterId = "DedicatedHostClusterId"
            case dedicatedHostId = "DedicatedHostId"
            case dedicatedHostName = "DedicatedHostName"
        }
    }

    /// How an instance relates to dedicated hosts (`DedicatedInstanceAttribute`).
    public struct DedicatedInstanceAttribute: Codable, Sendable, Hashable {
        /// `host` pins the instance to its dedicated host across economical-mode restarts; `default` lets it move.
        public var affinity: String?
        /// `host` when the instance runs on a dedicated host, `default` when it runs on shared hardware.
        public var tenancy: String?

        /// Creates dedicated-instance details.
        public init(affinity: String? = nil, tenancy: String? = nil) {
            self.affinity = affinity
            self.tenancy = tenancy
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case affinity = "Affinity"
            case tenancy = "Tenancy"
        }
    }

    /// The capacity reservation an instance draws on (`EcsCapacityReservationAttr`).
    public struct EcsCapacityReservationAttr: Codable, Sendable, Hashable {
        /// The capacity reservation, e.g. `crp-…`.
        public var capacityReservationId: String?
        /// How the instance uses reserved capacity, e.g. `open`, `target` or `none`.
        public var capacityReservationPreference: String?

        /// Creates capacity-reservation details.
        public init(capacityReservationId: String? = nil, capacityReservationPreference: String? = nil) {
            self.capacityReservationId = capacityReservationId
            self.capacityReservationPreference = capacityReservationPreference
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case capacityReservationId = "CapacityReservationId"
            case capacityReservationPreference = "CapacityReservationPreference"
        }
    }
}
