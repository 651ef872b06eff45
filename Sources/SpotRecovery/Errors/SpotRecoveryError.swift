import AliyunECS

/// Why a recovery step could not finish. ``kind`` is an open set; ``underlying`` keeps the ECS or client
/// error that caused it, when there is one.
public struct SpotRecoveryError: Error, Sendable, CustomStringConvertible {
    /// What failed, broadly.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// No watched instance was marked for recycling before the watch's timeout.
        public static let watchTimedOut = Kind(name: "watchTimedOut")
        /// CreateImage was refused.
        public static let imageRequestFailed = Kind(name: "imageRequestFailed")
        /// The image ended `CreateFailed` or `UnAvailable`.
        public static let imageFailed = Kind(name: "imageFailed")
        /// The image was not `Available` before the snapshot timeout.
        public static let imageTimedOut = Kind(name: "imageTimedOut")
        /// Every launch candidate was sold out, unsupported or cooling down.
        public static let noCapacity = Kind(name: "noCapacity")
        /// The spot price limit was refused for every candidate that was not sold out.
        public static let priceRejected = Kind(name: "priceRejected")
        /// RunInstances failed for a reason other than capacity or price.
        public static let launchFailed = Kind(name: "launchFailed")
        /// The source instance's placement is unknown and was not given.
        public static let sourceUnknown = Kind(name: "sourceUnknown")
        /// The new instance did not reach `Running` in time.
        public static let notRunningInTime = Kind(name: "notRunningInTime")
        /// A stop-mode instance could not be started again (for a reason other than stock or price).
        public static let restartFailed = Kind(name: "restartFailed")
        /// Pruning old images or their snapshots failed.
        public static let pruneFailed = Kind(name: "pruneFailed")

        /// The kind's name.
        public var description: String { name }
    }

    /// The step of a recovery that failed.
    public struct Step: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// Reading the interrupted instance's description.
        public static let describingSource = Step(name: "describingSource")
        /// Calling CreateImage.
        public static let requestingImage = Step(name: "requestingImage")
        /// Waiting for the image to be available.
        public static let waitingForImage = Step(name: "waitingForImage")
        /// Ranking launch candidates.
        public static let planning = Step(name: "planning")
        /// Launching the replacement.
        public static let launching = Step(name: "launching")
        /// Waiting for a launched replacement to be `Running` (it exists: see ``SpotRecoveryError/replacementInstanceId``).
        public static let waitingForRunning = Step(name: "waitingForRunning")
        /// Waiting for a stop-mode instance to stop, or starting it again.
        public static let restarting = Step(name: "restarting")
        /// Deleting old images and their snapshots.
        public static let pruning = Step(name: "pruning")
        /// Taking a checkpoint image.
        public static let checkpointing = Step(name: "checkpointing")
        /// The step's name.
        public var description: String { name }
    }

    /// What failed, broadly.
    public var kind: Kind
    /// The step that failed, when the error comes from a recovery.
    public var step: Step?
    /// A readable explanation (free of secrets).
    public var message: String
    /// The instance being recovered.
    public var instanceId: String?
    /// The image involved, if any.
    public var imageId: String?
    /// The ECS or client error behind this one.
    public var underlying: (any Error)?
    /// For launches: what each candidate answered.
    public var attempts: [CandidateAttempt]
    /// A replacement that was launched although the recovery did not finish (it was not `Running` in time).
    public var replacementInstanceId: String?

    /// Creates an error.
    public init(
        kind: Kind, message: String, instanceId: String? = nil, imageId: String? = nil,
        underlying: (any Error)? = nil, attempts: [CandidateAttempt] = [], step: Step? = nil, replacementInstanceId: String? = nil
    ) {
        self.kind = kind
        self.step = step
        self.message = message
        self.instanceId = instanceId
        self.imageId = imageId
        self.underlying = underlying
        self.attempts = attempts
        self.replacementInstanceId = replacementInstanceId
    }

    /// One line: kind, message, instance, image and the cause.
    public var description: String {
        var text = step.map { "\(kind) while \($0): \(message)" } ?? "\(kind): \(message)"
        if let instanceId { text += " [instance \(instanceId)]" }
        if let imageId { text += " [image \(imageId)]" }
        if let replacementInstanceId { text += " [replacement \(replacementInstanceId)]" }
        if let underlying { text += " — caused by \(underlying)" }
        return text
    }
}
