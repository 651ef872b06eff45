import AliyunECS
import Foundation

extension RegionState {
    mutating func createImage(_ parameters: [String: String], now: Date) throws(SimulatedAPIError) -> CreateImageResponse {
        let request = try decode(CreateImageRequest.self, parameters)
        try checkRegion(request.regionId)
        if var earlier = try replay(CreateImageResponse.self, action: CreateImageRequest.action, token: request.clientToken, parameters: parameters) {
            earlier.requestId = newRequestId()
            return earlier
        }
        guard let instanceId = request.instanceId, !instanceId.isEmpty else {
            if let snapshot = request.snapshotId {
                throw .notFound("InvalidSnapshotId.NotFound", "The specified snapshot \(snapshot) does not exist.")
            }
            throw .missingParameter("InstanceId")
        }
        guard let instance = instances[instanceId], let status = instance.status(at: now) else {
            throw .notFound("InvalidInstanceId.NotFound", "The specified instance \(instanceId) does not exist.")
        }
        guard status == .running || status == .stopped else {
            throw SimulatedAPIError(status: 403, code: "IncorrectInstanceStatus", message: "The current status of the instance does not support this operation.")
        }
        try TagRules.checkCreationTags(request.tags ?? [])
        if let name = request.imageName, imageIndex.hasLiveImage(named: name) {
            throw SimulatedAPIError(status: 400, code: "InvalidImageName.Duplicated", message: "The specified image name \(name) already exists.")
        }
        if request.dryRun == true {
            throw SimulatedAPIError(status: 400, code: "DryRunOperation", message: "Request validation has been passed with DryRun flag set.")
        }

        let timing = imageTiming(of: instanceId, at: now)
        var image = SimulatedImage(
            id: newImageId(), name: request.imageName, description: request.imageDescription, sourceInstanceId: instanceId,
            tags: (request.tags ?? []).map { ResourceTag(key: $0.key, value: $0.value ?? "") },
            createdAt: now, availableAt: timing.availableAt, failsAt: timing.failsAt, sizeGiB: configuration.systemDiskSizeGiB)
        if let index = imageFailures.firstIndex(where: { $0.sourceInstanceId == nil || $0.sourceInstanceId == instanceId }) {
            let failsAt = now.addingTimeInterval(image.availableAt.timeIntervalSince(now) * imageFailures[index].atFraction)
            image.failsAt = min(image.failsAt ?? failsAt, failsAt)
            if let remaining = imageFailures[index].remaining {
                if remaining <= 1 { imageFailures.remove(at: index) } else { imageFailures[index].remaining = remaining - 1 }
            }
        }
        image = Self.losingUnfinishedSnapshot(image, of: instance)
        // The image is made of a snapshot of the system disk, which outlives it until DeleteSnapshot.
        let diskId = Self.systemDiskId(of: instanceId)
        let snapshot = SimulatedSnapshot(
            id: newSnapshotId(), sourceInstanceId: instanceId, sourceDiskId: diskId, imageId: image.id,
            sizeGiB: image.sizeGiB, copiedGiB: timing.copiedGiB, createdAt: now, completesAt: image.availableAt, failsAt: image.failsAt, tags: [])
        snapshots[snapshot.id] = snapshot
        snapshotOrder.append(snapshot.id)
        diskSnapshots[diskId, default: []].append(snapshot.id)
        image.snapshotIds = [snapshot.id]
        images[image.id] = image
        imageOrder.append(image.id)
        imageIndex.insert(id: image.id, name: image.name, sourceInstanceId: instanceId, tags: image.tags)
        let response = CreateImageResponse(imageId: image.id, requestId: newRequestId())
        remember(response, action: CreateImageRequest.action, token: request.clientToken, parameters: parameters)
        return response
    }
}
