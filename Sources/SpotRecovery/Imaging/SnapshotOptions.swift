import AliyunECS
import Foundation

/// How an instance is imaged and how the image is waited for.
public struct SnapshotOptions: Sendable, Hashable {
    /// The image name; `nil` derives a unique one from the instance (`spot-recovery-<instance>-<start time>`).
    public var imageName: String?
    /// The image description.
    public var description: String
    /// Tags added to the image besides `spot-recovery:source`.
    public var extraTags: [ECSTag]
    /// The first wait between two looks at the image. Default: 2 seconds.
    public var initialPollInterval: Duration
    /// The longest wait between two looks. Default: 30 seconds.
    public var maximumPollInterval: Duration
    /// How much each wait grows over the last one. Default: 1.5.
    public var backoffMultiplier: Double
    /// The longest the whole snapshot may take, request and wait. Default: one hour.
    public var timeout: Duration
    /// How long CreateImage is retried while the instance is in a state that cannot be imaged
    /// (`Pending`, `Starting`, `Stopping`). Default: 2 minutes.
    public var notReadyPatience: Duration

    /// Creates options.
    public init(
        imageName: String? = nil,
        description: String = "Created by SpotRecovery after a spot interruption notice",
        extraTags: [ECSTag] = [],
        initialPollInterval: Duration = .seconds(2),
        maximumPollInterval: Duration = .seconds(30),
        backoffMultiplier: Double = 1.5,
        timeout: Duration = .seconds(3600),
        notReadyPatience: Duration = .seconds(120)
    ) {
        self.imageName = imageName
        self.description = description
        self.extraTags = extraTags
        self.initialPollInterval = initialPollInterval
        self.maximumPollInterval = maximumPollInterval
        self.backoffMultiplier = max(1, backoffMultiplier)
        self.timeout = timeout
        self.notReadyPatience = notReadyPatience
    }
}

/// How far an image has come.
public struct ImageProgress: Sendable, Hashable {
    /// The image.
    public var imageId: String
    /// The instance it is made from.
    public var sourceInstanceId: String
    /// Its state.
    public var status: ImageStatus
    /// Its progress, 0 to 100.
    public var percent: Int
    /// When this was observed.
    public var observedAt: Date

    /// Creates a progress report.
    public init(imageId: String, sourceInstanceId: String, status: ImageStatus, percent: Int, observedAt: Date) {
        self.imageId = imageId
        self.sourceInstanceId = sourceInstanceId
        self.status = status
        self.percent = percent
        self.observedAt = observedAt
    }
}
