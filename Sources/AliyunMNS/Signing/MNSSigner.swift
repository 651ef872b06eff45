import AliyunECS
import Crypto
import Foundation

/// Signs MNS requests: `Authorization: MNS <AccessKeyId>:<Signature>`, with
/// `Signature = base64(HMAC-SHA1(secret, VERB \n Content-MD5 \n Content-Type \n Date \n
/// CanonicalizedMNSHeaders CanonicalizedResource))`.
///
/// A pure value: the date and every header come from the caller, so the documented worked example is a
/// unit test, and the simulated queue service verifies requests with the same code.
package struct MNSSigner: Sendable {
    /// The scheme word of the `Authorization` header.
    package static let scheme = "MNS"

    /// Creates a signer.
    package init() {}

    /// The string that is signed.
    /// - Parameters:
    ///   - method: `GET`, `POST`, `PUT` or `DELETE`.
    ///   - contentMD5: The `Content-MD5` header, or empty.
    ///   - contentType: The `Content-Type` header, or empty.
    ///   - date: The `Date` header as sent.
    ///   - headers: Every header of the request; those whose name starts with `x-mns-` are signed.
    ///   - resource: The path with its query, exactly the bytes sent.
    package func stringToSign(
        method: String, contentMD5: String, contentType: String, date: String, headers: [HTTPHeader], resource: String
    ) -> String {
        let signed = headers
            .map { (name: $0.name.lowercased(), value: $0.value.trimmingCharacters(in: .whitespaces)) }
            .filter { $0.name.hasPrefix("x-mns-") }
            .sorted { $0.name < $1.name }
        var text = "\(method)\n\(contentMD5)\n\(contentType)\n\(date)\n"
        for header in signed { text += "\(header.name):\(header.value)\n" }
        return text + resource
    }

    /// The Base64 signature of `stringToSign` with `accessKeySecret`.
    package func signature(of stringToSign: String, accessKeySecret: String) -> String {
        let key = SymmetricKey(data: Array(accessKeySecret.utf8))
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return Data(code).base64EncodedString()
    }

    /// The `Authorization` header value.
    package func authorization(accessKeyId: String, signature: String) -> String {
        "\(Self.scheme) \(accessKeyId):\(signature)"
    }

    /// `Content-MD5` as both official SDKs send it: Base64 of the 32-character lower-case hex MD5 of the body
    /// (not of its 16 raw bytes).
    package static func contentMD5(of body: Data) -> String {
        let hex = Insecure.MD5.hash(data: body).map { String(format: "%02x", $0) }.joined()
        return Data(hex.utf8).base64EncodedString()
    }
}
