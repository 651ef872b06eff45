import Crypto
import Foundation

/// Signs requests with the legacy RPC scheme (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`).
///
/// A pure value. The caller puts the common parameters (`AccessKeyId`, `SignatureNonce`, `Timestamp`, …)
/// in the parameter list; the signature is sent as one more parameter, `Signature`.
///
/// String to sign: `METHOD&%2F&` + percentEncode(canonical query); signature:
/// `base64(HMAC-SHA1(secret + "&", string to sign))`.
public struct RPCHMACSHA1Signer: Sendable {
    /// Everything a signature is made from, for tests and for servers that verify one.
    public struct Signature: Sendable, Hashable {
        /// The sorted, encoded query that was signed (without `Signature`).
        public var canonicalizedQuery: String
        /// The string that was signed.
        public var stringToSign: String
        /// The Base64 signature.
        public var signature: String
    }

    /// Creates a signer.
    public init() {}

    static let keys = HMACKeyCache<Insecure.SHA1>()

    /// Signs a parameter set.
    /// - Parameters:
    ///   - method: `POST` or `GET`.
    ///   - parameters: Every query parameter except `Signature`.
    ///   - accessKeySecret: The secret; the HMAC key is the secret followed by `&`.
    /// - Returns: The signature and how it was made.
    public func sign(method: String, parameters: [QueryParameter], accessKeySecret: String) -> Signature {
        sign(method: method, canonicalQuery: CanonicalQuery.bytes(CanonicalQuery.sorted(parameters)), accessKeySecret: accessKeySecret)
    }

    func sign(method: String, canonicalQuery: [UInt8], accessKeySecret: String) -> Signature {
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(canonicalQuery.count * 5 / 4 + 16)
        stringToSign.append(contentsOf: method.utf8)
        stringToSign.append(contentsOf: "&%2F&".utf8)
        PercentEncoding.appendEncoded(canonicalQuery, to: &stringToSign)
        var hmac = Self.keys.mac(for: accessKeySecret + "&")
        hmac.update(data: stringToSign)
        let mac = hmac.finalize()
        return Signature(
            canonicalizedQuery: String(decoding: canonicalQuery, as: UTF8.self),
            stringToSign: String(decoding: stringToSign, as: UTF8.self),
            signature: Data(mac).base64EncodedString())
    }
}
