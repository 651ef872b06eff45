import AliyunECS
import AliyunECSAsyncHTTPClient
import AliyunECSEmulator
import AliyunECSTesting
import AsyncHTTPClient
import Foundation
import NIOPosix
import Testing

/// The two real transports, for tests that must pass over both.
enum TransportKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case urlSession = "URLSession"
    case asyncHTTPClient = "AsyncHTTPClient"

    /// A transport of this kind with short timeouts, as a test wants.
    func make(connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(30)) -> any ECSTransport {
        switch self {
        case .urlSession:
            URLSessionTransport(configuration: .init(connectTimeout: connectTimeout, requestTimeout: requestTimeout))
        case .asyncHTTPClient:
            AsyncHTTPClientTransport(configuration: .init(connectTimeout: connectTimeout, requestTimeout: requestTimeout))
        }
    }

    var testDescription: String { rawValue }
}

/// Shared set-up: regions on the wall clock, clients of a running emulator, requests.
enum Emulator {
    /// The key pair every default region accepts.
    static let keyId = "testid"
    /// Its secret.
    static let secret = "testsecret"

    /// A small body limit; an idle timeout long enough for a busy test process to send its bytes.
    static let testConfiguration = ECSEmulatorServer.Configuration(maximumRequestBodySize: 4096, idleTimeout: .seconds(10))
    /// A short idle timeout, so that tests of stalled clients take a fraction of a second.
    static let stallConfiguration = ECSEmulatorServer.Configuration(maximumRequestBodySize: 4096, idleTimeout: .milliseconds(300))

    /// A client of the emulator at `endpoint`.
    static func client(
        _ endpoint: ECSEmulatorEndpoint,
        transport: TransportKind,
        secret: String = Emulator.secret,
        algorithm: SignatureAlgorithm = .acs3HMACSHA256,
        retryPolicy: RetryPolicy = .none,
        clock: any ECSClock = SystemClock()
    ) throws -> ECSClient {
        try client(url: endpoint.url, transport: transport.make(), secret: secret, algorithm: algorithm, retryPolicy: retryPolicy, clock: clock)
    }

    /// A client of the server at `url` (the emulator, or a scripted one), sending through `transport`.
    static func client(
        url: String,
        transport: any ECSTransport,
        secret: String = Emulator.secret,
        algorithm: SignatureAlgorithm = .acs3HMACSHA256,
        retryPolicy: RetryPolicy = .none,
        clock: any ECSClock = SystemClock()
    ) throws -> ECSClient {
        try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: keyId, accessKeySecret: secret),
            transport: transport, endpoint: url,
            configuration: .init(signatureAlgorithm: algorithm, retryPolicy: retryPolicy, clock: clock, environment: [:]))
    }

    /// A spot launch in zone `cn-hangzhou-i` with a name.
    static func launch(amount: Int? = nil, name: String = "loopback-worker", tags: [ECSTag]? = nil) -> RunInstancesRequest {
        RunInstancesRequest().with {
            $0.zoneId = "cn-hangzhou-i"
            $0.imageId = "aliyun_3_9_x64_20G_alibase_20231219.vhd"
            $0.instanceType = "ecs.e-c1m1.large"
            $0.securityGroupId = "sg-x"
            $0.vSwitchId = "vsw-x"
            $0.instanceName = name
            $0.amount = amount
            $0.spotStrategy = .spotAsPriceGo
            $0.spotDuration = 0
            $0.instanceChargeType = .postPaid
            $0.internetMaxBandwidthOut = 1
            $0.tags = tags
        }
    }

    /// A retry policy that retries quickly.
    static let quickRetries = RetryPolicy.exponential(maximumRetries: 3, baseDelay: .milliseconds(10), jitter: .none)

    /// `true` when a normal signed call on a new connection (an `HTTPClient` of its own) succeeds.
    static func servesSignedRequests(_ endpoint: ECSEmulatorEndpoint) async throws -> Bool {
        let httpClient = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            let client = try ECSClient(
                region: "cn-hangzhou", credentials: .static(accessKeyId: keyId, accessKeySecret: secret),
                transport: .asyncHTTPClient(httpClient), endpoint: endpoint.url,
                configuration: .init(retryPolicy: .none, environment: [:]))
            let described = try await client.describeImages(DescribeImagesRequest())
            try await httpClient.shutdown()
            return described.regionId == "cn-hangzhou"
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}
