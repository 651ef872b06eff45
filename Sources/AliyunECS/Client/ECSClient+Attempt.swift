import Foundation
import Logging

extension ECSClient {
    /// One attempt: fresh credentials, a fresh signature, one exchange, one interpretation.
    /// Every failure is wrapped in ``AttemptFailure``, except cancellation, which ends the call.
    ///
    /// The synchronous work (signing, interpreting the answer) lives in plain functions: whatever an async
    /// function keeps across an `await` is allocated in the task's frame, so this one keeps little.
    func attempt<Request: ECSRequest>(
        _ type: Request.Type, canonicalQuery: [UInt8], number: Int
    ) async throws -> Request.Response {
        let credentials: ECSCredentials
        if let fixedCredentials {
            credentials = fixedCredentials
        } else {
            do {
                credentials = try await credentialProvider.credentials()
            } catch let error as CancellationError {
                throw error
            } catch {
                throw AttemptFailure(error: error, retryAfter: nil)
            }
        }
        let built = signedRequest(action: Request.action, canonicalQuery: canonicalQuery, credentials: credentials, number: number)
        // Only the debug line uses the duration: no clock reads when it is off.
        let startedAt = logger.logLevel <= .debug ? ContinuousClock.now : nil
        let response: ECSHTTPResponse
        do {
            response = try await transport.send(built.request)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            let secrets = Self.secrets(credentials: credentials, signature: built.signature, canonicalQuery: canonicalQuery)
            let failure = Self.clientError(forTransportError: error, action: Request.action, secrets: secrets)
            logAttempt(action: Request.action, number: number, status: nil, requestId: nil, startedAt: startedAt, outcome: failure.kind.description)
            throw AttemptFailure(error: failure, retryAfter: nil)
        }
        return try interpret(
            response, as: Request.self, number: number, startedAt: startedAt,
            secrets: { Self.secrets(credentials: credentials, signature: built.signature, canonicalQuery: canonicalQuery) })
    }

    /// The signed request of one attempt, with its attempt number (and, at `trace`, a log of its
    /// parameters with secrets redacted).
    private func signedRequest(action: String, canonicalQuery: [UInt8], credentials: ECSCredentials, number: Int) -> SignedRequestBuilder.Built {
        var built = builder.build(
            action: action, canonicalQuery: canonicalQuery, credentials: credentials,
            date: configuration.clock.now, nonce: configuration.nonceGenerator())
        // Unsigned and harmless to ECS; lets a simulator or proxy tell retries from new calls.
        built.request.headers.append(HTTPHeader(name: Self.attemptHeaderName, value: String(number)))
        if logger.logLevel <= .trace {
            logger.trace("ECS request", metadata: [
                "ecs.action": "\(action)",
                "ecs.parameters": "\(Self.loggable(CanonicalQuery.parameters(canonicalQuery)))",
            ])
        }
        return built
    }

    /// The decoded answer of a 2xx response, or the failure any other response stands for.
    /// - Parameter secrets: What to scrub from the server's words; only a failure needs it.
    private func interpret<Request: ECSRequest>(
        _ response: ECSHTTPResponse, as type: Request.Type, number: Int,
        startedAt: ContinuousClock.Instant?, secrets: () -> [String]
    ) throws -> Request.Response {
        let action = Request.action
        if (200..<300).contains(response.statusCode) {
            do {
                let decoded = try ECSJSONDecoder().decode(Request.Response.self, from: response.body)
                logAttempt(action: action, number: number, status: response.statusCode, requestId: decoded.requestId, startedAt: startedAt, outcome: "ok")
                return decoded
            } catch {
                let failure = ResponseInterpreter.undecodableSuccess(
                    error, body: [UInt8](response.body), status: response.statusCode, action: action, secrets: secrets())
                logAttempt(action: action, number: number, status: response.statusCode, requestId: nil, startedAt: startedAt, outcome: failure.kind.description)
                throw AttemptFailure(error: failure, retryAfter: nil)
            }
        }
        let failure = ResponseInterpreter.failure(body: [UInt8](response.body), status: response.statusCode, action: action, secrets: secrets())
        let retryAfter = ResponseInterpreter.retryAfter(response.headers, now: configuration.clock.now)
        switch failure {
        case let service as ECSServiceError:
            logAttempt(action: action, number: number, status: response.statusCode, requestId: service.requestId, startedAt: startedAt, outcome: service.code)
        case let client as ECSClientError:
            logAttempt(action: action, number: number, status: response.statusCode, requestId: nil, startedAt: startedAt, outcome: client.kind.description)
        default:
            break
        }
        throw AttemptFailure(error: failure, retryAfter: retryAfter)
    }

    private func logAttempt(action: String, number: Int, status: Int?, requestId: String?, startedAt: ContinuousClock.Instant?, outcome: String) {
        guard let startedAt else { return }
        let elapsed = ContinuousClock.now - startedAt
        logger.debug("ECS call", metadata: [
            "ecs.action": "\(action)",
            "ecs.host": "\(endpoint.host)",
            "ecs.attempt": "\(number)",
            "http.status": "\(status.map(String.init) ?? "none")",
            "ecs.request_id": "\(requestId ?? "none")",
            "ecs.outcome": "\(outcome)",
            "duration_ms": "\(String(format: "%.2f", elapsed.inSeconds * 1000))",
        ])
    }

    /// Parameters as `Name=value` pairs for trace logs, with secret values replaced.
    static func loggable(_ parameters: [QueryParameter]) -> String {
        parameters.map { "\($0.name)=\(Redaction.value($0.value, forName: $0.name))" }.joined(separator: "&")
    }

    /// Everything a server might echo back that must not reach an error message.
    static func secrets(credentials: ECSCredentials, signature: Substring, canonicalQuery: [UInt8]) -> [String] {
        var secrets = [credentials.accessKeySecret, String(signature)]
        if let token = credentials.securityToken { secrets.append(token) }
        for parameter in CanonicalQuery.parameters(canonicalQuery) where Redaction.isSensitive(parameter.name) {
            secrets.append(parameter.value)
        }
        return secrets
    }

    static func clientError(forTransportError error: any Error, action: String, secrets: [String]) -> ECSClientError {
        // Only our own transport messages are quoted: other errors may carry the request URL, query and all.
        guard let transportError = error as? ECSTransportError else {
            return ECSClientError(kind: .connectionFailed, message: "The transport failed (\(type(of: error)))", action: action)
        }
        let message = Redaction.scrub(transportError.message, secrets: secrets)
        switch transportError.kind {
        case .timedOut:
            return ECSClientError(kind: .timedOut, message: "No answer in time: \(message)", action: action)
        case .responseTooLarge:
            return ECSClientError(kind: .responseTooLarge, message: message, action: action)
        default:
            return ECSClientError(kind: .connectionFailed, message: "The connection failed: \(message)", action: action)
        }
    }
}
