import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// The tag that links an image or a replacement instance to the instance it recovers.
    public static let sourceTagKey = "spot-recovery:source"
    /// The tag that links a replacement instance to the image it was launched from.
    public static let imageTagKey = "spot-recovery:image"

    /// Images a marked instance and waits until the image is `Available`.
    ///
    /// CreateImage carries a ClientToken derived from the instance and its interruption, so a retry, a
    /// restarted process or a second replica gets the same image back instead of making another. The
    /// image is then watched with DescribeImages and an explicit status filter (the default filter hides
    /// images still being made), backing off from ``SnapshotOptions/initialPollInterval`` to
    /// ``SnapshotOptions/maximumPollInterval``.
    /// - Parameters:
    ///   - notice: The interruption notice.
    ///   - options: Naming, tags, polling and timeout.
    ///   - onProgress: Called each time the progress rises.
    /// - Returns: The available image.
    /// - Throws: ``SpotRecoveryError`` (`imageRequestFailed`, `imageFailed`, `imageTimedOut`), or
    ///   `CancellationError`.
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
    public static func imageClientToken(for notice: RecyclingNotice) -> String {
        // The start time tells apart two interruptions of one instance (with the Stop behaviour an
        // instance can be started and reclaimed again); every replica reads the same value.
        ClientToken.derived(prefix: "sr-img", from: [notice.instanceId, notice.instance?.startTime.map(ECSTimestamp.string(from:)) ?? ""])
    }

    /// Calls CreateImage for a marked instance (retrying while the instance cannot be imaged yet).
    /// - Returns: The image ID (the same one on every call for the same interruption).
    public func requestImage(of notice: RecyclingNotice, options: SnapshotOptions = SnapshotOptions()) async throws -> String {
        var tags = [ECSTag(key: Self.sourceTagKey, value: notice.instanceId), ECSTag(key: Self.imageKindTagKey, value: Self.noticeImageKind)]
        tags.append(contentsOf: options.extraTags)
        var request = CreateImageRequest()
        request.instanceId = notice.instanceId
        request.imageName = options.imageName ?? Self.imageName(for: notice)
        request.imageDescription = options.description
        request.tags = tags
        request.clientToken = Self.imageClientToken(for: notice)
        let giveUpAt = clock.now.addingTimeInterval(options.notReadyPatience.inSeconds)
        var wait = options.initialPollInterval
        while true {
            do {
                let response = try await client.createImage(request)
                logger.info("Image requested", metadata: ["spot.instance": "\(notice.instanceId)", "spot.image": "\(response.imageId)"])
                return response.imageId
            } catch let error as ECSServiceError where error.code == "IncorrectInstanceStatus" && clock.now < giveUpAt {
                logger.debug("Instance cannot be imaged yet; retrying", metadata: ["spot.instance": "\(notice.instanceId)"])
                try await clock.sleep(for: wait)
                wait = min(.seconds(fractional: wait.inSeconds * options.backoffMultiplier), options.maximumPollInterval)
            } catch let error as ECSServiceError where error.isIdempotencyMismatch {
                // Someone recovering the same interruption asked with other options: adopt their image.
                if let existing = try await existingImage(of: notice.instanceId) { return existing }
                throw SpotRecoveryError(
                    kind: .imageRequestFailed, message: "CreateImage refused the ClientToken", instanceId: notice.instanceId, underlying: error,
                    step: .requestingImage)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw SpotRecoveryError(
                    kind: .imageRequestFailed, message: "CreateImage failed", instanceId: notice.instanceId, underlying: error,
                    step: .requestingImage)
            }
        }
    }

    /// The newest notice image tagged as made from `instanceId` that has not failed, if any.
    func existingImage(of instanceId: String) async throws -> String? {
        var request = DescribeImagesRequest()
        request.status = [.creating, .waiting, .available]
        request.imageOwnerAlias = "self"
        request.tags = [ECSTag(key: Self.sourceTagKey, value: instanceId), ECSTag(key: Self.imageKindTagKey, value: Self.noticeImageKind)]
        return try await client.allImages(request).collect().max { ($0.creationTime ?? .distantPast) < ($1.creationTime ?? .distantPast) }?.imageId
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
            let remaining = deadline.timeIntervalSince(clock.now)
            guard remaining > 0 else {
                throw SpotRecoveryError(
                    kind: .imageTimedOut, message: "The image was not available in time (last progress \(max(lastPercent, 0))%)",
                    instanceId: sourceInstanceId, imageId: imageId, step: .waitingForImage)
            }
            try await clock.sleep(for: .seconds(fractional: min(wait.inSeconds, remaining)))
            wait = min(.seconds(fractional: wait.inSeconds * options.backoffMultiplier), options.maximumPollInterval)
        }
    }

    /// `spot-recovery-<instance>[-<start time>]`: the same for everyone who recovers this interruption
    /// (a different name under the same ClientToken would be refused), and a valid ECS image name.
    static func imageName(for notice: RecyclingNotice) -> String {
        guard let start = notice.instance?.startTime else { return "spot-recovery-\(notice.instanceId)" }
        return "spot-recovery-\(notice.instanceId)-" + ECSTimestamp.string(from: start).filter(\.isNumber)
    }
}
