import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// The region checks every request's signature with its configured key pairs, as ECS does, and answers
/// with ECS's own error codes.
@Suite("Simulator: signature checks", .timeLimit(.minutes(1)))
struct SignatureTests {
    @Test("A correctly signed request is accepted", arguments: Sim.algorithms)
    func accepted(algorithm: SignatureAlgorithm) async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(signatureAlgorithm: algorithm, retryPolicy: .none)
        _ = try await client.describeInstances(DescribeInstancesRequest())
        #expect(region.calls.map(\.outcome) == [.success])
    }

    @Test("A wrong secret is refused with SignatureDoesNotMatch", arguments: Sim.algorithms)
    func wrongSecret(algorithm: SignatureAlgorithm) async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(
            for: region, credentials: ECSCredentials(accessKeyId: Sim.keyId, accessKeySecret: "not-the-secret"), algorithm: algorithm)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch())
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.httpStatus == 400)
        #expect(region.allInstances.isEmpty, "a refused request has no effect")
        #expect(region.calls.map(\.outcome) == [.error(code: "SignatureDoesNotMatch")])
    }

    @Test("A request changed after signing is refused with SignatureDoesNotMatch", arguments: Sim.algorithms)
    func tampered(algorithm: SignatureAlgorithm) async throws {
        let (region, _) = try Sim.region()
        let inner = region.transport
        let tampering = ClosureTransport { request in
            var request = request
            request.urlString = request.urlString.replacingOccurrences(of: "ecs.g7.large", with: "ecs.g7.8xlarge")
            return try await inner.send(request)
        }
        let client = try Sim.client(for: region, algorithm: algorithm, transport: tampering)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch())
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(region.calls.first?.parameters["InstanceType"] == "ecs.g7.8xlarge", "the change did reach the region")
        #expect(region.allInstances.isEmpty)
    }

    @Test("An unknown AccessKey ID is refused with InvalidAccessKeyId.NotFound", arguments: Sim.algorithms)
    func unknownKey(algorithm: SignatureAlgorithm) async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(
            for: region, credentials: ECSCredentials(accessKeyId: "LTAIunknownkey", accessKeySecret: Sim.secret), algorithm: algorithm)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstances(DescribeInstancesRequest())
        }
        #expect(error?.code == "InvalidAccessKeyId.NotFound")
        #expect(error?.httpStatus == 404)
    }

    @Test("A date 20 minutes behind the region's clock is refused with InvalidTimeStamp.Expired", arguments: Sim.algorithms)
    func staleDate(algorithm: SignatureAlgorithm) async throws {
        let (region, clock) = try Sim.region()
        let behind = VirtualClock(start: clock.now.plus(-20 * 60))
        let client = try Sim.client(for: region, algorithm: algorithm, clock: behind)
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch())
        }
        #expect(error?.code == "InvalidTimeStamp.Expired")
        #expect(error?.httpStatus == 400)
        #expect(region.allInstances.isEmpty)
    }

    @Test("A date 20 minutes ahead is refused too; 14 minutes either way is within the allowed skew", arguments: Sim.algorithms)
    func skewBounds(algorithm: SignatureAlgorithm) async throws {
        let (region, clock) = try Sim.region()
        let ahead = try Sim.client(for: region, algorithm: algorithm, clock: VirtualClock(start: clock.now.plus(20 * 60)))
        let error = await #expect(throws: ECSServiceError.self) {
            try await ahead.describeInstances(DescribeInstancesRequest())
        }
        #expect(error?.code == "InvalidTimeStamp.Expired")

        for offset: Double in [-14 * 60, 14 * 60] {
            let skewed = try Sim.client(for: region, algorithm: algorithm, clock: VirtualClock(start: clock.now.plus(offset)))
            _ = try await skewed.describeInstances(DescribeInstancesRequest())
        }
        #expect(region.calls.map(\.succeeded) == [false, true, true])
    }

    @Test("A reused nonce is refused with SignatureNonceUsed", arguments: Sim.algorithms)
    func reusedNonce(algorithm: SignatureAlgorithm) async throws {
        let (region, _) = try Sim.region()
        let client = try Sim.client(for: region, algorithm: algorithm, nonceGenerator: { "always-the-same-nonce" })
        _ = try await client.describeInstances(DescribeInstancesRequest())
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstances(DescribeInstancesRequest())
        }
        #expect(error?.code == "SignatureNonceUsed")
        #expect(error?.httpStatus == 400)
        #expect(region.calls.map(\.nonce) == ["always-the-same-nonce", "always-the-same-nonce"])

        // Fresh nonces keep working.
        let fresh = try Sim.client(for: region, algorithm: algorithm)
        _ = try await fresh.describeInstances(DescribeInstancesRequest())
        _ = try await fresh.describeInstances(DescribeInstancesRequest())
        #expect(region.calls.suffix(2).allSatisfy { $0.succeeded })
    }

    @Test("STS credentials: the right token is accepted; a wrong or missing token is refused", arguments: Sim.algorithms)
    func securityToken(algorithm: SignatureAlgorithm) async throws {
        let sts = ECSCredentials(accessKeyId: "STS.NUsimulated", accessKeySecret: "sts-secret", securityToken: "CAIS-right-token")
        let (region, _) = try Sim.region(SimulatedRegionConfiguration(credentials: [sts]))

        let client = try region.makeClient(signatureAlgorithm: algorithm, retryPolicy: .none)
        _ = try await client.describeInstances(DescribeInstancesRequest())

        let wrong = try Sim.client(
            for: region,
            credentials: ECSCredentials(accessKeyId: sts.accessKeyId, accessKeySecret: sts.accessKeySecret, securityToken: "CAIS-wrong-token"),
            algorithm: algorithm)
        let mismatch = await #expect(throws: ECSServiceError.self) {
            try await wrong.describeInstances(DescribeInstancesRequest())
        }
        #expect(mismatch?.code == "InvalidSecurityToken.Mismatch")

        let missing = try Sim.client(
            for: region, credentials: ECSCredentials(accessKeyId: sts.accessKeyId, accessKeySecret: sts.accessKeySecret), algorithm: algorithm)
        let absent = await #expect(throws: ECSServiceError.self) {
            try await missing.describeInstances(DescribeInstancesRequest())
        }
        #expect(absent?.code == "MissingSecurityToken")
        #expect(region.calls.map(\.succeeded) == [true, false, false])
    }

    @Test("With verification off, any signature is accepted")
    func verificationOff() async throws {
        let (region, _) = try Sim.region(SimulatedRegionConfiguration(verifiesSignatures: false))
        let client = try Sim.client(for: region, credentials: ECSCredentials(accessKeyId: "anyone", accessKeySecret: "anything"))
        _ = try await client.describeInstances(DescribeInstancesRequest())
        #expect(region.calls.map(\.outcome) == [.success])
    }

    @Test("The Authorization header is read field by field: spaces before a name, any order, empty and unknown fields skipped, the last of a repeated field wins")
    func authorizationFields() async throws {
        let (region, _) = try Sim.region()
        /// The outcome of a call whose `Authorization` value is rewritten from its fields, in the order sent.
        func outcome(_ rewrite: @escaping @Sendable (_ credential: String, _ headers: String, _ signature: String) -> String) async throws -> SimulatedCall.Outcome? {
            let inner = region.transport
            let rewriting = ClosureTransport { request in
                var request = request
                request.headers = request.headers.map { header in
                    guard header.name.lowercased() == "authorization" else { return header }
                    var fields: [String: String] = [:]
                    for field in header.value.dropFirst("ACS3-HMAC-SHA256 ".count).split(separator: ",") {
                        let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
                        fields[parts[0]] = parts[1]
                    }
                    let value = rewrite(fields["Credential"] ?? "", fields["SignedHeaders"] ?? "", fields["Signature"] ?? "")
                    return HTTPHeader(name: header.name, value: "ACS3-HMAC-SHA256 " + value)
                }
                return try await inner.send(request)
            }
            let client = try Sim.client(for: region, transport: rewriting)
            _ = try? await client.describeInstances(DescribeInstancesRequest())
            return region.calls.last?.outcome
        }
        let wrong = String(repeating: "0", count: 64)

        #expect(try await outcome { "Credential=\($0),SignedHeaders=\($1),Signature=\($2)" } == .success)
        #expect(try await outcome { "Credential=\($0), SignedHeaders=\($1),  Signature=\($2)" } == .success)
        #expect(try await outcome { "Signature=\($2),Credential=\($0),SignedHeaders=\($1)," } == .success)
        #expect(try await outcome { "Credential=\($0),,SignedHeaders=\($1),Other=1,=Signature=\($2)" } == .success)
        #expect(try await outcome { "Credential=\($0),SignedHeaders=\($1),Signature=\(wrong),Signature=\($2)" } == .success)
        #expect(try await outcome { "Credential=\($0),SignedHeaders=\($1),Signature=\($2),Signature=\(wrong)" } == .error(code: "SignatureDoesNotMatch"))
        #expect(try await outcome { credential, headers, _ in "Credential=\(credential),SignedHeaders=\(headers)" } == .error(code: "IncompleteSignature"))
        #expect(try await outcome { credential, headers, _ in "Credential=\(credential),SignedHeaders=\(headers),Signature=" } == .error(code: "IncompleteSignature"))
        #expect(try await outcome { "Credential=\($0),SignedHeaders=host;x-acs-action,Signature=\($2)" } == .error(code: "IncompleteSignature"))
    }
}
