/// Creates a custom image from an instance or from a system-disk snapshot (`CreateImage`).
///
/// To image a running or stopped instance, set ``instanceId``. ECS snapshots every disk of the instance;
/// the image is usable once DescribeImages reports it `Available`.
public struct CreateImageRequest: IdempotentECSRequest, Hashable {
    /// The decoded answer.
    public typealias Response = CreateImageResponse
    /// `CreateImage`.
    public static let action = "CreateImage"

    /// The region of the source instance or snapshot.
    public var regionId: String?
    /// The instance to image. It must be `Running` or `Stopped`.
    public var instanceId: String?
    /// A system-disk snapshot to build the image from, instead of an instance.
    public var snapshotId: String?
    /// The image name: 2 to 128 characters, starting with a letter; not `http://` or `https://`.
    public var imageName: String?
    /// A free-text description of at most 256 characters.
    public var description: String?
    /// The image family to add the image to.
    public var imageFamily: String?
    /// A version label for the image.
    public var imageVersion: String?
    /// The operating system architecture when building from snapshots: `i386` or `x86_64`.
    public var architecture: String?
    /// The operating system distribution when building from snapshots, e.g. `Aliyun` or `Ubuntu`.
    public var platform: String?
    /// The boot mode: `BIOS`, `UEFI` or `UEFI-Preferred`.
    public var bootMode: String?
    /// The disks to build the image from, when building from snapshots.
    public var diskDeviceMappings: [DiskDeviceMapping]?
    /// The image check to run after creation, e.g. `Standard`.
    public var detectionStrategy: String?
    /// Features the image declares, such as its metadata-service support.
    public var features: Features?
    /// Secure-boot settings of the image.
    public var secureBootOptions: SecureBootOptions?
    /// The resource group to put the image in.
    public var resourceGroupId: String?
    /// Tags to attach to the new image.
    public var tags: [Tag]?
    /// Validates the request without creating anything.
    public var dryRun: Bool?
    /// The idempotency token: ASCII, at most 64 characters. The client sets one when this is `nil`.
    public var clientToken: String?
    /// Used by resellers on behalf of a user; most callers leave it unset.
    public var ownerId: Int?
    /// Used by resellers on behalf of a user; most callers leave it unset.
    public var ownerAccount: String?
    /// Used by resellers on behalf of a user; most callers leave it unset.
    public var resourceOwnerId: Int?
    /// Used by resellers on behalf of a user; most callers leave it unset.
    public var resourceOwnerAccount: String?

    /// Creates a request; every parameter is optional so that only what is set is sent.
    public init(
        regionId: String? = nil,
        instanceId: String? = nil,
        snapshotId: String? = nil,
        imageName: String? = nil,
        description: String? = nil,
        imageFamily: String? = nil,
        imageVersion: String? = nil,
        architecture: String? = nil,
        platform: String? = nil,
        bootMode: String? = nil,
        diskDeviceMappings: [DiskDeviceMapping]? = nil,
        detectionStrategy: String? = nil,
        features: Features? = nil,
        secureBootOptions: SecureBootOptions? = nil,
        resourceGroupId: String? = nil,
        tags: [Tag]? = nil,
        dryRun: Bool? = nil,
        clientToken: String? = nil,
        ownerId: Int? = nil,
        ownerAccount: String? = nil,
        resourceOwnerId: Int? = nil,
        resourceOwnerAccount: String? = nil
    ) {
        self.regionId = regionId
        self.instanceId = instanceId
        self.snapshotId = snapshotId
        self.imageName = imageName
        self.description = description
        self.imageFamily = imageFamily
        self.imageVersion = imageVersion
        self.architecture = architecture
        self.platform = platform
        self.bootMode = bootMode
        self.diskDeviceMappings = diskDeviceMappings
        self.detectionStrategy = detectionStrategy
        self.features = features
        self.secureBootOptions = secureBootOptions
        self.resourceGroupId = resourceGroupId
        self.tags = tags
        self.dryRun = dryRun
        self.clientToken = clientToken
        self.ownerId = ownerId
        self.ownerAccount = ownerAccount
        self.resourceOwnerId = resourceOwnerId
        self.resourceOwnerAccount = resourceOwnerAccount
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case regionId = "RegionId"
        case instanceId = "InstanceId"
        case snapshotId = "SnapshotId"
        case imageName = "ImageName"
        case description = "Description"
        case imageFamily = "ImageFamily"
        case imageVersion = "ImageVersion"
        case architecture = "Architecture"
        case platform = "Platform"
        case bootMode = "BootMode"
        case diskDeviceMappings = "DiskDeviceMapping"
        case detectionStrategy = "DetectionStrategy"
        case features = "Features"
        case secureBootOptions = "SecureBootOptions"
        case resourceGroupId = "ResourceGroupId"
        case tags = "Tag"
        case dryRun = "DryRun"
        case clientToken = "ClientToken"
        case ownerId = "OwnerId"
        case ownerAccount = "OwnerAccount"
        case resourceOwnerId = "ResourceOwnerId"
        case resourceOwnerAccount = "ResourceOwnerAccount"
    }
}
