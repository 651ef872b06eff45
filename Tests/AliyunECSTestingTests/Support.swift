import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// Shared set-up for the simulator's own tests: regions, clients and requests.
enum Sim {
    /// The key pair the default region accepts.
    static let keyId = "testid"
    /// Its secret.
    static let secret = "testsecret"
    /// A public image every default region accepts.
    static let publicImage = "aliyun_3_9_x64_20G_alibase_20231219.vhd"

    /// Both signature schemes, for parameterised tests.
    static let algorithms: [SignatureAlgorithm] = [.acs3HMACSHA256, .rpcHMACSHA1]

    /// A region on a fresh virtual clock, with that clock.
    static func region(
        _ configuration: SimulatedRegionConfiguration = SimulatedRegionConfiguration()
    ) throws -> (SimulatedRegion, VirtualClock) {
        let region = SimulatedRegion(configuration: configuration)
        let clock = try #require(region.virtualClock)
        return (region, clock)
    }

    /// A client of `region` built by hand, so that every part of its configuration can be chosen.
    static func client(
        for region: SimulatedRegion,
        credentials: ECSCredentials = ECSCredentials(accessKeyId: keyId, accessKeySecret: secret),
        algorithm: SignatureAlgorithm = .acs3HMACSHA256,
        retryPolicy: RetryPolicy = .none,
        clock: (any ECSClock)? = nil,
        regionId: String? = nil,
        nonceGenerator: (@Sendable () -> String)? = nil,
        transport: (any ECSTransport)? = nil
    ) throws -> ECSClient {
        var configuration = ECSClient.Configuration(
            signatureAlgorithm: algorithm, retryPolicy: retryPolicy, clock: clock ?? region.clock, environment: [:])
        if let nonceGenerator { configuration.nonceGenerator = nonceGenerator }
        return try ECSClient(
            region: regionId ?? region.regionId,
            credentials: StaticCredentialProvider(credentials),
            transport: transport ?? region.transport,
            endpoint: "https://ecs.\(region.regionId).simulated.invalid",
            configuration: configuration)
    }

    /// A complete spot launch request in zone `cn-hangzhou-i`.
    static func launch(
        zoneId: String? = "cn-hangzhou-i",
        vSwitchId: String = "vsw-sim-i",
        imageId: String? = publicImage,
        instanceType: String? = "ecs.g7.large",
        amount: Int? = nil,
        tags: [ECSTag]? = nil,
        clientToken: String? = nil,
        password: String? = nil,
        dryRun: Bool? = nil
    ) -> RunInstancesRequest {
        RunInstancesRequest().with {
            $0.zoneId = zoneId
            $0.imageId = imageId
            $0.instanceType = instanceType
            $0.securityGroupId = "sg-sim0001"
            $0.vSwitchId = vSwitchId
            $0.instanceName = "sim-worker"
            $0.amount = amount
            $0.spotStrategy = .spotAsPriceGo
            $0.spotDuration = 0
            $0.instanceChargeType = .postPaid
            $0.internetMaxBandwidthOut = 1
            $0.password = password
            $0.tags = tags
            $0.clientToken = clientToken
            $0.dryRun = dryRun
        }
    }

    /// One instance as DescribeInstances reports it, or `nil` when it is not listed.
    static func describe(_ id: String, with client: ECSClient) async throws -> ECSInstance? {
        try await client.describeInstances(DescribeInstancesRequest(instanceIds: [id])).instances.first
    }

    /// One image as DescribeImages reports it in any state, or `nil` when it is not listed.
    static func describeImage(_ id: String, with client: ECSClient) async throws -> ECSImage? {
        try await client.describeImages(DescribeImagesRequest().with {
            $0.imageId = id
            $0.status = ImageStatus.allStates
        }).images.first
    }
}

extension Date {
    /// `self` moved by `seconds`.
    func plus(_ seconds: Double) -> Date { addingTimeInterval(seconds) }
}

/// A thread-safe list that tasks append to, for observing the order of events.
final class EventLog<Element: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var storage: [Element] = []

    /// Adds an event.
    func append(_ element: Element) {
        lock.withLock { storage.append(element) }
    }

    /// Every event so far, in order.
    var entries: [Element] { lock.withLock { storage } }
}
