import Foundation

/// Turns a response that is not a success into the right typed error.
enum ResponseInterpreter {
    /// The error body ECS sends with a 4xx/5xx status.
    struct ErrorBody: Decodable {
        var code: String?
        var message: String?
        var requestId: String?
        var hostId: String?
        var recommend: String?

        enum CodingKeys: String, CodingKey {
            case code = "Code"
            case message = "Message"
            case requestId = "RequestId"
            case hostId = "HostId"
            case recommend = "Recommend"
        }
    }

    /// An ``ECSServiceError`` for an ECS error body, or an ``ECSClientError`` for anything else
    /// (an HTML page from a proxy, an empty or truncated body).
    static func failure(body: [UInt8], status: Int, action: String, secrets: [String]) -> any Error {
        if let parsed = try? ECSJSONDecoder().decode(ErrorBody.self, from: body), let code = parsed.code, !code.isEmpty {
            return ECSServiceError(
                action: action, httpStatus: status, code: code,
                message: Redaction.scrub(parsed.message ?? "", secrets: secrets),
                requestId: parsed.requestId, hostId: parsed.hostId, recommend: parsed.recommend)
        }
        return ECSClientError(
            kind: .unexpectedResponse,
            message: body.isEmpty ? "The server answered with an empty body" : "The server answered with something that is not an ECS error",
            action: action, httpStatus: status,
            bodyExcerpt: scrubbedExcerpt(body, secrets: secrets))
    }

    /// The start of `body` with secrets removed before it is cut, so no secret survives even in part.
    static func scrubbedExcerpt(_ body: [UInt8], secrets: [String]) -> String {
        let head = String(decoding: body.prefix(8192), as: UTF8.self)
        return ECSClientError.excerpt(of: Array(Redaction.scrub(head, secrets: secrets).utf8))
    }

    /// The error for a 2xx body that did not decode into the expected response.
    static func undecodableSuccess(_ error: any Error, body: [UInt8], status: Int, action: String, secrets: [String]) -> ECSClientError {
        let excerpt = scrubbedExcerpt(body, secrets: secrets)
        guard let decodingError = error as? DecodingError else {
            return ECSClientError(kind: .malformedResponse, message: "The answer could not be read", action: action, httpStatus: status, bodyExcerpt: excerpt)
        }
        switch decodingError {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return ECSClientError(
                kind: .unexpectedResponse,
                message: body.isEmpty ? "The server answered with an empty body" : "The answer is not JSON (\(context.debugDescription))",
                action: action, httpStatus: status, bodyExcerpt: excerpt)
        default:
            return ECSClientError(
                kind: .malformedResponse,
                message: "The answer does not have the expected shape: \(describe(decodingError))",
                action: action, httpStatus: status, bodyExcerpt: excerpt)
        }
    }

    /// `at Instances.Instance[3].Cpu: Expected Int but found a string`-style text.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : "." + key.stringValue
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "at \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath)): missing \(key.stringValue)"
        @unknown default:
            return "undecodable"
        }
    }

    /// The server's `Retry-After` hint, in seconds or as an HTTP date.
    static func retryAfter(_ headers: [HTTPHeader], now: Date) -> Duration? {
        guard let value = headers[header: "Retry-After"]?.trimmingSpaces(), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 {
            return .seconds(fractional: min(seconds, 3600))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .seconds(fractional: min(max(date.timeIntervalSince(now), 0), 3600))
    }
}
