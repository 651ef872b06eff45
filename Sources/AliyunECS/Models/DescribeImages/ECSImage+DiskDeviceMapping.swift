extension ECSImage {
    /// One disk of an image and the snapshot behind it (`DiskDeviceMappings.DiskDeviceMapping[]`).
    public struct DiskDeviceMapping: Codable, Sendable, Hashable {
        /// The snapshot the disk is built from.
        public var snapshotId: String?
        /// The disk size in GiB (ECS sends it as a string, e.g. `"40"`).
        public var size: Int?
        /// The device name, e.g. `/dev/xvda`; ECS plans to drop this field.
        public var device: String?
        /// The disk's role in the image: `system` or `data`.
        public var type: String?
        /// The image file format, for imported images; often empty.
        public var format: String?
        /// How far a copy of the image has got, e.g. `100%`.
        public var progress: String?
        /// The time a copy of the image still needs, in seconds.
        public var remainTime: Int?
        /// Whether the disk's snapshot is encrypted.
        public var encrypted: Bool?
        /// The OSS bucket an imported image file came from.
        public var importOSSBucket: String?
        /// The OSS object (file) an imported image came from.
        public var importOSSObject: String?

        /// Creates a disk mapping.
        public init(
            snapshotId: String? = nil,
            size: Int? = nil,
            device: String? = nil,
            type: String? = nil,
            format: String? = nil,
            progress: String? = nil,
            remainTime: Int? = nil,
            encrypted: Bool? = nil,
            importOSSBucket: String? = nil,
            importOSSObject: String? = nil
        ) {
            self.snapshotId = snapshotId
            self.size = size
            self.device = device
            self.type = type
            self.format = format
            self.progress = progress
            self.remainTime = remainTime
            self.encrypted = encrypted
            self.importOSSBucket = importOSSBucket
            self.importOSSObject = importOSSObject
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case snapshotId = "SnapshotId"
            case size = "Size"
            case device = "Device"
            case type = "Type"
            case format = "Format"
            case progress = "Progress"
            case remainTime = "RemainTime"
            case encrypted = "Encrypted"
            case importOSSBucket = "ImportOSSBucket"
            case importOSSObject = "ImportOSSObject"
        }
    }
}
