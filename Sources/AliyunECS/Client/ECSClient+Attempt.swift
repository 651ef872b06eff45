import Foundation
import Logging

extension ECSClient {
    /// One attempt: fresh credentials, a fresh signature, one exchange, and the interpretation of any
    /// answer but a 2xx one, which is returned undecoded for ``decodeAnswer(_:as:action:number:canonicalQuery:)``.
    /// Every failure is wrapped in ``AttemptFailure``, except cancellation, which ends the call.
    ///
    /// Not generic: decoding, the one step that depends on the action, is left to the caller, so a release
    /// build compiles the attempt once instead of specializing it for every action (the copies were a tenth
    /// of `AliyunECS`'s machine code, and a group module made its own again for each of its actions).
    /// The synchronous work (signing, interpreting the answer) lives in plain functions: whatever an async
    /// function keeps across an `await` is allocated in the task's frame, so this one keeps little.
    func attempt(action: String, canonicalQuery: [UInt8], number: Int) async throws -> AnsweredAttempt {
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
        let built = signedRequest(action: action, canonicalQuery: canonicalQuery, credentials: credentials, number: number)
        // Only the debug line uses the duration: no clock reads when it is off.
        let startedAt = logger.logLevel <= .debug ? ContinuousClock.now : nil
        let response: ECSHTTPResponse
        do {
            response = try await transport.send(built.request)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            let secrets = Self.secrets(credentials: credentials, signature: built.signature, canonicalQuery: canonicalQuery)
            let failure = Self.clientError(forTransportError: error, action: action, secrets: secrets)
            logAttempt(action: action, number: number, status: nil, requestId: nil, startedAt: startedAt, outcome: failure.kind.description)
            throw AttemptFailure(error: failure, retryAfter: nil)
        }
        let answered = AnsweredAttempt(response: response, startedAt: startedAt, credentials: credentials, signature: built.signature)
        guard (200..<300).contains(response.statusCode) else {
            throw failure(of: answered, action: action, number: number, canonicalQuery: canonicalQuery)
        }
        return answered
    }

    /// The answer of a 2xx attempt, decoded (and logged), or the failure of an answer that does not decode.
    func decodeAnswer<Response: ECSResponse>(
        _ answered: AnsweredAttempt, as type: Response.Type, action: String, number: Int, canonicalQuery: [UInt8]
    ) throws -> Response {
        do {
            let decoded = try ECSJSONDecoder().decode(Response.self, from: answered.response.body)
            logAttempt(action: action, number: number, status: answered.response.statusCode, requestId: decoded.requestId, startedAt: answered.startedAt, outcome: "ok")
            return decoded
        } catch {
            throw undecodable(answered, error: error, action: action, number: number, canonicalQuery: canonicalQuery)
        }
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

    /// The failure a 2xx answer that does not decode stands for.
    private func undecodable(
        _ answered: AnsweredAttempt, error: any Error, action: String, number: Int, canonicalQuery: [UInt8]
    ) -> AttemptFailure {
        let response = answered.response
        let failure = ResponseInterpreter.undecodableSuccess(
            error, body: [UInt8](response.body), status: response.statusCode, action: action,
            secrets: answered.secrets(canonicalQuery: canonicalQuery))
        logAttempt(action: action, number: number, status: response.statusCode, requestId: nil, startedAt: answered.startedAt, outcome: failure.kind.description)
        return AttemptFailure(error: failure, retryAfter: nil)
    }

    /// The failure any answer but a 2xx one stands for, with the server's retry-after hint.
    private func failure(of answered: AnsweredAttempt, action: String, number: Int, canonicalQuery: [UInt8]) -> AttemptFailure {
        let response = answered.response
        let failure = ResponseInterpreter.failure(
            body: [UInt8](response.body), status: response.statusCode, action: action,
            secrets: answered.secrets(canonicalQuery: canonicalQuery))
        let retryAfter = ResponseInterpreter.retryAfter(response.headers, now: configuration.clock.now)
        switch failure {
        case let service as ECSServiceError:
            logAttempt(action: action, number: number, status: response.statusCode, requestId: service.requestId, startedAt: answered.startedAt, outcome: service.code)
        case let client as ECSClientError:
            logAttempt(action: action, number: number, status: response.statusCode, requestId: nil, startedAt: answered.startedAt, outcome: client.kind.description)
        default:
            break
        }
        return AttemptFailure(error: failure, retryAfter: retryAfter)
    }

    // Never inlined: every action's specialized `decodeAnswer` calls it, and inlined there, its metadata
    // (string interpolations, a dictionary literal, a formatted duration) was most of each copy's code.
    @inline(never)
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

/// An attempt that got an answer, kept until the answer is read: the response, when the exchange started
/// (for the debug log), and what its signature was made of (to scrub from a failure's message).
struct AnsweredAttempt {
    var response: ECSHTTPResponse
    var startedAt: ContinuousClock.Instant?
    var credentials: ECSCredentials
    var signature: Substring

    /// Everything the server might echo back that must not reach an error message.
    func secrets(canonicalQuery: [UInt8]) -> [String] {
        ECSClient.secrets(credentials: credentials, signature: signature, canonicalQuery: canonicalQuery)
    }
}
