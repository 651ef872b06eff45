import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// Images a marked instance and waits until the image is `Available`.
    ///
    /// CreateImage carries a ClientToken derived from the interruption (``InterruptionIdentity``), so a
    /// retry, a restarted process or a second replica gets the same image back instead of making another.
    /// The image carries tags naming its source, its interruption, when it was first noticed, and the
    /// source's launch specification, so that a replacement can be launched from it after the source is
    /// gone. It is then watched with DescribeImages and an explicit status filter (the default filter hides
    /// images still being made), backing off from ``SnapshotOptions/initialPollInterval`` to
    /// ``SnapshotOptions/maximumPollInterval``.
    /// - Parameters:
    ///   - notice: The interruption notice.
    ///   - options: Naming, tags, polling and timeout.
    ///   - onProgress: Called each time the progress rises.
    /// - Returns: The available image.
    /// - Throws: ``SpotRecoveryError`` (`sourceUnknown`, `imageRequestFailed`, `imageFailed`, `imageTimedOut`),
    ///   or `CancellationError`.
    public func snapshotImage(
        of notice: RecyclingNotice, options: SnapshotOptions = SnapshotOptions(),
        onProgress: @Sendable (ImageProgress) -> Void = { _ in }
    ) async throws -> ECSImage {
        let started = clock.now
        let imageId = try await requestImage(of: notice, options: options)
        let remaining = options.timeout.inSeconds - clock.now.timeIntervalSince(started)
        return try await waitForImage(
            imageId, sourceInstanceId: notice.instanceId, options: options,
            timeout: .seconds(fractional: max(remaining, 0)), onProgress: onProgress)
    }

    /// The idempotency token of the image of one interruption: the same for everyone who recovers it.
    public static func imageClientToken(for identity: InterruptionIdentity) -> String {
        // The start time tells apart two interruptions of one instance (with the Stop behaviour an
        // instance can be started and reclaimed again); every replica reads the same value.
        ClientToken.derived(prefix: "sr-img", from: [identity.instanceId, ECSTimestamp.string(from: identity.startTime)])
    }

    /// Calls CreateImage for a marked instance (retrying while the instance cannot be imaged yet). The
    /// instance is described first when the notice does not carry its description: the image's token is
    /// derived from its start time, never guessed.
    /// - Returns: The image ID (the same one on every call for the same interruption).
    public func requestImage(of notice: RecyclingNotice, options: SnapshotOptions = SnapshotOptions()) async throws -> String {
        let source = try await describedSource(of: notice)
        guard let identity = InterruptionIdentity(source) else {
            throw SpotRecoveryError(
                kind: .sourceUnknown, message: "The instance's description has no start time", instanceId: notice.instanceId,
                step: .describingSource)
        }
        let specification = await specifications.specification(for: source)
        return try await requestImage(
            identity: identity, specification: specification, noticedAt: notice.markedAt ?? notice.detectedAt, options: options,
            keptTagKeys: [])
    }

    /// The notice's description of its instance, or a fresh one.
    func describedSource(of notice: RecyclingNotice) async throws -> ECSInstance {
        if let instance = notice.instance, instance.startTime != nil || instance.creationTime != nil { return instance }
        guard let fetched = try await describe(notice.instanceId, failure: .sourceUnknown, step: .describingSource) else {
            throw SpotRecoveryError(
                kind: .sourceUnknown, message: "The instance no longer exists", instanceId: notice.instanceId, step: .describingSource)
        }
        return fetched
    }

    /// CreateImage for one interruption, tagged with its identity, when it was noticed, and the source's
    /// launch specification (within ECS's 20 tags; `keptTagKeys` are the last of the source's tags left out).
    func requestImage(
        identity: InterruptionIdentity, specification: LaunchSpecification, noticedAt: Date, options: SnapshotOptions,
        keptTagKeys: Set<String>
    ) async throws -> String {
        var tags = [
            ECSTag(key: Self.sourceTagKey, value: identity.instanceId), ECSTag(key: Self.imageKindTagKey, value: Self.noticeImageKind),
            ECSTag(key: Self.interruptionTagKey, value: identity.key),
            ECSTag(key: Self.noticedTagKey, value: String(Int64(noticedAt.timeIntervalSince1970))),
        ]
        tags += options.extraTags
        tags += specification.imageTags(budget: Self.tagLimit - tags.count, keeping: keptTagKeys)
        var request = CreateImageRequest()
        request.instanceId = identity.instanceId
        request.imageName = options.imageName ?? Self.imageName(for: identity)
        request.imageDescription = options.description
        request.tags = tags
        request.clientToken = Self.imageClientToken(for: identity)
        let giveUpAt = clock.now.addingTimeInterval(options.notReadyPatience.inSeconds)
        var wait = options.initialPollInterval
        while true {
            do {
                let response = try await client.createImage(request)
                logger.info("Image requested", metadata: ["spot.instance": "\(identity.instanceId)", "spot.image": "\(response.imageId)"])
                return response.imageId
            } catch let error as ECSServiceError where error.code == "IncorrectInstanceStatus" && clock.now < giveUpAt {
                logger.debug("Instance cannot be imaged yet; retrying", metadata: ["spot.instance": "\(identity.instanceId)"])
                try await clock.sleep(for: wait)
                wait = min(.seconds(fractional: wait.inSeconds * options.backoffMultiplier), options.maximumPollInterval)
            } catch let error as ECSServiceError where error.isIdempotencyMismatch {
                // Someone recovering the same interruption asked with other tags (their own notice time, say):
                // adopt their image.
                if let existing = try await noticeImage(of: identity) { return existing.imageId }
                throw SpotRecoveryError(
                    kind: .imageRequestFailed, message: "CreateImage refused the ClientToken", instanceId: identity.instanceId, underlying: error,
                    step: .requestingImage)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw SpotRecoveryError(
                    kind: .imageRequestFailed, message: "CreateImage failed", instanceId: identity.instanceId, underlying: error,
                    step: .requestingImage)
            }
        }
    }

    /// The notice image of an interruption, in any state, if one exists.
    func noticeImage(of identity: InterruptionIdentity) async throws -> ECSImage? {
        var request = DescribeImagesRequest()
        request.status = ImageStatus.allStates
        request.imageOwnerAlias = "self"
        request.tags = [ECSTag(key: Self.interruptionTagKey, value: identity.key), ECSTag(key: Self.imageKindTagKey, value: Self.noticeImageKind)]
        return try await client.allImages(request).collect().max { ($0.creationTime ?? .distantPast) < ($1.creationTime ?? .distantPast) }
    }

    /// Waits until an image is `Available`, reporting its progress as it rises.
    /// - Parameters:
    ///   - imageId: The image.
    ///   - sourceInstanceId: The instance it is made from (for reports and errors).
    ///   - options: Polling.
    ///   - timeout: The longest to wait; `nil` for ``SnapshotOptions/timeout``.
    ///   - onProgress: Called each time the progress rises.
    /// - Returns: The available image.
    public func waitForImage(
        _ imageId: String, sourceInstanceId: String, options: SnapshotOptions = SnapshotOptions(),
        timeout: Duration? = nil, onProgress: @Sendable (ImageProgress) -> Void = { _ in }
    ) async throws -> ECSImage {
        let deadline = clock.now.addingTimeInterval((timeout ?? options.timeout).inSeconds)
        return try await waitForImage(imageId, sourceInstanceId: sourceInstanceId, options: options, deadline: { _ in deadline }, onProgress: onProgress)
    }

    /// Waits until an image is `Available`, at most until `deadline` says, which is asked again with every
    /// look at the image (a notice image's tags say when its interruption was first noticed).
    func waitForImage(
        _ imageId: String, sourceInstanceId: String, options: SnapshotOptions, deadline: (ECSImage?) -> Date,
        onProgress: @Sendable (ImageProgress) -> Void
    ) async throws -> ECSImage {
        var until = deadline(nil)
        // Every state, not the default filter, which shows only images that are already available.
        var request = DescribeImagesRequest()
        request.imageId = imageId
        request.status = ImageStatus.allStates
        request.pageSize = 10
        var wait = options.initialPollInterval
        var lastPercent = -1
        while true {
            try Task.checkCancellation()
            do {
                if let image = try await client.describeImages(request).images.first(where: { $0.imageId == imageId }) {
                    until = deadline(image)
                    let status = image.status ?? .creating
                    let percent = status == .available ? 100 : (image.progressPercent ?? max(lastPercent, 0))
                    if percent > lastPercent {
                        lastPercent = percent
                        onProgress(ImageProgress(imageId: imageId, sourceInstanceId: sourceInstanceId, status: status, percent: percent, observedAt: clock.now))
                    }
                    if status == .available { return image }
                    if status.isFailure {
                        throw SpotRecoveryError(
                            kind: .imageFailed, message: "The image ended \(status) at \(percent)%",
                            instanceId: sourceInstanceId, imageId: imageId, step: .waitingForImage)
                    }
                }
            } catch let error as SpotRecoveryError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                // A poll that failed after the client's own retries: keep waiting unless it cannot get better.
                guard client.configuration.retryPolicy.isRetryable(error) else {
                    throw SpotRecoveryError(
                        kind: .imageFailed, message: "DescribeImages failed", instanceId: sourceInstanceId, imageId: imageId, underlying: error,
                        step: .waitingForImage)
                }
                logger.warning("Image poll failed; will look again", metadata: ["spot.image": "\(imageId)", "spot.error": "\(error)"])
            }
            let remaining = until.timeIntervalSince(clock.now)
            guard remaining > 0 else {
                throw SpotRecoveryError(
                    kind: .imageTimedOut, message: "The image was not available in time (last progress \(max(lastPercent, 0))%)",
                    instanceId: sourceInstanceId, imageId: imageId, step: .waitingForImage)
            }
            try await clock.sleep(for: .seconds(fractional: min(wait.inSeconds, remaining)))
            wait = min(.seconds(fractional: wait.inSeconds * options.backoffMultiplier), options.maximumPollInterval)
        }
    }

    /// `spot-recovery-<instance>-<start time>`: the same for everyone who recovers this interruption (a
    /// different name under the same ClientToken would be refused), and a valid ECS image name.
    static func imageName(for identity: InterruptionIdentity) -> String {
        "spot-recovery-\(identity.instanceId)-" + ECSTimestamp.string(from: identity.startTime).filter(\.isNumber)
    }
}
