import AliyunECS
import ArgumentParser
import ExampleSupport
import Foundation
import SpotRecovery

/// The Swift twin of Alibaba's `CreateSpotInstanceFromImage` Java sample: launch a spot instance from a
/// custom image, by default in the place of the instance it was made from, falling back to other zones
/// and instance types when one is sold out.
@main
struct CreateSpotInstanceFromImage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "CreateSpotInstanceFromImage",
        abstract: "Launch a spot instance from an image, with fallbacks when a zone or type is sold out.",
        discussion: """
        With --source-instance-id, the zone, instance type, vSwitch and security group come from that instance \
        unless given, and the launch is idempotent: running it again returns the replacement already launched. \
        Without it, --vswitch-id and --security-group-id are required. Credentials come from the default chain; \
        ALIBABA_CLOUD_ECS_ENDPOINT overrides the endpoint.
        """)

    @Option(name: .customLong("image-id"), help: "The image to launch from.")
    var imageId: String

    @Option(name: .customLong("source-instance-id"), help: "The instance the image was made from.")
    var sourceInstanceId: String?

    @Option(name: .customLong("region-id"), help: "The region.")
    var regionId = "cn-hangzhou"

    @Option(name: .customLong("zone-id"), help: "The zone (default: the source's, or the vSwitch's).")
    var zoneId: String?

    @Option(name: .customLong("instance-type"), help: "The instance type (default: the source's, else ecs.s6-c1m1.small).")
    var instanceType: String?

    @Option(name: .customLong("vswitch-id"), help: "The vSwitch (default: the source's).")
    var vSwitchId: String?

    @Option(name: .customLong("security-group-id"), help: "The security group (default: the source's).")
    var securityGroupId: String?

    @Option(name: .customLong("fallback-zone"), help: "Another ZONE:VSWITCH to try when sold out (repeatable, in order).")
    var fallbackZones: [String] = []

    @Option(name: .customLong("fallback-instance-type"), help: "Another instance type to try when sold out (repeatable, in order).")
    var fallbackInstanceTypes: [String] = []

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the plain instance ID.")
    var json = false

    static let defaultInstanceType = "ecs.s6-c1m1.small"

    func validate() throws {
        for fallback in fallbackZones where Placement(parsing: fallback) == nil {
            throw ValidationError("--fallback-zone must be ZONE:VSWITCH, not \(fallback).")
        }
        if sourceInstanceId == nil, vSwitchId == nil || securityGroupId == nil {
            throw ValidationError("Without --source-instance-id, give --vswitch-id and --security-group-id.")
        }
    }

    func run() async throws {
        ExampleContext.bootstrapLogging()
        do {
            let client = try ExampleContext.makeClient(region: regionId)
            let recoverer = SpotRecoverer(client: client)
            var options = RelaunchOptions(
                zoneId: zoneId, vSwitchId: vSwitchId, instanceType: instanceType,
                securityGroupIds: securityGroupId.map { [$0] },
                fallbackPlacements: fallbackZones.compactMap(Placement.init(parsing:)),
                fallbackInstanceTypes: fallbackInstanceTypes)
            let relaunch: Relaunch
            if let sourceInstanceId {
                relaunch = try await recoverer.relaunch(from: imageId, sourceInstanceId: sourceInstanceId, options: options)
            } else {
                options.instanceType = instanceType ?? Self.defaultInstanceType
                relaunch = try await recoverer.launch(from: imageId, options: options)
            }
            var zone = relaunch.zoneId
            if zone == nil {
                zone = try await client.describeInstances(DescribeInstancesRequest(instanceIds: [relaunch.instanceId])).instances.first?.zoneId
            }
            if json {
                try ExampleOutput.json(Result(instanceId: relaunch.instanceId, zoneId: zone ?? "", instanceType: relaunch.instanceType))
            } else {
                for attempt in relaunch.attempts where attempt.outcome != .launched(instanceId: relaunch.instanceId) {
                    ExampleOutput.errorLine("skipped \(attempt.candidate): \(attempt.outcome)")
                }
                ExampleOutput.line(relaunch.instanceId)
            }
        } catch {
            ExampleOutput.errorLine(ExampleOutput.describe(error))
            throw ExitCode.failure
        }
    }

    struct Result: Encodable {
        var instanceId: String
        var zoneId: String
        var instanceType: String
    }
}
