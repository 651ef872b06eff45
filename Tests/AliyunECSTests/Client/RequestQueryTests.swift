import Foundation
import Testing
@testable import AliyunECS

/// The query the client signs and sends: written straight from the generated writers, with the client's
/// region and ClientToken filled in, and identical to what the general `Codable` path would send.
@Suite("Request query")
struct RequestQueryTests {
    /// The parameters the client actually sent, read back from the URL it built.
    func sentParameters(for send: (ECSClient) async throws -> Void) async throws -> [String: String] {
        let recorder = RequestRecorder()
        let client = try TestClients.client(transport: ClosureTransport { request in
            await recorder.record(request)
            let body = #"{"RequestId":"r-1","InstanceIdSets":{"InstanceIdSet":["i-1"]},"Instances":{"Instance":[]},"ImageId":"m-1","Images":{"Image":[]}}"#
            return ECSHTTPResponse(statusCode: 200, body: Data(body.utf8))
        })
        try await send(client)
        let request = try #require(await recorder.requests.first)
        let query = Array(request.percentEncodedQuery.utf8)
        return Dictionary(CanonicalQuery.parameters(query).map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// What the `Codable` path makes of `request`: the reference the fast path must match.
    func codableQuery(_ request: some Encodable) throws -> [UInt8] {
        CanonicalQuery.bytes(CanonicalQuery.sorted(try QueryEncoder().encodeWithCoder(request)))
    }

    @Test("A query larger than the first buffer is written again, whole")
    func largeQuery() throws {
        let userData = String(repeating: "#!/bin/sh\necho 'spot recovery' > /tmp/ready\n", count: 400) // ~18 KB, mostly escaped
        var request = RunInstancesRequest().with {
            $0.regionId = "cn-hangzhou"
            $0.imageId = "m-1"
            $0.instanceType = "ecs.g7.large"
        }
        request.userData = userData
        let query = QueryEncoder.canonicalQuery(of: request, overrides: .none)

        #expect(query.count > QueryEncoder.initialQueryCapacity * 4, "the test must overflow more than once")
        #expect(query == (try codableQuery(request)))
    }

    @Test("Lists of ten or more come out in canonical order (Name.10 before Name.2)")
    func longLists() throws {
        let groups = (1...12).map { "sg-\($0)" }
        let tags = (1...11).map { ECSTag(key: "k\($0)", value: "v \($0)") }
        let request = RunInstancesRequest().with {
            $0.regionId = "cn-hangzhou"
            $0.imageId = "m-1"
            $0.securityGroupIds = groups
            $0.tags = tags
        }
        let query = QueryEncoder.canonicalQuery(of: request, overrides: .none)

        #expect(query == (try codableQuery(request)))
        let text = String(decoding: query, as: UTF8.self)
        let ten = try #require(text.range(of: "SecurityGroupIds.10="))
        let two = try #require(text.range(of: "SecurityGroupIds.2="))
        #expect(ten.lowerBound < two.lowerBound)
    }

    /// A structure nested in itself, with long names, to build name prefixes of any length.
    struct Nest: QueryWritable {
        var depth: Int

        func writeQuery(to writer: inout QueryWriter, prefix: String) {
            writer.add(prefix, "AParameterWithALongName", "level \(depth)")
            if depth > 0 {
                writer.add(prefix, "NestedStructureWithAVeryLongName", [Nest(depth: depth - 1), Nest(depth: depth - 1)])
            }
            writer.add(prefix, "ZLast", depth)
        }
    }

    @Test("Name prefixes of any depth give the sorted query, whether or not they fit inline", arguments: [0, 1, 2, 3])
    func deepPrefixes(depth: Int) {
        let nest = Nest(depth: depth)
        var collector = QueryWriter()
        nest.writeQuery(to: &collector, prefix: "")
        let expected = CanonicalQuery.bytes(CanonicalQuery.sorted(collector.parameters))

        #expect(QueryEncoder.canonicalQuery(of: nest, overrides: .none) == expected)
        // Two levels (`NestedStructureWithAVeryLongName.1.` twice, 70 bytes) pass the inline room, so
        // the direct writer must give up and leave the query to the sorting path; one level fits.
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let direct = buffer.withUnsafeMutableBufferPointer { memory in
            var writer = QueryWriter(canonicalQueryInto: memory, overrides: .none)
            nest.writeQuery(to: &writer, prefix: "")
            return writer.inCanonicalOrder
        }
        #expect(direct == (depth < 2))
    }

    @Test("The client's region fills in a missing or empty RegionId, never a given one")
    func regionOverride() async throws {
        let missing = try await sentParameters { _ = try await $0.describeInstances(DescribeInstancesRequest()) }
        #expect(missing["RegionId"] == "cn-hangzhou")

        let empty = try await sentParameters { _ = try await $0.describeImages(DescribeImagesRequest().with {
            $0.regionId = ""
        }) }
        #expect(empty["RegionId"] == "cn-hangzhou")

        let given = try await sentParameters { _ = try await $0.describeInstances(DescribeInstancesRequest().with {
            $0.regionId = "cn-beijing"
        }) }
        #expect(given["RegionId"] == "cn-beijing")
    }

    @Test("An idempotent call gets a ClientToken unless the caller gave one; others get none")
    func clientTokenOverride() async throws {
        let generated = try await sentParameters { _ = try await $0.runInstances(RunInstancesRequest().with {
            $0.imageId = "m-1"
        }) }
        let token = try #require(generated["ClientToken"])
        #expect(!token.isEmpty && token.utf8.count <= 64)

        let given = try await sentParameters { _ = try await $0.createImage(CreateImageRequest().with {
            $0.instanceId = "i-1"
            $0.clientToken = "mine-1"
        }) }
        #expect(given["ClientToken"] == "mine-1")

        let none = try await sentParameters { _ = try await $0.describeImages(DescribeImagesRequest()) }
        #expect(none["ClientToken"] == nil)
    }

    @Test("Sending through the generic send(_:) writes the same query as the typed method")
    func genericSendMatches() async throws {
        let request = RunInstancesRequest().with {
            $0.imageId = "m-1"
            $0.instanceType = "ecs.g7.large"
            $0.clientToken = "fixed-token"
        }
        let typed = try await sentParameters { _ = try await $0.runInstances(request) }
        let generic = try await sentParameters { try await sendGenerically($0, request) }
        #expect(typed == generic)
    }

    /// Sends through the public generic entry point, as code generic over `ECSRequest` does.
    func sendGenerically<Request: ECSRequest>(_ client: ECSClient, _ request: Request) async throws {
        _ = try await client.send(request)
    }
}

/// Keeps the requests a transport saw.
private actor RequestRecorder {
    private(set) var requests: [ECSHTTPRequest] = []

    func record(_ request: ECSHTTPRequest) {
        requests.append(request)
    }
}
