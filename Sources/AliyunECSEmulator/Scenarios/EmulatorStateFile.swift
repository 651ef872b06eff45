import AliyunECS
import AliyunECSTesting
import Crypto
import Foundation

/// The emulator's `--state-file`: every instance (released ones too) and every image of the region as JSON,
/// rewritten after each call, so that what a recovery left can be checked by hand or by a script. User data
/// appears only as its SHA-256, enough to tell a copy from another.
package struct EmulatorStateFile: Sendable {
    /// Where the file is written.
    package var url: URL

    /// A state file at `path`.
    package init(path: String) {
        url = URL(fileURLWithPath: path)
    }

    /// Writes the region's state now, atomically (a reader never sees half a file).
    package func write(_ region: SimulatedRegion) throws {
        try Self.json(of: region).write(to: url, options: .atomic)
    }

    /// The region's state as JSON.
    package static func json(of region: SimulatedRegion) throws -> Data {
        let now = region.clock.now
        let instances = region.allInstances.map { instance -> [String: Any] in
            var entry: [String: Any] = [
                "instanceId": instance.id, "status": instance.status(at: now)?.rawValue ?? "Released",
                "recycling": instance.isMarkedForRecycling(at: now), "zoneId": instance.zoneId, "vSwitchId": instance.vSwitchId,
                "instanceType": instance.instanceType, "imageId": instance.imageId, "securityGroupIds": instance.securityGroupIds,
                "spotStrategy": instance.spotStrategy.rawValue, "spotInterruptionBehavior": instance.spotInterruptionBehavior.rawValue,
                "internetChargeType": instance.internetChargeType.rawValue, "hostName": instance.hostName,
                "deletionProtection": instance.deletionProtection, "restarts": instance.restarts,
                "createdAt": ECSTimestamp.string(from: instance.createdAt),
                "tags": Dictionary(instance.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }),
            ]
            let optional: [String: Any?] = [
                "instanceName": instance.name, "keyPairName": instance.keyPairName, "ramRoleName": instance.ramRoleName,
                "resourceGroupId": instance.resourceGroupId, "spotPriceLimit": instance.spotPriceLimit,
                "internetMaxBandwidthOut": instance.internetMaxBandwidthOut, "deploymentSetId": instance.deploymentSetId,
                "creditSpecification": instance.creditSpecification,
                "userDataSHA256": region.userData(ofInstance: instance.id).map(Self.sha256),
            ]
            for case let (key, value?) in optional { entry[key] = value }
            return entry
        }
        let images = region.images.map { image -> [String: Any] in
            [
                "imageId": image.id, "status": image.isDeleted(at: now) ? "Deleted" : image.status(at: now).rawValue,
                "sourceInstanceId": image.sourceInstanceId ?? "", "snapshotIds": image.snapshotIds,
                "tags": Dictionary(image.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }),
            ]
        }
        let state: [String: Any] = ["time": ECSTimestamp.string(from: now), "instances": instances, "images": images]
        return try JSONSerialization.data(withJSONObject: state, options: [.prettyPrinted, .sortedKeys])
    }

    /// The hex SHA-256 of `userData` as it was sent (its Base64 text).
    package static func sha256(_ userData: String) -> String {
        SHA256.hash(data: Data(userData.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
