import Foundation

/// What happened to one interruption, as facts with times: when ECS marked and released the instance, when
/// the flow noticed, what it imaged, what the workload came back from and when it ran, or how the flow
/// said it failed. ``RecoveryAccounting`` turns it into an outcome.
public struct InterruptionTimeline: Sendable, Hashable {
    /// The notice image: the image the flow asked for after the mark.
    public struct NoticeImage: Sendable, Hashable {
        /// When CreateImage took effect: the state it captures.
        public var createdAt: Date
        /// When it became `Available`, if it did.
        public var availableAt: Date?
        /// When it failed, if it did.
        public var failedAt: Date?

        /// Creates a record.
        public init(createdAt: Date, availableAt: Date? = nil, failedAt: Date? = nil) {
            self.createdAt = createdAt
            self.availableAt = availableAt
            self.failedAt = failedAt
        }
    }

    /// What the workload runs again from, and when it is `Running`.
    public enum Resumption: Sendable, Hashable {
        /// A replacement launched from the notice image (or from an image of the stopped instance).
        case noticeImage(createdAt: Date, runningAt: Date)
        /// A replacement launched from a checkpoint image.
        case checkpoint(createdAt: Date, runningAt: Date)
        /// The same instance, started again with its disks (stop mode).
        case restartedInPlace(runningAt: Date)

        /// When the workload runs again.
        public var runningAt: Date {
            switch self {
            case .noticeImage(_, let runningAt), .checkpoint(_, let runningAt), .restartedInPlace(let runningAt): runningAt
            }
        }
    }

    /// How the flow itself said the recovery ended, when it failed.
    public enum FlowFailure: Sendable, Hashable {
        /// CreateImage was refused (after the flow's retries, if it retries).
        case imageRequestRefused
        /// The image failed or was not available in time.
        case imageFailed
        /// No candidate had capacity (or every one refused the price).
        case noCapacity
        /// Another call was refused or lost (after the flow's retries, if it retries).
        case callFailed
        /// Stop mode could not start the instance again, nor image and relaunch it.
        case restartFailed
        /// Anything else, in words.
        case other(String)
    }

    /// When the `Recycling` lock appeared.
    public var markedAt: Date
    /// When ECS released the instance (or, with the `Stop` behaviour, stopped it).
    public var releasedAt: Date
    /// When the flow noticed the mark, if it did.
    public var detectedAt: Date?
    /// When the flow sent CreateImage for the notice image (its first attempt), if it did.
    public var createImageSentAt: Date?
    /// The notice image, if one was made.
    public var noticeImage: NoticeImage?
    /// What the workload came back from, if it did.
    public var resumption: Resumption?
    /// How the flow said it failed, if it did.
    public var failure: FlowFailure?

    /// Creates a timeline.
    public init(
        markedAt: Date, releasedAt: Date, detectedAt: Date? = nil, createImageSentAt: Date? = nil,
        noticeImage: NoticeImage? = nil, resumption: Resumption? = nil, failure: FlowFailure? = nil
    ) {
        self.markedAt = markedAt
        self.releasedAt = releasedAt
        self.detectedAt = detectedAt
        self.createImageSentAt = createImageSentAt
        self.noticeImage = noticeImage
        self.resumption = resumption
        self.failure = failure
    }
}
