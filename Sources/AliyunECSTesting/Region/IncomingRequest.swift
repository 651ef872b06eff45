import AliyunECS
import Foundation

/// A request as the simulated region sees it: method, decoded parameters, headers and body.
struct IncomingRequest: Sendable {
    var method: String
    /// Every query parameter (and form-body parameter), decoded, in arrival order.
    var parameters: [(name: String, value: String)]
    var headers: [HTTPHeader]
    var body: Data

    init(_ request: ECSHTTPRequest) {
        method = request.method
        headers = request.headers
        body = request.body
        var parameters: [(name: String, value: String)] = []
        Self.parse(request.percentEncodedQuery, into: &parameters)
        if headers[header: "content-type"]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            Self.parse(String(decoding: body, as: UTF8.self), into: &parameters)
        }
        self.parameters = parameters
    }

    static func parse(_ text: String, into parameters: inout [(name: String, value: String)]) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(parts[0]) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentEncoding.decode(parts[1]) ?? String(parts[1])) : ""
            parameters.append((name, value))
        }
    }

    func header(_ name: String) -> String? { headers[header: name] }

    func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// The names the RPC scheme adds to every request; they are not business parameters.
    static let rpcCommonNames: Set<String> = [
        "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion",
        "SignatureNonce", "Timestamp", "SecurityToken", "Signature", "SignatureType",
    ]

    var isRPC: Bool { parameter("Signature") != nil || parameter("SignatureMethod") != nil }

    var action: String? { header("x-acs-action") ?? parameter("Action") }

    /// The business parameters as a dictionary.
    var businessParameters: [String: String] {
        var result: [String: String] = [:]
        for parameter in parameters where !(isRPC && Self.rpcCommonNames.contains(parameter.name)) {
            result[parameter.name] = parameter.value
        }
        return result
    }
}
