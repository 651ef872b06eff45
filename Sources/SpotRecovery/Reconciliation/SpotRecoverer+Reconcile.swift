import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// The recoveries of `target`'s instances that were cut short: notice images made within `window`
    /// whose source ECS has released and which have no live replacement (and are not marked replaced).
    /// Images SpotRecovery did not tag are never considered.
    ///
    /// Costs one DescribeImages (paged), one DescribeInstances per 100 sources, and one DescribeInstances
    /// per image found without a replacement.
    /// - Parameters:
    ///   - target: The fleet: an image belongs to it when its source was listed, or carried the tag.
    ///   - window: How far back to look. Default: one day.
    public func findUnfinishedRecoveries(_ target: WatchTarget, window: Duration = .seconds(86_400)) async throws -> [UnfinishedRecovery] {
        var request = DescribeImagesRequest()
        request.imageOwnerAlias = "self"
        request.status = ImageStatus.allStates
        request.tags = [ECSTag(key: Self.imageKindTagKey, value: Self.noticeImageKind)]
        let horizon = clock.now.addingTimeInterval(-window.inSeconds)
        let images = try await client.allImages(request).collect().filter { ($0.creationTime ?? clock.now) >= horizon }
        return try await unfinished(among: images, target: target)
    }

    /// The unfinished recovery of an instance ECS has released, if its notice image waits for a replacement.
    public func findUnfinishedRecovery(ofReleased instanceId: String) async throws -> UnfinishedRecovery? {
        var request = DescribeImagesRequest()
        request.imageOwnerAlias = "self"
        request.status = ImageStatus.allStates
        request.tags = [ECSTag(key: Self.sourceTagKey, value: instanceId), ECSTag(key: Self.imageKindTagKey, value: Self.noticeImageKind)]
        return try await unfinished(among: client.allImages(request).collect(), target: nil).first
    }

    /// The newest unreplaced notice image of each interruption whose source is gone and which has no
    /// live replacement, in `target` when one is given.
    private func unfinished(among images: [ECSImage], target: WatchTarget?) async throws -> [UnfinishedRecovery] {
        var newest: [InterruptionIdentity: ECSImage] = [:]
        for image in images {
            guard let key = image.tags.first(where: { $0.key == Self.interruptionTagKey })?.value,
                  let identity = InterruptionIdentity(key: key),
                  !image.tags.contains(where: { $0.key == Self.replacementTagKey }) else { continue }
            if let known = newest[identity], (known.creationTime ?? .distantPast) >= (image.creationTime ?? .distantPast) { continue }
            newest[identity] = image
        }
        guard !newest.isEmpty else { return [] }
        let alive = try await liveInstanceIds(Set(newest.keys.map(\.instanceId)).sorted())
        var found: [UnfinishedRecovery] = []
        for (identity, image) in newest.sorted(by: { $0.key.key < $1.key.key }) where !alive.contains(identity.instanceId) {
            let noticed = image.tags.first { $0.key == Self.noticedTagKey }.flatMap { Double($0.value) }.map { Date(timeIntervalSince1970: $0) }
            let candidate = UnfinishedRecovery(
                identity: identity, image: image, specification: await specification(ofReleased: identity.instanceId, image: image),
                noticedAt: noticed)
            if let target, !candidate.belongs(to: target) { continue }
            if let replacement = try await existingReplacement(of: identity) {
                // Replaced, but the image never said so (the process stopped in between): say it now.
                logger.info("Notice image already has its replacement; marking it", metadata: [
                    "spot.image": "\(image.imageId)", "spot.replacement": "\(replacement.instanceId)",
                ])
                _ = try? await client.tagResources(TagResourcesRequest(
                    resourceIds: [image.imageId], resourceType: "image",
                    tags: [ECSTag(key: Self.replacementTagKey, value: replacement.instanceId)]))
                continue
            }
            found.append(candidate)
        }
        return found
    }

    /// A released source's specification: the image's tags, with the user data (and, when the tags carry
    /// none, everything) from the journal.
    private func specification(ofReleased instanceId: String, image: ECSImage) async -> LaunchSpecification? {
        let stored = await specifications.storedSpecification(for: instanceId)
        guard var fromTags = LaunchSpecification(imageTags: image.tags) else { return stored }
        if let stored {
            fromTags.userData = stored.userData
            if fromTags.unknown.contains("tags"), !stored.tags.isEmpty { fromTags.tags = stored.tags }
            fromTags.unknown = fromTags.unknown.subtracting(["tags"]).union(stored.unknown)
        } else {
            fromTags.unknown.insert("userData")
        }
        return fromTags
    }

    /// The instances among `ids` that ECS still lists.
    private func liveInstanceIds(_ ids: [String]) async throws -> Set<String> {
        var alive: Set<String> = []
        for start in stride(from: 0, to: ids.count, by: 100) {
            let batch = Array(ids[start..<min(start + 100, ids.count)])
            for instance in try await client.describeInstances(DescribeInstancesRequest(instanceIds: batch)).instances {
                alive.insert(instance.instanceId)
            }
        }
        return alive
    }

    /// `Stop`-mode members of `target` left stopped by an interruption (evidence: the mark SpotRecovery put on
    /// them, or their event history; never "stopped" alone), as notices a recovery starts them again from.
    public func findStoppedInterruptions(_ target: WatchTarget) async throws -> [RecyclingNotice] {
        var stopped: [ECSInstance] = []
        switch target.selection {
        case .instances(let ids):
            for start in stride(from: 0, to: ids.count, by: 100) {
                var request = DescribeInstancesRequest(instanceIds: Array(ids[start..<min(start + 100, ids.count)]))
                request.status = .stopped
                stopped += try await client.describeInstances(request).instances
            }
        case .tag(let key, let value):
            var request = DescribeInstancesRequest()
            request.tags = [ECSTag(key: key, value: value)]
            request.status = .stopped
            request.maxResults = 100
            stopped = try await client.allInstances(request).collect()
        }
        let now = clock.now
        return await InterruptionEvidence(client: client, logger: logger).stoppedByInterruption(stopped).map {
            RecyclingNotice(instanceId: $0.instanceId, detectedAt: now, instance: $0, source: .reconciliation)
        }
    }

    /// Deletes the snapshots of SpotRecovery's own deleted images that outlived them (their deletion
    /// failed during a prune; the prune tagged them first): only snapshots carrying
    /// ``snapshotOfTagKey`` whose image no longer exists.
    /// - Returns: The snapshots deleted.
    public func deleteOrphanedSnapshots() async throws -> [String] {
        var request = DescribeSnapshotsRequest()
        request.tags = [ECSTag(key: Self.snapshotOfTagKey)]
        request.maxResults = 100
        var deleted: [String] = []
        var imageExists: [String: Bool] = [:]
        for try await page in client.describeSnapshotsPages(request) {
            for snapshot in page.snapshots {
                guard let snapshotId = snapshot.snapshotId,
                      let imageId = snapshot.tags.first(where: { $0.key == Self.snapshotOfTagKey })?.value, !imageId.isEmpty else { continue }
                if imageExists[imageId] == nil {
                    var lookup = DescribeImagesRequest()
                    lookup.imageId = imageId
                    lookup.status = ImageStatus.allStates
                    lookup.imageOwnerAlias = "self"
                    imageExists[imageId] = try await !client.describeImages(lookup).images.isEmpty
                }
                guard imageExists[imageId] == false else { continue }
                do {
                    _ = try await client.deleteSnapshot(DeleteSnapshotRequest(snapshotId: snapshotId))
                    deleted.append(snapshotId)
                } catch let error as ECSServiceError where error.code.hasPrefix("InvalidSnapshotId.NotFound") {
                    deleted.append(snapshotId)
                }
            }
        }
        if !deleted.isEmpty { logger.info("Orphaned snapshots deleted", metadata: ["spot.snapshots": "\(deleted.joined(separator: ","))"]) }
        return deleted
    }
}

