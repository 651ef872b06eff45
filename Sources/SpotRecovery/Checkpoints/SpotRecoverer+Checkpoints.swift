import AliyunECS
import Foundation

extension SpotRecoverer {
    /// The checkpoint period `time` falls in, for a schedule of `interval`: the number of whole intervals
    /// since 1970, so every replica computes the same one.
    public static func checkpointPeriod(at time: Date, interval: Duration) -> Int64 {
        Int64((time.timeIntervalSince1970 / max(interval.inSeconds, 1)).rounded(.down))
    }

    /// The idempotency token of one instance's checkpoint in one period: the same for every replica and
    /// every retry, so each period makes one image per instance.
    public static func checkpointClientToken(instanceId: String, period: Int64) -> String {
        ClientToken.derived(prefix: "sr-ckpt", from: [instanceId, String(period)])
    }

    /// Images one instance as the checkpoint of `period` (CreateImage with a ClientToken derived from the
    /// instance and the period, and tags naming the source and the kind). Returns at once; the image is
    /// made in the background.
    /// - Returns: The image ID (the same on every call for this instance and period).
    public func checkpoint(instanceId: String, period: Int64, interval: Duration) async throws -> String {
        try await checkpoint(instanceId: instanceId, specification: nil, period: period, interval: interval)
    }

    /// A checkpoint whose tags also carry the source's launch specification (when given), so that it can
    /// be relaunched faithfully after the source is gone.
    func checkpoint(instanceId: String, specification: LaunchSpecification?, period: Int64, interval: Duration) async throws -> String {
        let start = Date(timeIntervalSince1970: Double(period) * max(interval.inSeconds, 1))
        var request = CreateImageRequest()
        request.instanceId = instanceId
        request.imageName = "spot-recovery-ckpt-\(instanceId)-\(Self.compactTime(start))"
        request.imageDescription = "Checkpoint of \(instanceId) taken by SpotRecovery"
        var tags = [
            ECSTag(key: Self.sourceTagKey, value: instanceId),
            ECSTag(key: Self.imageKindTagKey, value: Self.checkpointImageKind),
        ]
        tags += specification?.imageTags(budget: Self.tagLimit - tags.count) ?? []
        request.tags = tags
        request.clientToken = Self.checkpointClientToken(instanceId: instanceId, period: period)
        do {
            return try await client.createImage(request).imageId
        } catch let error as CancellationError {
            throw error
        } catch {
            throw SpotRecoveryError(
                kind: .imageRequestFailed, message: "CreateImage failed for a checkpoint", instanceId: instanceId, underlying: error,
                step: .checkpointing)
        }
    }

    /// Takes the current period's checkpoint of every running instance of `target` (not those already
    /// marked for recycling: their notice image is under way, and a second image would only compete with
    /// it), and, with a retention policy, prunes each one's older images.
    /// - Returns: One event per instance (image requested, failed, pruned).
    public func checkpointFleet(_ target: WatchTarget, interval: Duration, retention: RetentionPolicy? = nil) async throws -> [CheckpointEvent] {
        let period = Self.checkpointPeriod(at: clock.now, interval: interval)
        var events: [CheckpointEvent] = []
        for instance in try await members(of: target) where instance.status == .running && !instance.isMarkedForRecycling {
            do {
                let specification = await specifications.specification(for: instance)
                let imageId = try await checkpoint(instanceId: instance.instanceId, specification: specification, period: period, interval: interval)
                events.append(CheckpointEvent(time: clock.now, instanceId: instance.instanceId, kind: .imageRequested(imageId: imageId, period: period)))
                if let retention {
                    let report = try await prune(sourceInstanceId: instance.instanceId, retention: retention)
                    events.append(CheckpointEvent(time: clock.now, instanceId: instance.instanceId, kind: .pruned(report)))
                }
            } catch let error as SpotRecoveryError {
                events.append(CheckpointEvent(time: clock.now, instanceId: instance.instanceId, kind: .failed(error)))
            }
        }
        return events
    }

