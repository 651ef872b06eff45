import AliyunECS
import Foundation

extension RegionState {
    /// Builds a request model from the received parameters, as ECS validates types.
    ///
    /// The model decoded for the previous call is reused when this call sent the same parameters
    /// (see ``DecodedRequestMemo``).
    func decode<Request: Decodable>(_ type: Request.Type, _ parameters: [String: String]) throws(SimulatedAPIError) -> Request {
        try decodedRequests.request(type, parameters) { () throws(SimulatedAPIError) -> Request in
            do {
                return try QueryDecoder().decode(type, from: parameters)
            } catch let error as DecodingError {
                throw .invalidParameter(Self.parameterName(of: error), "is not valid")
            } catch {
                throw .invalidParameter("request")
            }
        }
    }

    static func parameterName(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        return path.map(\.stringValue).joined(separator: ".")
    }

    func checkRegion(_ regionId: String?) throws(SimulatedAPIError) {
        guard let regionId, !regionId.isEmpty else { throw .missingParameter("RegionId") }
        guard regionId == configuration.regionId else {
            throw SimulatedAPIError(status: 404, code: "InvalidRegionId.NotFound", message: "The specified RegionId \(regionId) does not exist.")
        }
    }

    /// `true` when two calls sent the same parameters, the ClientToken aside.
    ///
    /// The first call's parameters are kept as they came (the dictionary the call record shares): a
    /// digest made on every call would cost more than the rare comparison of a replayed token.
    static func sameParameters(_ first: [String: String], _ second: [String: String]) -> Bool {
        func countWithoutToken(_ parameters: [String: String]) -> Int {
            parameters.count - (parameters["ClientToken"] == nil ? 0 : 1)
        }
        guard countWithoutToken(first) == countWithoutToken(second) else { return false }
        return first.allSatisfy { name, value in name == "ClientToken" || second[name] == value }
    }

    /// Returns the earlier answer for a repeated ClientToken, or throws on a parameter mismatch.
    mutating func replay<Response: ECSResponse>(
        _ type: Response.Type, action: String, token: String?, parameters: [String: String]
    ) throws(SimulatedAPIError) -> Response? {
        guard let token, !token.isEmpty else { return nil }
        guard token.utf8.count <= 64, token.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw .invalidParameter("ClientToken", "must be ASCII of at most 64 characters")
        }
        guard let record = idempotency[action + "\u{0}" + token] else { return nil }
        guard Self.sameParameters(record.parameters, parameters) else {
            throw SimulatedAPIError(status: 400, code: "IdempotentParameterMismatch", message: "The request uses the same client token as a previous, but non-identical request.")
        }
        return record.response as? Response
    }

    mutating func remember(_ response: some ECSResponse, action: String, token: String?, parameters: [String: String]) {
        guard let token, !token.isEmpty else { return }
        idempotency[action + "\u{0}" + token] = IdempotencyRecord(parameters: parameters, response: response)
    }
}

/// Encodes answers in ECS's JSON shape (nested lists, ECS timestamps), straight to bytes.
enum ResponseWriter {
    static func body(_ value: some Encodable) -> Data {
        (try? StreamingJSONEncoder.encode(value)) ?? Data("{}".utf8)
    }

    /// A DescribeInstances answer; `sizeHint` is the buffer to reserve, and becomes this answer's size.
    static func body(_ page: DescribedInstancesPage, sizeHint: inout Int) -> Data {
        (try? StreamingJSONEncoder.encode(page.response, instances: page.instances, capacity: &sizeHint)) ?? Data("{}".utf8)
    }

    static func error(_ error: SimulatedAPIError, requestId: String, host: String) -> Data {
        body([
            "RequestId": requestId,
            "HostId": host,
            "Code": error.code,
            "Message": error.message,
            "Recommend": "https://api.aliyun.com/troubleshoot?q=\(error.code)&product=Ecs&requestId=\(requestId)",
        ])
    }
}
