import AliyunECS

/// Counts every ECS API call the guardian makes, by action and outcome, then hands it to the real transport.
struct MeasuredTransport: ECSTransport {
    let base: any ECSTransport
    let metrics: GuardianMetrics

    func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse {
        let action = request.headers[header: "x-acs-action"] ?? Self.queryAction(request.percentEncodedQuery) ?? "unknown"
        do {
            let response = try await base.send(request)
            let outcome = switch response.statusCode {
            case 200..<300: "success"
            case 400..<500: "client_error"
            default: "server_error"
            }
            metrics.apiCall(action: action, outcome: outcome)
            return response
        } catch {
            metrics.apiCall(action: action, outcome: error is CancellationError ? "cancelled" : "transport_error")
            throw error
        }
    }

    /// `Action` of an RPC-style (HMAC-SHA1) request, from its query.
    static func queryAction(_ query: String) -> String? {
        for pair in query.split(separator: "&") where pair.hasPrefix("Action=") {
            return String(pair.dropFirst("Action=".count))
        }
        return nil
    }
}