    /// Runs the checkpoint schedule until the task is cancelled: at the start of every period, each running
    /// instance of `target` is imaged once (and its older images pruned, with a retention policy). A failed
    /// checkpoint is reported and tried again next period; nothing short of cancellation stops the schedule.
    public func runCheckpoints(
        _ target: WatchTarget, every interval: Duration, retention: RetentionPolicy? = nil,
        onEvent: @escaping @Sendable (CheckpointEvent) -> Void
    ) async throws {
        while true {
            try Task.checkCancellation()
            do {
                for event in try await checkpointFleet(target, interval: interval, retention: retention) { onEvent(event) }
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.warning("Checkpoint round failed; trying again next period", metadata: ["spot.error": "\(error)"])
            }
            let next = Double(Self.checkpointPeriod(at: clock.now, interval: interval) + 1) * max(interval.inSeconds, 1)
            try await clock.sleep(for: .seconds(fractional: max(next - clock.now.timeIntervalSince1970, 0.001)))
        }
    }

    /// The newest `Available` checkpoint image of an instance, if any.
    public func newestCheckpoint(of instanceId: String) async throws -> ECSImage? {
        var request = DescribeImagesRequest()
        request.imageOwnerAlias = "self"
        request.status = [.available]
        request.tags = [ECSTag(key: Self.sourceTagKey, value: instanceId), ECSTag(key: Self.imageKindTagKey, value: Self.checkpointImageKind)]
        return try await client.allImages(request).collect().max { ($0.creationTime ?? .distantPast) < ($1.creationTime ?? .distantPast) }
    }

    /// Deletes a source's older SpotRecovery images and their snapshots, keeping the newest
    /// ``RetentionPolicy/keep`` available ones.
    ///
    /// Only images tagged as made by SpotRecovery from `sourceInstanceId` are considered. Never deleted: the
    /// newest ones kept, images still being made, and images a live instance was launched from. Failed
    /// images go. For each image deleted, its snapshot IDs are read first, then the image is deleted, then
    /// each snapshot (ECS refuses to delete a snapshot while its image exists, and DeleteImage leaves the
    /// snapshots billed). A missing image or snapshot counts as deleted; anything else that fails is
    /// reported and left for the next prune.
    public func prune(sourceInstanceId: String, retention: RetentionPolicy) async throws -> PruneReport {
        var report = PruneReport(sourceInstanceId: sourceInstanceId)
        var request = DescribeImagesRequest()
        request.imageOwnerAlias = "self"
        request.status = ImageStatus.allStates
        request.tags = [ECSTag(key: Self.sourceTagKey, value: sourceInstanceId)]
        let images: [ECSImage]
        do {
            images = try await client.allImages(request).collect()
                .sorted { ($0.creationTime ?? .distantPast) > ($1.creationTime ?? .distantPast) }
        } catch let error as CancellationError {
            throw error
        } catch {
            throw SpotRecoveryError(kind: .pruneFailed, message: "DescribeImages failed", instanceId: sourceInstanceId, underlying: error, step: .pruning)
        }
        var availableKept = 0
        for image in images {
            let status = image.status ?? .creating
            if status == .available, availableKept < retention.keep {
                availableKept += 1
                report.kept.append(image.imageId)
                continue
            }
            if !(status == .available || status.isFailure) {
                report.kept.append(image.imageId)   // still being made
                continue
            }
            do {
                if try await isInUse(image.imageId) {
                    report.kept.append(image.imageId)
                    continue
                }
                try await delete(image, into: &report)
            } catch let error as CancellationError {
                throw error
            } catch {
                report.failures.append("\(image.imageId): \(Self.reason(error))")
            }
        }
        logger.info("Images pruned", metadata: ["spot.instance": "\(sourceInstanceId)", "spot.report": "\(report)"])
        return report
    }

    /// Whether a live instance was launched from the image.
    private func isInUse(_ imageId: String) async throws -> Bool {
        var request = DescribeInstancesRequest()
        request.imageId = imageId
        request.maxResults = 10
        return try await !client.describeInstances(request).instances.isEmpty
    }

