import AliyunECS
import Foundation

extension RegionState {
    /// The image `id`, unless it was deleted.
    func liveImage(_ id: String, at now: Date) -> SimulatedImage? {
        guard let image = images[id], !image.isDeleted(at: now) else { return nil }
        return image
    }

    /// Removes an image; its snapshots stay behind, billed, as in ECS. A missing image is ignored; an image
    /// live instances were launched from is refused unless `Force` is set.
    mutating func deleteImage(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DeleteImageResponse {
        let request = try decode(DeleteImageRequest.self, parameters)
        try checkRegion(request.regionId)
        guard var image = liveImage(request.imageId, at: now) else { return DeleteImageResponse() }
        if request.force != true, (instancesByImage[image.id] ?? []).contains(where: { instances[$0].map { !$0.isReleased(at: now) } ?? false }) {
            throw SimulatedAPIError(status: 403, code: "ImageUsingByInstance", message: "The specified image is being used by instances.")
        }
        image.deletedAt = now
        images[image.id] = image
        imageIndex.deleted(name: image.name)
        for snapshotId in image.snapshotIds {
            snapshots[snapshotId]?.imageId = nil
        }
        return DeleteImageResponse()
    }

    /// Deletes a snapshot, unless an image made from it still exists (`SnapshotCreatedImage`).
    mutating func deleteSnapshot(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DeleteSnapshotResponse {
        let request = try decode(DeleteSnapshotRequest.self, parameters)
        guard let snapshot = snapshots[request.snapshotId] else {
            throw .notFound("InvalidSnapshotId.NotFound", "The specified snapshot \(request.snapshotId) does not exist.")
        }
        if let imageId = snapshot.imageId, liveImage(imageId, at: now) != nil {
            throw SimulatedAPIError(
                status: 403, code: "SnapshotCreatedImage",
                message: "The snapshot \(snapshot.id) has been used to create custom image \(imageId); delete the image first.")
        }
        snapshots[snapshot.id] = nil
        // The order keeps deleted IDs (readers skip them) until they are half of it: one pass per many deletes.
        if snapshotOrder.count > 64, snapshots.count * 2 < snapshotOrder.count {
            snapshotOrder.removeAll { snapshots[$0] == nil }
        }
        diskSnapshots[snapshot.sourceDiskId]?.removeAll { $0 == snapshot.id }
        return DeleteSnapshotResponse()
    }

    func describeSnapshots(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> DescribeSnapshotsResponse {
        let request = try decode(DescribeSnapshotsRequest.self, parameters)
        try checkRegion(request.regionId)
        if let ids = request.snapshotIds, ids.count > 100 {
            throw SimulatedAPIError(status: 400, code: "InvalidSnapshotIds.Malformed", message: "The SnapshotIds parameter accepts at most 100 IDs.")
        }
        let ids = request.snapshotIds.map(Set.init)
        let wantedTags = request.tags ?? []
        let matching = snapshotOrder.compactMap { snapshots[$0] }.filter { snapshot in
            if let ids, !ids.contains(snapshot.id) { return false }
            if let instance = request.instanceId, instance != snapshot.sourceInstanceId { return false }
            if let disk = request.diskId, disk != snapshot.sourceDiskId { return false }
            if let status = request.status, status != .all, status != snapshot.status(at: now) { return false }
            if let usage = request.usage, usage != (snapshot.imageId == nil ? "none" : "image") { return false }
            for tag in wantedTags {
                guard snapshot.tags.contains(where: { $0.key == tag.key && (tag.value == nil || tag.value == $0.value) }) else { return false }
            }
            return true
        }
        var answer = DescribeSnapshotsResponse()
        if request.nextToken != nil || request.maxResults != nil {
            let page = try Self.tokenPage(matching, token: request.nextToken, size: min(max(request.maxResults ?? 10, 1), 100))
            answer.snapshots = page.items.map { $0.described(at: now, regionId: configuration.regionId) }
            answer.nextToken = page.nextToken
            answer.totalCount = matching.count
            return answer
        }
        let pageSize = min(max(request.pageSize ?? 10, 1), 100)
        let pageNumber = max(request.pageNumber ?? 1, 1)
        answer.snapshots = matching.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize).map { $0.described(at: now, regionId: configuration.regionId) }
        answer.pageNumber = pageNumber
        answer.pageSize = pageSize
        answer.totalCount = matching.count
        return answer
    }

    /// Snapshots whose image no longer exists: what a cleanup must not leave behind.
    func orphanedSnapshots(at now: Date) -> [SimulatedSnapshot] {
        snapshotOrder.compactMap { snapshots[$0] }.filter { $0.imageId == nil }
    }
}

extension RegionState {
    /// The interruptions announced up to `time`, oldest first.
    func interruptionEvents(through time: Date) -> [SimulatedInterruptionEvent] {
        let finished = finishedInterruptions.lazy.filter { $0.markedAt <= time }.map { interruption in
            SimulatedInterruptionEvent(
                instanceId: interruption.instanceId, behavior: interruption.behavior, markedAt: interruption.markedAt,
                regionId: self.configuration.regionId)
        }
        let current = interruptedOrder.compactMap { id -> SimulatedInterruptionEvent? in
            guard let instance = instances[id], let marked = instance.recyclingMarkedAt, marked <= time else { return nil }
            return SimulatedInterruptionEvent(instance: instance, markedAt: marked, regionId: configuration.regionId)
        }
        return (Array(finished) + current).sorted { ($0.time, $0.instanceId) < ($1.time, $1.instanceId) }
    }
}
