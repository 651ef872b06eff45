import AliyunECS
import ArgumentParser
import ExampleSupport
import Foundation

/// The Swift twin of Alibaba's `CreateSpotInstance` Java sample: launch one spot instance with
/// RunInstances (SpotAsPriceGo, no protection period, pay-as-you-go, 1 Mbit/s public bandwidth).
@main
struct CreateSpotInstance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "CreateSpotInstance",
        abstract: "Launch a spot instance with RunInstances.",
        discussion: """
        Credentials come from the default chain (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET \
        [+ ALIBABA_CLOUD_SECURITY_TOKEN], then the CLI profile, ~/.alibabacloud/credentials, the instance RAM role). \
        ALIBABA_CLOUD_ECS_ENDPOINT overrides the endpoint. The login password is read from ECS_INSTANCE_PASSWORD \
        (never a flag); unset means no password.
        """)

    @Option(name: .customLong("region-id"), help: "The region to launch in.")
    var regionId = "cn-hangzhou"

    @Option(name: .customLong("zone-id"), help: "The zone to launch in.")
    var zoneId = "cn-hangzhou-i"

    @Option(name: .customLong("instance-type"), help: "The instance type.")
    var instanceType = "ecs.e-c1m1.large"

    @Option(name: .customLong("image-id"), help: "The image to launch from.")
    var imageId = "aliyun_3_9_x64_20G_alibase_20231219.vhd"

    @Option(name: .customLong("vswitch-id"), help: "The vSwitch (required).")
    var vSwitchId: String

    @Option(name: .customLong("security-group-id"), help: "The security group (required).")
    var securityGroupId: String

    @Option(name: .customLong("spot-strategy"), help: "NoSpot, SpotWithPriceLimit or SpotAsPriceGo.")
    var spotStrategy = "SpotAsPriceGo"

    @Option(name: .customLong("spot-duration"), help: "Hours of protection before a spot instance can be reclaimed (0 or 1).")
    var spotDuration = 0

    @Option(name: .customLong("internet-max-bandwidth-out"), help: "Public bandwidth in Mbit/s.")
    var internetMaxBandwidthOut = 1

    @Option(
        name: .customLong("interruption-behavior"),
        help: "What ECS does when it reclaims the instance: Terminate (release it) or Stop (keep its disks, stop it in economical mode).")
    var interruptionBehavior = "Terminate"

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the plain instance ID.")
    var json = false

    func validate() throws {
        guard ["Terminate", "Stop"].contains(interruptionBehavior) else {
            throw ValidationError("--interruption-behavior must be Terminate or Stop, not \(interruptionBehavior).")
        }
    }

    func run() async throws {
        ExampleContext.bootstrapLogging()
        let password = ProcessInfo.processInfo.environment["ECS_INSTANCE_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        var request = RunInstancesRequest()
        request.regionId = regionId
        request.zoneId = zoneId
        request.imageId = imageId
        request.instanceType = instanceType
        request.securityGroupId = securityGroupId
        request.vSwitchId = vSwitchId
        request.spotStrategy = SpotStrategy(rawValue: spotStrategy)
        request.spotDuration = spotDuration
        request.instanceChargeType = .postPaid
        request.internetMaxBandwidthOut = internetMaxBandwidthOut
        request.spotInterruptionBehavior = SpotInterruptionBehavior(rawValue: interruptionBehavior)
        request.password = password
        do {
            let client = try ExampleContext.makeClient(region: regionId)
            let response = try await client.runInstances(request)
            guard let instanceId = response.instanceIds.first else {
                ExampleOutput.errorLine("error: RunInstances answered without an instance ID (RequestId: \(response.requestId ?? "none"))")
                throw ExitCode.failure
            }
            if json {
                try ExampleOutput.json(Result(instanceId: instanceId, requestId: response.requestId ?? ""))
            } else {
                ExampleOutput.line(instanceId)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            ExampleOutput.errorLine(ExampleOutput.describe(error))
            throw ExitCode.failure
        }
    }

    struct Result: Encodable {
        var instanceId: String
        var requestId: String
    }
}
