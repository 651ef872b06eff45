import AliyunECS
import Foundation

/// Notices the interruption of the instance this code runs on, from its own metadata service:
/// `GET /latest/meta-data/instance/spot/termination-time` answers 404 until ECS marks the instance,
/// then the UTC time at which it will be reclaimed.
///
/// Reads are token-first (hardened mode), like the RAM-role credential provider. The metadata base URL
/// is injectable through the `InstanceMetadataClient`. Give it an `ECSClient` to attach the instance's
/// description to the notice (one DescribeInstances call, when the mark is seen).
public actor InstanceMetadataRecyclingDetector: RecyclingDetector {
    private let metadata: InstanceMetadataClient
    private let clock: any ECSClock
    private let client: ECSClient?
    private var instanceId: String?

    /// Creates a detector.
    /// - Parameters:
    ///   - metadata: The metadata service client (default: `http://100.100.100.200`).
    ///   - clock: The time source for notice timestamps.
    ///   - instanceId: This instance's ID; read from the metadata service when `nil`.
    ///   - client: When given, used to fetch the instance's description once it is marked.
    public init(metadata: InstanceMetadataClient = InstanceMetadataClient(), clock: any ECSClock = SystemClock(), instanceId: String? = nil, client: ECSClient? = nil) {
        self.metadata = metadata
        self.clock = clock
        self.instanceId = instanceId
        self.client = client
    }

    /// This instance only.
    public nonisolated var fixedInstanceIds: Set<String>? { nil }

    /// Reads the instance ID, unless it was given.
    public func prepare() async throws {
        _ = try await ownInstanceId()
    }

    /// Asks whether this instance has a termination time yet.
    public func poll() async throws -> [RecyclingNotice] {
        let answer = try await metadata.get("/latest/meta-data/instance/spot/termination-time")
        guard answer.statusCode == 200, !answer.text.isEmpty else { return [] }
        let id = try await ownInstanceId()
        var description: ECSInstance?
        if let client {
            var request = DescribeInstancesRequest()
            request.instanceIds = [id]
            description = try? await client.describeInstances(request).instances.first
        }
        return [RecyclingNotice(
            instanceId: id, detectedAt: clock.now, terminationTime: ECSTimestamp.date(from: answer.text),
            instance: description, source: .instanceMetadata)]
    }

    private func ownInstanceId() async throws -> String {
        if let instanceId { return instanceId }
        let answer = try await metadata.get("/latest/meta-data/instance-id")
        guard answer.statusCode == 200, !answer.text.isEmpty else {
            throw ECSClientError(kind: .unexpectedResponse, message: "The metadata service did not give this instance's ID", httpStatus: answer.statusCode)
        }
        instanceId = answer.text
        return answer.text
    }
}
