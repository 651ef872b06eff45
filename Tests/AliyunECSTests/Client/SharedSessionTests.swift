import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import AliyunECS

/// Clients, credential sources and metadata clients share one URLSession per configuration.
@Suite("Shared URLSessions")
struct SharedSessionTests {
    @Test("Transports with the same configuration share a session; another configuration gets its own")
    func sharing() {
        let configuration = URLSessionTransport.Configuration(connectTimeout: .seconds(3), requestTimeout: .seconds(7))
        #expect(URLSessionTransport(configuration: configuration).session === URLSessionTransport(configuration: configuration).session)
        #expect(URLSessionTransport().session === URLSessionTransport.shared.session)
        #expect(URLSessionTransport(configuration: configuration).session !== URLSessionTransport.shared.session)
    }

    @Test("Every client with the default transport, and the credential chain's sources, reuse the shared sessions")
    func defaults() throws {
        let first = try ECSClient(region: "cn-hangzhou", credentials: .static(accessKeyId: "a", accessKeySecret: "b"), configuration: .init(environment: [:]))
        let second = try ECSClient(region: "cn-hangzhou", credentials: .static(accessKeyId: "a", accessKeySecret: "b"), configuration: .init(environment: [:]))
        let firstSession = try #require(first.transport as? URLSessionTransport).session
        #expect(firstSession === (try #require(second.transport as? URLSessionTransport)).session)
        let credentialTransports = [CredentialSourceContext(environment: [:]), CredentialSourceContext(environment: [:])]
            .compactMap { $0.transport as? URLSessionTransport }
        #expect(credentialTransports.count == 2)
        #expect(credentialTransports[0].session === credentialTransports[1].session)
    }

    @Test("An injected session is used as it is")
    func injected() {
        let session = URLSession(configuration: .ephemeral)
        defer { session.invalidateAndCancel() }
        #expect(URLSessionTransport(session: session).session === session)
    }
}
