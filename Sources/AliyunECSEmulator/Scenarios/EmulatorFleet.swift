import AliyunECS
import AliyunECSTesting
import Foundation

/// `KEY=VALUE:N[:Stop]` as the emulator's `--fleet` takes it: N running spot instances tagged `KEY=VALUE`, each
/// with everything a faithful replacement has to copy (two security groups, a key pair, a RAM role, user data,
/// a resource group, a host name, a price limit, a deployment set, bandwidth and its charge type), so that a
/// recovery can be checked by hand against its source.
package struct EmulatorFleet: Sendable, Hashable {
    /// The tag that selects the fleet.
    package var tag: ResourceTag
    /// How many instances.
    package var count: Int
    /// What ECS does when it reclaims one.
    package var behavior: SpotInterruptionBehavior

    /// The user data every fleet instance has: a shell script, Base64-encoded.
    package static let userData = Data("#!/bin/sh\necho \"spot worker ready\" > /tmp/ready\n".utf8).base64EncodedString()

    /// Reads `KEY=VALUE:N` or `KEY=VALUE:N:Stop` (or `:Terminate`); `nil` when malformed.
    package init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let count = Int(parts[1]), count > 0 else { return nil }
        let pair = parts[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard pair.count == 2, !pair[0].isEmpty else { return nil }
        tag = ResourceTag(key: String(pair[0]), value: String(pair[1]))
        self.count = count
        switch parts.count == 3 ? parts[2].lowercased() : "terminate" {
        case "stop": behavior = .stop
        case "terminate": behavior = .terminate
        default: return nil
        }
    }

    /// What each instance of the fleet is launched with.
    package var launchSpecification: SimulatedLaunchSpecification {
        SimulatedLaunchSpecification(
            securityGroupIds: ["sg-fleet-web", "sg-fleet-ssh"], keyPairName: "fleet-key", ramRoleName: "FleetWorkerRole",
            userData: Self.userData, resourceGroupId: "rg-fleet", hostName: "fleet-worker", spotStrategy: .spotWithPriceLimit,
            spotPriceLimit: 0.5, spotDuration: 0, spotInterruptionBehavior: behavior, internetMaxBandwidthOut: 5,
            internetChargeType: .payByBandwidth, deploymentSetId: "ds-fleet", tags: [tag, ResourceTag(key: "team", value: "emulator")])
    }

    /// Adds the fleet's instances to `region`, running in its first zone.
    /// - Returns: Their IDs.
    @discardableResult
    package func add(to region: SimulatedRegion) -> [String] {
        region.addInstances(count: count, zoneId: region.configuration.zones.first, launch: launchSpecification, namePrefix: "fleet-\(tag.value)")
    }
}
