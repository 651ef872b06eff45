import AliyunECS
import Foundation

/// A request as the simulated region sees it: method, decoded parameters, headers and body, read once.
struct IncomingRequest: Sendable {
    var method: String
    /// Every query parameter (and form-body parameter), decoded, in arrival order.
    var parameters: [(name: String, value: String)]
    /// The headers in arrival order, names lower-cased.
    var headers: [HTTPHeader]
    var body: Data
    /// `true` for the RPC signature scheme (signature in the query).
    let isRPC: Bool
    /// The action, from `x-acs-action` or the `Action` parameter.
    let action: String?
    /// The business parameters (without the RPC scheme's own) by name; the last of a repeated name wins.
    let businessParameters: [String: String]

    init(_ request: ECSHTTPRequest) {
        method = request.method
        headers = request.headers.map { header in
            Self.needsLowercasing(header.name) ? HTTPHeader(name: header.name.lowercased(), value: header.value) : header
        }
        body = request.body
        var parameters: [(name: String, value: String)] = []
        Self.parse(request.percentEncodedQuery, into: &parameters)
        if Self.header("content-type", in: headers)?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            Self.parse(String(decoding: body, as: UTF8.self), into: &parameters)
        }
        self.parameters = parameters
        let isRPC = parameters.contains { $0.name == "Signature" || $0.name == "SignatureMethod" }
        self.isRPC = isRPC
        action = Self.header("x-acs-action", in: headers) ?? parameters.first { $0.name == "Action" }?.value
        var business: [String: String] = [:]
        business.reserveCapacity(parameters.count)
        for parameter in parameters where !(isRPC && Self.rpcCommonNames.contains(parameter.name)) {
            business[parameter.name] = parameter.value
        }
        businessParameters = business
    }

    /// Appends the `name=value` pairs of a form-encoded text, each side percent-decoded (`+` as a space;
    /// a side that does not decode is kept as it came).
    static func parse(_ text: String, into parameters: inout [(name: String, value: String)]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                if end > start {
                    var equals = start
                    while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                    let name = decoded(UnsafeBufferPointer(rebasing: bytes[start..<equals]))
                    let value = equals < end ? decoded(UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<end])) : ""
                    parameters.append((name, value))
                }
                start = end + 1
            }
        }
    }

    private static func decoded(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        PercentEncoding.decode(utf8: bytes) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// `true` when lower-casing could change `name` (an upper-case ASCII letter, or any non-ASCII byte).
    private static func needsLowercasing(_ name: String) -> Bool {
        name.utf8.contains { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 >= 0x80 }
    }

    private static func header(_ lowercasedName: String, in headers: [HTTPHeader]) -> String? {
        headers.first { $0.name == lowercasedName }?.value
    }

    /// The value of the first header with this name, compared case-insensitively.
    func header(_ name: String) -> String? {
        Self.header(Self.needsLowercasing(name) ? name.lowercased() : name, in: headers)
    }

    func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// The names the RPC scheme adds to every request; they are not business parameters.
    static let rpcCommonNames: Set<String> = [
        "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion",
        "SignatureNonce", "Timestamp", "SecurityToken", "Signature", "SignatureType",
    ]
}
