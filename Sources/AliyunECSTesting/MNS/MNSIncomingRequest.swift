import AliyunECS
import Foundation

/// An MNS request as the simulated service reads it: the operation, the queue, the query decoded, and the
/// resource exactly as sent (which is what was signed).
struct MNSIncomingRequest {
    var method: String
    /// The path and query as sent.
    var resource: String
    var headers: [HTTPHeader]
    var body: Data
    /// The queue named by `/queues/<name>/messages`, or `nil` for any other path.
    var queue: String?
    /// The query, percent-decoded (`+` as a space, as a server decodes a query).
    var query: [String: String]
    /// The operation, from the method and what the request carries.
    var action: String

    init(_ request: ECSHTTPRequest) {
        method = request.method.uppercased()
        headers = request.headers
        body = request.body
        var resource = request.urlString
        if let scheme = resource.range(of: "://") {
            let afterScheme = resource[scheme.upperBound...]
            resource = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }).map { String(afterScheme[$0...]) } ?? "/"
        }
        self.resource = resource
        let path = resource.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var query: [String: String] = [:]
        for pair in request.percentEncodedQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentEncoding.decode(parts[0]) else { continue }
            query[name] = parts.count > 1 ? PercentEncoding.decode(parts[1]) ?? String(parts[1]) : ""
        }
        self.query = query
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.count == 4, segments[0].isEmpty, segments[1] == "queues", !segments[2].isEmpty, segments[3] == "messages" {
            queue = String(segments[2])
        }
        switch method {
        case "GET": action = query["numOfMessages"] != nil ? "BatchReceiveMessage" : "ReceiveMessage"
        case "DELETE": action = query["ReceiptHandle"] != nil || body.isEmpty ? "DeleteMessage" : "BatchDeleteMessage"
        case "PUT": action = "ChangeMessageVisibility"
        case "POST": action = "SendMessage"
        default: action = "Unknown"
        }
    }

    /// Seconds a receive may wait (0 to 30), from `waitseconds`.
    var waitSeconds: Int {
        guard action.hasSuffix("ReceiveMessage"), let text = query["waitseconds"], let seconds = Int(text) else { return 0 }
        return min(max(seconds, 0), 30)
    }

    /// An integer parameter within `range`, or `fallback` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws(SimulatedMNSRefusal) -> Int {
        guard let text = query[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw SimulatedMNSRefusal(status: 400, code: "InvalidArgument", message: "\(name) must be from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }
}
