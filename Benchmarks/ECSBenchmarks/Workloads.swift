import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery

/// The work each benchmark measures, identical to what `../shared/bench/py_sdk_bench.py` gives the
/// official Python SDK: the same requests, the same fixture answers, an in-memory transport.
enum Workloads {
    /// The RunInstances request of the Python benchmark.
    static let runInstancesRequest: RunInstancesRequest = {
        var request = RunInstancesRequest()
        request.regionId = "cn-hangzhou"
        request.zoneId = "cn-hangzhou-i"
        request.imageId = "aliyun_3_9_x64_20G_alibase_20231219.vhd"
        request.instanceType = "ecs.e-c1m1.large"
        request.securityGroupId = "sg-bp1aaaa"
        request.vSwitchId = "vsw-bp1xxxx"
        request.instanceName = "web server*~+/"
        request.amount = 1
        request.spotStrategy = .spotAsPriceGo
        request.spotDuration = 0
        request.instanceChargeType = .postPaid
        request.internetMaxBandwidthOut = 1
        request.password = "Passw0rd!"
        request.systemDisk = RunInstancesRequest.SystemDisk(category: "cloud_essd", size: "40")
        request.dataDisks = [RunInstancesRequest.DataDisk(category: "cloud_essd", deleteWithInstance: true, size: 100)]
        request.tags = [ECSTag(key: "env", value: "prod test"), ECSTag(key: "owner", value: "中文")]
        request.clientToken = "0c593ea1-3bea-11e9-b96b-88e9fe637760"
        return request
    }()

    static let describeInstancesRequest: DescribeInstancesRequest = {
        var request = DescribeInstancesRequest()
        request.regionId = "cn-hangzhou"
        request.maxResults = 100
        return request
    }()

    static let describeImagesRequest: DescribeImagesRequest = {
        var request = DescribeImagesRequest()
        request.regionId = "cn-hangzhou"
        request.status = [.creating, .available]
        request.pageSize = 100
        return request
    }()

    /// A client whose transport answers every request with `body`.
    static func client(answering body: Data) throws -> ECSClient {
        let response = ECSHTTPResponse(statusCode: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/json;charset=utf-8")], body: body)
        return try ECSClient(
            region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
            transport: ClosureTransport { _ in response }, endpoint: "ecs-cn-hangzhou.aliyuncs.com",
            configuration: .init(environment: [:]))
    }

    /// Everything signing needs for the RunInstances request, prepared once.
    struct SigningInput {
        let parameters: [QueryParameter]
        let headers: [HTTPHeader]

        init() throws {
            parameters = try QueryEncoder().encode(Workloads.runInstancesRequest)
            headers = [
                HTTPHeader(name: "host", value: "ecs-cn-hangzhou.aliyuncs.com"),
                HTTPHeader(name: "x-acs-action", value: "RunInstances"),
                HTTPHeader(name: "x-acs-version", value: "2014-05-26"),
                HTTPHeader(name: "x-acs-date", value: "2026-11-26T08:00:00Z"),
                HTTPHeader(name: "x-acs-signature-nonce", value: "0979ad8d98e8a8759d7d8a5046047e03"),
                HTTPHeader(name: "x-acs-content-sha256", value: ACS3HMACSHA256Signer.emptyPayloadHash),
                HTTPHeader(name: "accept", value: "application/json"),
                HTTPHeader(name: "user-agent", value: ECSClient.defaultUserAgent),
            ]
        }
    }

    /// A simulated region with a fleet of `count` instances, and a detector watching it.
    struct Fleet {
        let region: SimulatedRegion
        let detector: FleetRecyclingDetector

        init(count: Int, tagged: Bool) async throws {
            region = SimulatedRegion(clock: SystemClock())
            let tag = ResourceTag(key: "team", value: "batch")
            let ids = region.addInstances(count: count, tags: tagged ? [tag] : [])
            // A handful are marked, as in a real interruption wave.
            region.scheduleInterruption(of: [ids[10], ids[count / 2], ids[count - 1]], at: Date(), releaseAfter: .seconds(86_400))
            let client = try region.makeClient()
            let target: WatchTarget = tagged ? .tagged(key: tag.key, value: tag.value) : .instances(ids)
            detector = SpotRecoverer(client: client).detector(for: target)
            try await detector.prepare()
            region.resetCalls()
        }

        /// One poll round; returns how many API calls it made.
        func pollOnce() async throws -> Int {
            let before = region.calls.count
            let notices = try await detector.poll()
            guard notices.count == 3 else { throw BenchmarkError.unexpected("expected 3 marked instances, got \(notices.count)") }
            let calls = region.calls.count - before
            region.resetCalls()
            return calls
        }
    }

    /// A simulated region answering a client in memory, whose answers the client does not read: what the
    /// emulator's region costs per request, signature check and JSON writing included, without HTTP.
    struct ServedRegion {
        let region = SimulatedRegion(clock: SystemClock())
        let client: ECSClient

        init() throws {
            let region = region
            client = try ECSClient(
                region: "cn-hangzhou", credentials: .static(accessKeyId: "testid", accessKeySecret: "testsecret"),
                transport: ClosureTransport { request in
                    guard let answer = region.handle(request), answer.statusCode == 200 else {
                        throw BenchmarkError.unexpected("the region refused the request")
                    }
                    // Only the launch of the 100 instances needs its answer read.
                    return answer.body.count < 4096 ? answer : ECSHTTPResponse(statusCode: 200, body: Data(#"{"RequestId":"r"}"#.utf8))
                },
                endpoint: "ecs.cn-hangzhou.aliyuncs.com", configuration: .init(environment: [:]))
        }
    }

    enum BenchmarkError: Error, CustomStringConvertible {
        case unexpected(String)
        var description: String {
            switch self {
            case .unexpected(let message): message
            }
        }
    }
}
