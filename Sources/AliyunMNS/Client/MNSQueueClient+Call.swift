import AliyunECS
import Foundation
import Logging

extension MNSQueueClient {
    /// Sends `call` with retries and returns its 2xx answer.
    /// - Throws: The last attempt's error when the policy allows no more (``MNSServiceError``,
    ///   `ECSClientError`), ``PartialDeleteFailure`` for a batch delete that failed for some handles, or
    ///   `CancellationError`.
    func perform(_ call: MNSCall) async throws -> ECSHTTPResponse {
        let policy = configuration.retryPolicy
        let clock = configuration.clock
        let started = clock.now
        var attempt = 1
        while true {
            try Task.checkCancellation()
            do {
                return try await self.attempt(call, number: attempt)
            } catch let error where !(error is CancellationError) && !(error is PartialDeleteFailure) {
                guard attempt <= policy.maximumRetries, Self.isRetryable(error, policy: policy) else { throw error }
                let delay = policy.backoff(beforeRetry: attempt, random: configuration.randomUnit())
                if let deadline = policy.deadline, clock.now.timeIntervalSince(started) + delay.inSeconds > deadline.inSeconds {
                    throw error
                }
                logger.debug("MNS retry scheduled", metadata: [
                    "mns.action": "\(call.action)", "mns.attempt": "\(attempt)", "mns.retry_in_ms": "\(Int(delay.inSeconds * 1000))",
                ])
                try await clock.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// `true` when `error` is worth another attempt: throttling, the service's own trouble, 5xx, lost
    /// connections and timeouts; never another 4xx.
    static func isRetryable(_ error: any Error, policy: RetryPolicy) -> Bool {
        if let service = error as? MNSServiceError {
            return policy.retryableStatusCodes.contains(service.httpStatus)
                || MNSServiceError.retryableCodes.contains(service.code) || service.code.hasPrefix("Throttling")
        }
        return policy.isRetryable(error)
    }

    /// One attempt: credentials, a fresh signature and `Date`, one exchange, one interpretation.
    private func attempt(_ call: MNSCall, number: Int) async throws -> ECSHTTPResponse {
        let credentials = try await credentialProvider.credentials()
        let (request, signature) = signedRequest(call, credentials: credentials)
        let secrets = [credentials.accessKeySecret, signature] + (credentials.securityToken.map { [$0] } ?? [])
        let response: ECSHTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            let failure = Self.clientError(forTransportError: error, action: call.action, secrets: secrets)
            log(call, number: number, status: nil, requestId: nil, outcome: failure.kind.description)
            throw failure
        }
        let requestId = response.headers[header: "x-mns-request-id"]
        guard response.body.count <= configuration.maximumResponseSize else {
            log(call, number: number, status: response.statusCode, requestId: requestId, outcome: "responseTooLarge")
            throw ECSClientError(
                kind: .responseTooLarge, message: "The answer is larger than \(configuration.maximumResponseSize) bytes",
                action: call.action, httpStatus: response.statusCode, requestId: requestId)
        }
        if (200..<300).contains(response.statusCode) {
            log(call, number: number, status: response.statusCode, requestId: requestId, outcome: "ok")
            return response
        }
        let failure = Self.failure(of: response, action: call.action, secrets: secrets)
        switch failure {
        case let service as MNSServiceError:
            log(call, number: number, status: response.statusCode, requestId: service.requestId ?? requestId, outcome: service.code)
        case let partial as PartialDeleteFailure:
            log(call, number: number, status: response.statusCode, requestId: requestId, outcome: "\(partial.failures.count) handles failed")
        default:
            log(call, number: number, status: response.statusCode, requestId: requestId, outcome: "unexpectedResponse")
        }
        throw failure
    }

    /// The signed request of one attempt, and its signature (to keep out of any error).
    private func signedRequest(_ call: MNSCall, credentials: ECSCredentials) -> (ECSHTTPRequest, String) {
        let date = HTTPDate.string(from: configuration.clock.now)
        var headers = [
            HTTPHeader(name: "Host", value: endpoint.authority),
            HTTPHeader(name: "Date", value: date),
            HTTPHeader(name: "x-mns-version", value: "2015-06-06"),
            HTTPHeader(name: "User-Agent", value: configuration.userAgent),
        ]
        var contentMD5 = ""
        var contentType = ""
        if !call.body.isEmpty {
            contentMD5 = MNSSigner.contentMD5(of: call.body)
            contentType = MNSCall.xmlContentType
            headers.append(HTTPHeader(name: "Content-Type", value: contentType))
            headers.append(HTTPHeader(name: "Content-MD5", value: contentMD5))
        }
        let signer = MNSSigner()
        let stringToSign = signer.stringToSign(
            method: call.method, contentMD5: contentMD5, contentType: contentType, date: date, headers: headers, resource: call.resource)
        let signature = signer.signature(of: stringToSign, accessKeySecret: credentials.accessKeySecret)
        headers.append(HTTPHeader(name: "Authorization", value: signer.authorization(accessKeyId: credentials.accessKeyId, signature: signature)))
        if let token = credentials.securityToken, !token.isEmpty {
            headers.append(HTTPHeader(name: "security-token", value: token))
        }
        return (ECSHTTPRequest(method: call.method, urlString: endpoint.url + call.resource, headers: headers, body: call.body), signature)
    }

    /// The error a non-2xx answer stands for: ``MNSServiceError`` for an `<Error>` document,
    /// ``PartialDeleteFailure`` for an `<Errors>` list, `ECSClientError` for anything else.
    static func failure(of response: ECSHTTPResponse, action: String, secrets: [String]) -> any Error {
        let requestId = response.headers[header: "x-mns-request-id"]
        if let root = try? MNSXMLReader.parse(response.body) {
            if var service = MNSServiceError(xml: root, action: action, httpStatus: response.statusCode) {
                service.message = Redaction.scrub(service.message, secrets: secrets)
                if service.requestId == nil { service.requestId = requestId }
                return service
            }
            if action == "BatchDeleteMessage", let failures = MNSDeleteFailure.list(xml: root) {
                return PartialDeleteFailure(failures: failures.map { failure in
                    var scrubbed = failure
                    scrubbed.message = Redaction.scrub(failure.message, secrets: secrets)
                    return scrubbed
                })
            }
        }
        let body = [UInt8](response.body)
        return ECSClientError(
            kind: .unexpectedResponse,
            message: body.isEmpty ? "The server answered with an empty body" : "The server answered with something that is not an MNS error",
            action: action, httpStatus: response.statusCode,
            bodyExcerpt: ECSClientError.excerpt(of: Array(Redaction.scrub(String(decoding: body.prefix(8192), as: UTF8.self), secrets: secrets).utf8)),
            requestId: requestId)
    }

    /// Reads a 2xx answer's XML into a value.
    func read<Value>(
        _ response: ECSHTTPResponse, of call: MNSCall, _ decode: (MNSXMLElement) throws(MNSXMLReader.Failure) -> Value
    ) throws -> Value {
        do {
            return try decode(try MNSXMLReader.parse(response.body, limits: .init(maximumSize: configuration.maximumResponseSize)))
        } catch {
            throw ECSClientError(
                kind: response.body.isEmpty ? .unexpectedResponse : .malformedResponse,
                message: "The answer could not be read: \(error.message)", action: call.action, httpStatus: response.statusCode,
                bodyExcerpt: ECSClientError.excerpt(of: Array(response.body.prefix(800))),
                requestId: response.headers[header: "x-mns-request-id"])
        }
    }

    static func clientError(forTransportError error: any Error, action: String, secrets: [String]) -> ECSClientError {
        // Only our own transport messages are quoted: other errors may carry the request URL.
        guard let transportError = error as? ECSTransportError else {
            return ECSClientError(kind: .connectionFailed, message: "The transport failed (\(type(of: error)))", action: action)
        }
        let message = Redaction.scrub(transportError.message, secrets: secrets)
        switch transportError.kind {
        case .timedOut: return ECSClientError(kind: .timedOut, message: "No answer in time: \(message)", action: action)
        case .responseTooLarge: return ECSClientError(kind: .responseTooLarge, message: message, action: action)
        default: return ECSClientError(kind: .connectionFailed, message: "The connection failed: \(message)", action: action)
        }
    }

    private func log(_ call: MNSCall, number: Int, status: Int?, requestId: String?, outcome: String) {
        guard logger.logLevel <= .debug else { return }
        logger.debug("MNS call", metadata: [
            "mns.action": "\(call.action)", "mns.queue": "\(queueName)", "mns.host": "\(endpoint.host)",
            "mns.attempt": "\(number)", "http.status": "\(status.map(String.init) ?? "none")",
            "mns.request_id": "\(requestId ?? "none")", "mns.outcome": "\(outcome)",
        ])
    }
}

/// A batch delete that MNS answered with an `<Errors>` list: the handles it did not delete.
struct PartialDeleteFailure: Error {
    var failures: [MNSDeleteFailure]
}
