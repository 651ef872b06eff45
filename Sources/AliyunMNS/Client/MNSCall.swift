import AliyunECS
import Foundation

/// One MNS operation as it goes on the wire: the method, the resource (path and query, already encoded:
/// the bytes that are both sent and signed) and the body.
struct MNSCall: Sendable {
    /// The operation's name, for logs and errors (`BatchReceiveMessage`, …).
    var action: String
    var method: String
    var resource: String
    var body: Data = Data()

    /// The `Content-Type` of a body.
    static let xmlContentType = "text/xml;charset=UTF-8"

    /// A receipt handle as a query value: every byte but RFC 3986's unreserved ones percent-encoded, so that
    /// `+`, `/` and `=` arrive as they were given and the signed resource is what is sent.
    static func encoded(_ value: String) -> String {
        PercentEncoding.encode(value)
    }
}
