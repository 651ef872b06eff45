import AliyunECS
import Crypto
import Foundation

/// Checks a request's signature the way ECS does: the key pair, the signature itself, the security
/// token, the date's distance from the region's clock, and that the nonce has not been seen before.
struct SignatureVerifier: Sendable {
    var credentials: [ECSCredentials]
    var maximumSkew: TimeInterval

    /// The verified caller's AccessKey ID, and the nonce that must now be remembered.
    struct Verified {
        var accessKeyId: String
        var nonce: String
    }

    func verify(_ request: IncomingRequest, now: Date, seenNonces: [String: Date]) throws(SimulatedAPIError) -> Verified {
        if request.isRPC {
            return try verifyRPC(request, now: now, seenNonces: seenNonces)
        }
        guard let authorization = request.header("Authorization") else {
            throw SimulatedAPIError(status: 400, code: "IncompleteSignature", message: "The request signature is missing.")
        }
        return try verifyACS3(request, authorization: authorization, now: now, seenNonces: seenNonces)
    }

    private func lookup(_ accessKeyId: String) throws(SimulatedAPIError) -> ECSCredentials {
        guard let credentials = credentials.first(where: { $0.accessKeyId == accessKeyId }) else {
            throw SimulatedAPIError(status: 404, code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.")
        }
        return credentials
    }

    private func checkToken(_ token: String?, for credentials: ECSCredentials) throws(SimulatedAPIError) {
        guard let expected = credentials.securityToken else { return }
        guard let token, !token.isEmpty else {
            throw SimulatedAPIError(status: 400, code: "MissingSecurityToken", message: "The security token is missing for STS credentials.")
        }
        guard token == expected else {
            throw SimulatedAPIError(status: 400, code: "InvalidSecurityToken.Mismatch", message: "The security token does not match the AccessKey.")
        }
    }

    private func checkFreshness(date: String?, nonce: String?, now: Date, seenNonces: [String: Date]) throws(SimulatedAPIError) -> String {
        guard let date, let parsed = ECSTimestamp.date(from: date) else {
            throw SimulatedAPIError(status: 400, code: "InvalidTimeStamp.Format", message: "The request date is missing or malformed.")
        }
        guard abs(parsed.timeIntervalSince(now)) <= maximumSkew else {
            throw SimulatedAPIError(status: 400, code: "InvalidTimeStamp.Expired", message: "Specified time stamp or date value is expired.")
        }
        guard let nonce, !nonce.isEmpty else {
            throw SimulatedAPIError(status: 400, code: "MissingSignatureNonce", message: "The signature nonce is missing.")
        }
        guard seenNonces[nonce] == nil else {
            throw SimulatedAPIError(status: 400, code: "SignatureNonceUsed", message: "The request signature nonce has been used.")
        }
        return nonce
    }

    private func verifyACS3(
        _ request: IncomingRequest, authorization: String, now: Date, seenNonces: [String: Date]
    ) throws(SimulatedAPIError) -> Verified {
        let prefix = ACS3HMACSHA256Signer.algorithmName + " "
        guard authorization.hasPrefix(prefix) else {
            throw SimulatedAPIError(status: 400, code: "IncompleteSignature", message: "The Authorization header is not ACS3-HMAC-SHA256.")
        }
        let fields = AuthorizationFields(authorization.utf8.dropFirst(prefix.utf8.count))
        guard let accessKeyId = fields.credential, let signedHeaders = fields.signedHeaders, let signature = fields.signature else {
            throw SimulatedAPIError(status: 400, code: "IncompleteSignature", message: "The Authorization header is incomplete.")
        }
        let credentials = try lookup(accessKeyId)
        try checkToken(request.header("x-acs-security-token"), for: credentials)
        let nonce = try checkFreshness(date: request.header("x-acs-date"), nonce: request.header("x-acs-signature-nonce"), now: now, seenNonces: seenNonces)
        let names = signedHeaders.split(separator: ";").map(String.init)
        for required in ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce"] where !names.contains(required) {
            throw SimulatedAPIError(status: 400, code: "IncompleteSignature", message: "The header \(required) must be signed.")
        }
        let payloadHash = request.body.isEmpty ? ACS3HMACSHA256Signer.emptyPayloadHash : Hex.lowercase(SHA256.hash(data: request.body))
        if let declared = request.header("x-acs-content-sha256"), declared != payloadHash {
            throw SimulatedAPIError(status: 400, code: "ContentSHA256NotMatch", message: "The x-acs-content-sha256 header does not match the body.")
        }
        let headers = names.map { HTTPHeader(name: $0, value: request.header($0) ?? "") }
        let query = CanonicalQuery.bytes(CanonicalQuery.sorted(request.parameters.map { QueryParameter(name: $0.name, value: $0.value) }))
        let expected = ACS3HMACSHA256Signer().compute(
            method: request.method, path: "/", canonicalQuery: query, headers: headers,
            payloadHash: request.header("x-acs-content-sha256") ?? payloadHash, accessKeySecret: credentials.accessKeySecret)
        guard expected.signature == signature else {
            throw SimulatedAPIError(status: 400, code: "SignatureDoesNotMatch", message: "The request signature does not conform to Aliyun standards.")
        }
        return Verified(accessKeyId: accessKeyId, nonce: nonce)
    }

    private func verifyRPC(_ request: IncomingRequest, now: Date, seenNonces: [String: Date]) throws(SimulatedAPIError) -> Verified {
        guard let accessKeyId = request.parameter("AccessKeyId"), let signature = request.parameter("Signature") else {
            throw SimulatedAPIError(status: 400, code: "IncompleteSignature", message: "The request signature is incomplete.")
        }
        guard request.parameter("SignatureMethod") == "HMAC-SHA1" else {
            throw SimulatedAPIError(status: 400, code: "InvalidParameter.SignatureMethod", message: "Only HMAC-SHA1 is supported.")
        }
        let credentials = try lookup(accessKeyId)
        try checkToken(request.parameter("SecurityToken"), for: credentials)
        let nonce = try checkFreshness(date: request.parameter("Timestamp"), nonce: request.parameter("SignatureNonce"), now: now, seenNonces: seenNonces)
        let signed = request.parameters.filter { $0.name != "Signature" }.map { QueryParameter(name: $0.name, value: $0.value) }
        let expected = RPCHMACSHA1Signer().sign(method: request.method, parameters: signed, accessKeySecret: credentials.accessKeySecret)
        guard expected.signature == signature else {
            throw SimulatedAPIError(status: 400, code: "SignatureDoesNotMatch", message: "Specified signature is not matched with our calculation.")
        }
        return Verified(accessKeyId: accessKeyId, nonce: nonce)
    }
}

enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
