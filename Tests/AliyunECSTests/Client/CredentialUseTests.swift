import AliyunECSTesting
import Foundation
import Testing
@testable import AliyunECS

/// How the client uses its credential provider: fixed credentials are read once, any other provider is
/// asked before every attempt, so that rotated temporary credentials sign the next retry.
@Suite("Credential use")
struct CredentialUseTests {
    /// Hands out `id-1`, `id-2`, … and counts how often it was asked.
    final class RotatingProvider: CredentialProvider, @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var asked = 0
        var count: Int { lock.withLock { asked } }

        func credentials() async throws -> ECSCredentials {
            let number = lock.withLock {
                asked += 1
                return asked
            }
            return ECSCredentials(accessKeyId: "id-\(number)", accessKeySecret: "secret-\(number)", securityToken: "token-\(number)")
        }
    }

    /// The AccessKey ID each request was signed with, from its `Authorization` header.
    private static func keyIds(_ requests: [ECSHTTPRequest]) -> [String] {
        requests.compactMap { request in
            let authorization = request.headers.first { $0.name == "Authorization" }?.value ?? ""
            return authorization.split(separator: ",").first?.split(separator: "=").last.map(String.init)
        }
    }

    private static let throttled = #"{"Code":"Throttling.User","Message":"slow down","RequestId":"r-0"}"#
    private static let answer = #"{"RequestId":"r-1","Instances":{"Instance":[]},"TotalCount":0}"#

    @Test("A provider is asked before every attempt, and each attempt is signed with what it returned")
    func rotatingProviderSignsEachAttempt() async throws {
        let provider = RotatingProvider()
        let transport = ScriptedTransport([.respond(400, Self.throttled), .respond(200, Self.answer)])
        let clock = VirtualClock()
        let client = try TestClients.client(transport: transport, clock: clock, credentials: provider)
        _ = try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }

        #expect(provider.count == 2)
        #expect(Self.keyIds(transport.requests) == ["id-1", "id-2"])
        let tokens = transport.requests.map { request in request.headers.first { $0.name == "x-acs-security-token" }?.value }
        #expect(tokens == ["token-1", "token-2"])
    }

    @Test("Fixed credentials sign every attempt alike")
    func fixedCredentials() async throws {
        let transport = ScriptedTransport([.respond(400, Self.throttled), .respond(200, Self.answer)])
        let clock = VirtualClock()
        let client = try TestClients.client(transport: transport, clock: clock)
        _ = try await clock.run { try await client.describeInstances(DescribeInstancesRequest()) }

        #expect(Self.keyIds(transport.requests) == ["testid", "testid"])
        #expect(transport.requests.allSatisfy { request in !request.headers.contains { $0.name == "x-acs-security-token" } })
    }
}
