import AliyunECS
import AliyunMNS
import Foundation

/// Checks an MNS request as MNS does: the `Authorization` header and its key, the signature over exactly
/// the resource that was sent, the `Date`'s distance from the service's clock, the STS token, and the
/// body's `Content-MD5`.
struct MNSRequestVerifier {
    var credentials: [ECSCredentials]
    var maximumSkew: TimeInterval

    func verify(method: String, resource: String, headers: [HTTPHeader], body: Data, now: Date) throws(SimulatedMNSRefusal) {
        guard let authorization = headers[header: "Authorization"], !authorization.isEmpty else {
            throw SimulatedMNSRefusal(status: 400, code: "MissingAuthorizationHeader", message: "The Authorization header is missing.")
        }
        let prefix = MNSSigner.scheme + " "
        let fields = authorization.hasPrefix(prefix) ? authorization.dropFirst(prefix.count).split(separator: ":", maxSplits: 1) : []
        guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
            throw SimulatedMNSRefusal(status: 400, code: "InvalidAuthorizationHeader", message: "The Authorization header is invalid.")
        }
        guard let key = credentials.first(where: { $0.accessKeyId == fields[0] }) else {
            throw SimulatedMNSRefusal(status: 403, code: "InvalidAccessKeyId", message: "The access key ID you provided does not exist.")
        }
        guard let dateText = headers[header: "Date"] else {
            throw SimulatedMNSRefusal(status: 400, code: "MissingDateHeader", message: "The Date header is missing.")
        }
        guard let date = HTTPDate.date(from: dateText) else {
            throw SimulatedMNSRefusal(status: 400, code: "InvalidDateHeader", message: "The Date header is not an RFC 1123 date.")
        }
        guard abs(date.timeIntervalSince(now)) <= maximumSkew else {
            throw SimulatedMNSRefusal(status: 408, code: "TimeExpired", message: "The request's Date is too far from the server's time.")
        }
        let contentMD5 = headers[header: "Content-MD5"] ?? ""
        if !body.isEmpty, !contentMD5.isEmpty, contentMD5 != MNSSigner.contentMD5(of: body) {
            throw SimulatedMNSRefusal(status: 400, code: "InvalidDigest", message: "The Content-MD5 does not match the body.")
        }
        let signer = MNSSigner()
        let expected = signer.signature(
            of: signer.stringToSign(
                method: method, contentMD5: contentMD5, contentType: headers[header: "Content-Type"] ?? "", date: dateText,
                headers: headers, resource: resource),
            accessKeySecret: key.accessKeySecret)
        guard expected == fields[1] else {
            throw SimulatedMNSRefusal(status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided.")
        }
        if let token = key.securityToken, headers[header: "security-token"] != token {
            throw SimulatedMNSRefusal(status: 403, code: "AccessDenied", message: "The security token is missing or does not match the key.")
        }
    }
}
