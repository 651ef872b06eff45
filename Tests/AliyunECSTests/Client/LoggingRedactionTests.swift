import AliyunECSTesting
import Foundation
import Logging
import Testing
@testable import AliyunECS

/// One debug line per attempt, and no secret anywhere: logs, descriptions, dumps, errors.
@Suite("Logging and secrets")
struct LoggingRedactionTests {
    static let secret = "Sup3rS3cretAccessKey/+="
    static let token = "STS.CAIS-security-token/+=value"
    static let password = "P@ssw0rd-do-not-log"
    static let userData = "IyEvYmluL3NoCmVjaG8gc2VjcmV0Cg=="

    @Test("Trace logging of a retried launch contains no secret, and one debug line per attempt", arguments: [SignatureAlgorithm.acs3HMACSHA256, .rpcHMACSHA1])
    func noSecretsInLogs(algorithm: SignatureAlgorithm) async throws {
        let credentials = ECSCredentials(accessKeyId: "STS.testid", accessKeySecret: Self.secret, securityToken: Self.token)
        let region = SimulatedRegion(configuration: .init(credentials: [credentials]))
        region.inject(.throttling(action: "RunInstances", times: 1))
        region.inject(.serviceUnavailableHTML(action: "RunInstances", times: 1))
        let (logger, store) = CapturingLogHandler.logger()
        let clock = try #require(region.virtualClock)
        let client = try ECSClient(
            region: "cn-hangzhou", credentials: StaticCredentialProvider(credentials), transport: region.transport,
            endpoint: "https://ecs.cn-hangzhou.aliyuncs.com",
            configuration: .init(signatureAlgorithm: algorithm, clock: clock, environment: [:]), logger: logger)
        var request = RetryTests.launchRequest()
        request.password = Self.password
        request.userData = Self.userData
        let launch = request
        _ = try await clock.run { try await client.runInstances(launch) }

        let text = store.text
        let attemptLines = store.lines.filter { $0.contains("ECS call") }
        #expect(attemptLines.count == 3)
        #expect(attemptLines.allSatisfy { $0.contains("ecs.action=RunInstances") && $0.contains("ecs.attempt=") && $0.contains("http.status=") && $0.contains("duration_ms=") && $0.contains("ecs.request_id=") })
        #expect(text.contains("<redacted>"), "trace logs show that a password was sent, not what it was")
        for secret in [Self.secret, Self.token, Self.password, Self.userData, PercentEncoding.encode(Self.token), PercentEncoding.encode(Self.password)] {
            #expect(!text.contains(secret))
        }
        for call in region.calls {
            #expect(!call.parameters.values.contains(Self.password))
        }
        let signatures = region.calls.compactMap(\.nonce)
        #expect(!signatures.isEmpty)
        #expect(!text.contains("Signature="), "no signature or Authorization value")
        #expect(!text.contains("ACS3-HMAC-SHA256 Credential"))
    }

    @Test("A request's description, debug description and dump hide its password and user data")
    func requestDescriptions() {
        var request = RetryTests.launchRequest()
        request.password = Self.password
        request.userData = Self.userData
        var dumped = ""
        dump(request, to: &dumped)
        for text in [request.description, request.debugDescription, "\(request)", String(reflecting: request), dumped] {
            #expect(!text.contains(Self.password))
            #expect(!text.contains(Self.userData))
            #expect(text.contains("<redacted>"))
        }
        #expect(request.description.contains("InstanceType=ecs.e-c1m1.large"))
    }

    @Test("Errors never carry the secret, the token or the password")
    func errorsCarryNoSecret() async throws {
        let credentials = ECSCredentials(accessKeyId: "testid", accessKeySecret: Self.secret, securityToken: Self.token)
        let echo = ClosureTransport { request in
            // A hostile proxy that echoes the whole request URL back in an HTML page.
            ECSHTTPResponse(statusCode: 400, body: Data("<html>bad request \(request.urlString) \(request.headers.map(\.value))</html>".utf8))
        }
        let client = try TestClients.client(transport: echo, credentials: StaticCredentialProvider(credentials), algorithm: .rpcHMACSHA1)
        var request = RetryTests.launchRequest()
        request.password = Self.password
        let error = await #expect(throws: ECSClientError.self) { try await client.runInstances(request) }
        let text = "\(try #require(error))"
        for secret in [Self.secret, Self.token, Self.password, PercentEncoding.encode(Self.token), PercentEncoding.encode(Self.password)] {
            #expect(!text.contains(secret))
        }
    }

    @Test("A flattened name is as secret as its last non-empty part; other names are not secret")
    func sensitiveNames() {
        for name in ["Password", "password", "NetworkInterface.1.Password", "Password.", "Password..", "x.UserData", "Authorization", "PASSWORD",
                     "X-Acs-Security-Token", "Access\u{212A}eySecret"] {
            #expect(Redaction.isSensitive(name), "\(name)")
        }
        for name in ["ImageId", "Password.1", "PasswordInherit", ".", "", "DataDisk.1.Size", "Passwörd.Password.1", "Passwörd",
                     "Passwor", "Passwordd", "Pass_ord"] {
            #expect(!Redaction.isSensitive(name), "\(name)")
        }
    }
}