    /// Deletes an image, then its snapshots; missing ones count as deleted. The snapshots are tagged with
    /// their image first, so that one whose deletion fails is found and deleted later
    /// (``deleteOrphanedSnapshots()``), even though its image is gone.
    private func delete(_ image: ECSImage, into report: inout PruneReport) async throws {
        let snapshotIds = image.diskDeviceMappings.compactMap(\.snapshotId).filter { !$0.isEmpty }
        if !snapshotIds.isEmpty {
            do {
                _ = try await client.tagResources(TagResourcesRequest(
                    resourceIds: snapshotIds, resourceType: "snapshot", tags: [ECSTag(key: Self.snapshotOfTagKey, value: image.imageId)]))
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.warning("Could not tag the image's snapshots before deleting it", metadata: ["spot.image": "\(image.imageId)", "spot.error": "\(error)"])
            }
        }
        do {
            _ = try await client.deleteImage(DeleteImageRequest(imageId: image.imageId))
        } catch let error as ECSServiceError where error.code.hasPrefix("InvalidImageId.NotFound") {
            // Already gone.
        }
        report.deletedImages.append(image.imageId)
        for snapshotId in snapshotIds {
            do {
                _ = try await client.deleteSnapshot(DeleteSnapshotRequest(snapshotId: snapshotId))
                report.deletedSnapshots.append(snapshotId)
            } catch let error as ECSServiceError where error.code.hasPrefix("InvalidSnapshotId.NotFound") {
                report.deletedSnapshots.append(snapshotId)
            } catch let error as CancellationError {
                throw error
            } catch {
                report.failures.append("\(snapshotId): \(Self.reason(error))")
            }
        }
    }

    /// The instances of a watch target, described.
    package func members(of target: WatchTarget) async throws -> [ECSInstance] {
        switch target.selection {
        case .instances(let ids):
            var found: [ECSInstance] = []
            for start in stride(from: 0, to: ids.count, by: 100) {
                let batch = Array(ids[start..<min(start + 100, ids.count)])
                found += try await client.describeInstances(DescribeInstancesRequest(instanceIds: batch)).instances
            }
            return found
        case .tag(let key, let value):
            var request = DescribeInstancesRequest()
            request.tags = [ECSTag(key: key, value: value)]
            return try await client.allInstances(request).collect()
        }
    }

    static func reason(_ error: any Error) -> String {
        if let service = error as? ECSServiceError { return service.code }
        return "\(error)"
    }

    /// `yyyyMMddHHmm` in UTC, for image names.
    static func compactTime(_ date: Date) -> String {
        String(ECSTimestamp.string(from: date).filter(\.isASCIIDigitCharacter).prefix(12))
    }
}

/// One step of the checkpoint schedule, as ``SpotRecoverer/runCheckpoints(_:every:retention:onEvent:)`` reports it.
public struct CheckpointEvent: Sendable, CustomStringConvertible {
    /// What happened.
    public enum Kind: Sendable {
        /// CreateImage accepted the checkpoint of `period`.
        case imageRequested(imageId: String, period: Int64)
        /// The instance's older images were pruned.
        case pruned(PruneReport)
        /// The checkpoint (or the prune) failed; the next period tries again.
        case failed(SpotRecoveryError)
    }

    /// When it happened.
    public var time: Date
    /// The instance.
    public var instanceId: String
    /// What happened.
    public var kind: Kind

    /// One readable line: time, instance and ``summary``.
    public var description: String {
        "\(ECSTimestamp.string(from: time)) \(instanceId) \(summary)"
    }

    /// What happened, in words, without the time and the instance.
    public var summary: String {
        switch kind {
        case .imageRequested(let imageId, let period): "checkpoint \(imageId) (period \(period))"
        case .pruned(let report): "pruned: \(report)"
        case .failed(let error): "checkpoint failed: \(error)"
        }
    }
}
