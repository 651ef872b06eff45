/// Lists the images available in a region, narrowed by ID, state, owner, tags and more (`DescribeImages`).
///
/// Every filter is optional and results come a page at a time (``pageNumber`` / ``pageSize``).
///
/// - Important: With ``status`` left `nil`, ECS reports only `Available` images. To follow an image
///   that ``CreateImageRequest`` just started, ask for the states you care about, e.g.
///   `DescribeImagesRequest(imageId: id, status: ImageStatus.allStates)`.
public struct DescribeImagesRequest: ECSRequest, Hashable {
    /// The decoded answer.
    public typealias Response = DescribeImagesResponse
    /// `DescribeImages`.
    public static let action = "DescribeImages"

    // MARK: Common filters

    /// The region whose images to list, e.g. `cn-hangzhou`; the client fills in its own region when this is `nil`.
    public var regionId: String?
    /// Only the image with this ID, e.g. `m-bp1…` for a custom image.
    public var imageId: String?
    /// Only images in one of these states, sent as one comma-separated value (`Creating,Available`).
    ///
    /// When `nil`, ECS returns **only `Available` images**, so an image still being created stays
    /// invisible. Code waiting for a new image must pass the states it wants, such as
    /// ``ImageStatus/allStates``. ECS also accepts the single value `ALL`, which cannot be combined with others.
    @CommaSeparatedParameter<ImageStatus> public var status: [ImageStatus]?
    /// Only images whose name contains this text (a fuzzy match).
    public var imageName: String?
    /// Only images from this source: `system` (Alibaba Cloud), `self` (your own), `others`
    /// (shared with you or community images) or `marketplace`.
    public var imageOwnerAlias: String?
    /// Only images carrying all of these tags (up to 20); a tag without a value matches any value.
    public var tags: [Tag]?

    // MARK: Paging

    /// The page to return, from 1; ECS uses 1 when unset.
    public var pageNumber: Int?
    /// Images per page, at most 100; ECS uses 10 when unset.
    public var pageSize: Int?

    // MARK: Other filters

    /// Extra key/value filters, such as a creation-time window.
    public var filters: [Filter]?
    /// Only images in this image family.
    public var imageFamily: String?
    /// Only images owned by this Alibaba Cloud account ID; used with shared or community images.
    public var imageOwnerId: Int?
    /// Only the custom images built from this snapshot.
    public var snapshotId: String?
    /// Only images that can run on this instance type, e.g. `ecs.g7.large`.
    public var instanceType: String?
    /// Only images of this architecture: `i386`, `x86_64` or `arm64`.
    public var architecture: String?
    /// Only images of this operating system family: `linux` or `windows`.
    public var osType: String?
    /// What the image is wanted for: `CreateEcs` (launching instances, the default) or `ChangeOS` (replacing a system disk).
    public var actionType: String?
    /// Only images in use by instances (`instance`) or unused ones (`none`).
    public var usage: String?
    /// Only images that can launch instances right now (`true`).
    public var usable: Bool?
    /// `true` lists published community images (requires ``imageOwnerAlias`` `others`); `false` excludes them.
    public var isPublic: Bool?
    /// Only images that do (or do not) support cloud-init.
    public var isSupportCloudinit: Bool?
    /// Only images that can (or cannot) run on I/O optimized instances.
    public var isSupportIoOptimized: Bool?
    /// Whether to include subscription images whose usage period has ended.
    public var showExpired: Bool?
    /// Only custom images in this resource group (the default group cannot be used as a filter).
    public var resourceGroupId: String?
    /// Checks permissions and parameters without listing anything.
    public var dryRun: Bool?
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
        imageId: String? = nil,
        status: [ImageStatus]? = nil,
        imageName: String? = nil,
        imageOwnerAlias: String? = nil,
        tags: [Tag]? = nil,
        pageNumber: Int? = nil,
        pageSize: Int? = nil,
        filters: [Filter]? = nil,
        imageFamily: String? = nil,
        imageOwnerId: Int? = nil,
        snapshotId: String? = nil,
        instanceType: String? = nil,
        architecture: String? = nil,
        osType: String? = nil,
        actionType: String? = nil,
        usage: String? = nil,
        usable: Bool? = nil,
        isPublic: Bool? = nil,
        isSupportCloudinit: Bool? = nil,
        isSupportIoOptimized: Bool? = nil,
        showExpired: Bool? = nil,
        resourceGroupId: String? = nil,
        dryRun: Bool? = nil,
        ownerId: Int? = nil,
        ownerAccount: String? = nil,
        resourceOwnerId: Int? = nil,
        resourceOwnerAccount: String? = nil
    ) {
        self.regionId = regionId
        self.imageId = imageId
        self.status = status
        self.imageName = imageName
        self.imageOwnerAlias = imageOwnerAlias
        self.tags = tags
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.filters = filters
        self.imageFamily = imageFamily
        self.imageOwnerId = imageOwnerId
        self.snapshotId = snapshotId
        self.instanceType = instanceType
        self.architecture = architecture
        self.osType = osType
        self.actionType = actionType
        self.usage = usage
        self.usable = usable
        self.isPublic = isPublic
        self.isSupportCloudinit = isSupportCloudinit
        self.isSupportIoOptimized = isSupportIoOptimized
        self.showExpired = showExpired
        self.resourceGroupId = resourceGroupId
        self.dryRun = dryRun
        self.ownerId = ownerId
        self.ownerAccount = ownerAccount
        self.resourceOwnerId = resourceOwnerId
        self.resourceOwnerAccount = resourceOwnerAccount
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case regionId = "RegionId"
        case imageId = "ImageId"
        case status = "Status"
        case imageName = "ImageName"
        case imageOwnerAlias = "ImageOwnerAlias"
        case tags = "Tag"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
        case filters = "Filter"
        case imageFamily = "ImageFamily"
        case imageOwnerId = "ImageOwnerId"
        case snapshotId = "SnapshotId"
        case instanceType = "InstanceType"
        case architecture = "Architecture"
        case osType = "OSType"
        case actionType = "ActionType"
        case usage = "Usage"
        case usable = "Usable"
        case isPublic = "IsPublic"
        case isSupportCloudinit = "IsSupportCloudinit"
        case isSupportIoOptimized = "IsSupportIoOptimized"
        case showExpired = "ShowExpired"
        case resourceGroupId = "ResourceGroupId"
        case dryRun = "DryRun"
        case ownerId = "OwnerId"
        case ownerAccount = "OwnerAccount"
        case resourceOwnerId = "ResourceOwnerId"
        case resourceOwnerAccount = "ResourceOwnerAccount"
    }
}