extension SpotRecoverer {
    /// Brings `target` in line with what ECS holds, once: finishes every recovery cut short
    /// (``findUnfinishedRecoveries(_:window:)``), starts again every `Stop`-mode member an interruption
    /// left stopped (``findStoppedInterruptions(_:)``), and deletes the snapshots failed deletions left
    /// behind (``deleteOrphanedSnapshots()``). Run it when a process starts, and every few minutes: a
    /// recovery killed at any point, even after ECS released its source, ends with one replacement.
    ///
    /// Each recovery goes through the ``ledger``, so one already running here is not started twice.
    /// - Returns: What was found and what became of it.
    public func reconcile(
        _ target: WatchTarget, options: RecoveryOptions = RecoveryOptions(), window: Duration = .seconds(86_400),
        onEvent: @escaping @Sendable (RecoveryEvent) -> Void = { _ in }
    ) async throws -> ReconciliationReport {
        let options = Self.keepingSelector(of: target, in: options)
        var report = ReconciliationReport()
        for unfinished in try await findUnfinishedRecoveries(target, window: window) {
            report.unfinished.append(unfinished.identity)
            if case .finished(_, let outcome?) = try await runResumption(unfinished, options: options, report: onEvent) {
                report.outcomes.append(outcome)
            }
        }
        for notice in try await findStoppedInterruptions(target) {
            report.stopped.append(notice.instanceId)
            if case .finished(_, let outcome?) = try await runRecovery(notice, options: options, report: onEvent) {
                report.outcomes.append(outcome)
            }
        }
        report.deletedSnapshots = try await deleteOrphanedSnapshots()
        return report
    }
}

/// What one ``SpotRecoverer/reconcile(_:options:window:onEvent:)`` found and did.
public struct ReconciliationReport: Sendable {
    /// Recoveries found cut short (their source gone, no replacement).
    public var unfinished: [InterruptionIdentity] = []
    /// `Stop`-mode instances found left stopped by an interruption.
    public var stopped: [String] = []
    /// How the recoveries it ran ended, when they succeeded.
    public var outcomes: [RecoveryOutcome] = []
    /// Snapshots of deleted images that it deleted.
    public var deletedSnapshots: [String] = []
}
