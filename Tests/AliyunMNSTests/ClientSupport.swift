import AliyunECS
import AliyunECSTesting
import Foundation
import Logging
import Testing
@testable import AliyunMNS

/// What a scripted transport saw, and answers it gives in turn.
final class ScriptedExchange: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [ECSHTTPResponse]
    private var seen: [ECSHTTPRequest] = []

    init(_ answers: [ECSHTTPResponse]) {
        self.answers = answers
    }

    var requests: [ECSHTTPRequest] { lock.withLock { seen } }

    var transport: ClosureTransport {
        ClosureTransport { request in
            try self.lock.withLock {
                self.seen.append(request)
                guard !self.answers.isEmpty else { throw ECSTransportError(kind: .connectionLost, message: "no more scripted answers") }
                return self.answers.count == 1 ? self.answers[0] : self.answers.removeFirst()
            }
        }
    }

    /// A queue client of `queue` sending through this exchange, on a virtual clock.
    func client(
        queue: String = "spot-events", credentials: ECSCredentials = MNSTestKeys.credentials, retryPolicy: RetryPolicy = .none,
        clock: VirtualClock = VirtualClock(), maximumResponseSize: Int = 4 << 20, logger: Logger = ECSClient.silentLogger
    ) throws -> MNSQueueClient {
        try MNSQueueClient(
            endpoint: "https://1234567890.mns.cn-hangzhou.aliyuncs.com", queue: queue, credentials: StaticCredentialProvider(credentials),
            transport: transport,
            configuration: .init(retryPolicy: retryPolicy, clock: clock, randomUnit: { 0.5 }, maximumResponseSize: maximumResponseSize),
            logger: logger)
    }
}

enum MNSTestKeys {
    static let secret = "mns-test-secret-0c4f3b2a9e"
    static let token = "mns-sts-token-CAIS8gF1q6Ft5B2yfSjIr5bN"
    static let credentials = ECSCredentials(accessKeyId: "STS.NUgYrLnoC7", accessKeySecret: secret, securityToken: token)
}

extension ECSHTTPResponse {
    static func xml(_ status: Int, _ text: String, requestId: String = "REQ-1") -> ECSHTTPResponse {
        ECSHTTPResponse(
            statusCode: status,
            headers: [HTTPHeader(name: "Content-Type", value: "text/xml;charset=utf-8"), HTTPHeader(name: "x-mns-request-id", value: requestId)],
            body: Data(text.utf8))
    }

    static func fixture(_ status: Int, _ name: String, contentType: String = "text/xml;charset=utf-8") throws -> ECSHTTPResponse {
        ECSHTTPResponse(statusCode: status, headers: [HTTPHeader(name: "Content-Type", value: contentType)], body: try MNSFixtures.data(name))
    }
}
