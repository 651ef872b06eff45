import AliyunECS
import Foundation

/// In `--dry-run`, the last line of defence: refuses every ECS action that changes anything, so that
/// whatever code path is taken, nothing is imaged, launched, started, stopped, tagged or deleted. A refused
/// action is counted as `dry_run` (it never reaches the network, so it is no client error).
package struct DryRunTransport: ECSTransport {
    let base: any ECSTransport
    let metrics: GuardianMetrics

    package init(base: any ECSTransport, metrics: GuardianMetrics) {
        self.base = base
        self.metrics = metrics
    }

    /// Actions that only read.
    static func isReadOnly(_ action: String) -> Bool {
        action.hasPrefix("Describe") || action.hasPrefix("List") || action.hasPrefix("Query") || action.hasPrefix("Get")
    }

    package func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse {
        let action = request.headers[header: "x-acs-action"] ?? MeasuredTransport.queryAction(request.percentEncodedQuery) ?? ""
        guard Self.isReadOnly(action) else {
            metrics.apiCall(action: action, outcome: "dry_run")
            // An ECS-shaped refusal: the caller sees a typed service error, never a mutation.
            let body = #"{"RequestId":"dry-run","Code":"DryRun.Refused","Message":"spot-guardian runs with --dry-run: \#(action) is not sent."}"#
            return ECSHTTPResponse(statusCode: 403, headers: [HTTPHeader(name: "Content-Type", value: "application/json")], body: Data(body.utf8))
        }
        return try await base.send(request)
    }
}
