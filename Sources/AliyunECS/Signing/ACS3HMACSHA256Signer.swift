import Crypto

/// Signs requests with `ACS3-HMAC-SHA256`, the scheme the official SDKs use by default.
///
/// A pure value: the same method, query, headers and secret always give the same signature, so it can
/// be checked against published vectors and captured requests. The date and nonce are ordinary
/// `x-acs-date` / `x-acs-signature-nonce` headers chosen by the caller.
///
/// Canonical request: `METHOD \n path \n canonical-query \n canonical-headers \n signed-headers \n
/// hex(SHA-256(body))`; string to sign: `ACS3-HMAC-SHA256 \n hex(SHA-256(canonical request))`;
/// signature: `hex(HMAC-SHA-256(secret, string to sign))`.
public struct ACS3HMACSHA256Signer: Sendable {
    /// The scheme name that opens the string to sign and the `Authorization` header.
    public static let algorithmName = "ACS3-HMAC-SHA256"
    /// `hex(SHA-256(""))`: the `x-acs-content-sha256` of a request without a body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Everything a signature is made from, for tests and for servers that verify one.
    public struct Signature: Sendable, Hashable {
        /// The canonical request.
        public var canonicalRequest: String
        /// The string that was signed.
        public var stringToSign: String
        /// The signed header names, lower-cased, sorted, joined by `;`.
        public var signedHeaders: String
        /// The hex signature.
        public var signature: String
        /// The `Authorization` header value.
        public var authorization: String
    }

    /// Creates a signer.
    public init() {}

    static let keys = HMACKeyCache<SHA256>()

    /// Signs a request whose query is given as parameters (sorted and encoded here).
    /// - Parameters:
    ///   - method: `POST` or `GET`.
    ///   - path: The URL path, `/` for ECS.
    ///   - parameters: The unencoded query parameters.
    ///   - headers: Every header to sign: at least `host` and every `x-acs-*` header.
    ///   - payloadHash: `hex(SHA-256(body))`.
    ///   - accessKeyId: The AccessKey ID named in the `Authorization` header.
    ///   - accessKeySecret: The key the signature is made with.
    /// - Returns: The signature and how it was made.
    public func sign(
        method: String, path: String = "/", parameters: [QueryParameter], headers: [HTTPHeader],
        payloadHash: String = emptyPayloadHash, accessKeyId: String, accessKeySecret: String
    ) -> Signature {
        let query = CanonicalQuery.bytes(CanonicalQuery.sorted(parameters))
        return sign(
            method: method, path: path, canonicalQuery: query, headers: headers, payloadHash: payloadHash,
            accessKeyId: accessKeyId, accessKeySecret: accessKeySecret)
    }

    /// Signs a request whose canonical query string is already built.
    public func sign(
        method: String, path: String = "/", canonicalQuery: String, headers: [HTTPHeader],
        payloadHash: String = emptyPayloadHash, accessKeyId: String, accessKeySecret: String
    ) -> Signature {
        sign(
            method: method, path: path, canonicalQuery: Array(canonicalQuery.utf8), headers: headers,
            payloadHash: payloadHash, accessKeyId: accessKeyId, accessKeySecret: accessKeySecret)
    }

    func sign(
        method: String, path: String, canonicalQuery: [UInt8], headers: [HTTPHeader],
        payloadHash: String, accessKeyId: String, accessKeySecret: String
    ) -> Signature {
        let computed = compute(
            method: method, path: path, canonicalQuery: canonicalQuery, headers: headers,
            payloadHash: payloadHash, accessKeySecret: accessKeySecret)
        return Signature(
            canonicalRequest: String(decoding: computed.canonicalRequest, as: UTF8.self),
            stringToSign: computed.stringToSign,
            signedHeaders: computed.signedHeaders,
            signature: computed.signature,
            authorization: Self.authorization(accessKeyId: accessKeyId, signedHeaders: computed.signedHeaders, signature: computed.signature))
    }

    /// The `Authorization` header value.
    static func authorization(accessKeyId: String, signedHeaders: String, signature: String) -> String {
        var signature = signature
        return signature.withUTF8 { authorization(accessKeyId: accessKeyId, signedHeaders: signedHeaders, signatureDigits: UnsafeRawBufferPointer($0)) }
    }

    /// The `Authorization` header value, from the signature's hex digits as bytes.
    static func authorization(accessKeyId: String, signedHeaders: String, signatureDigits: UnsafeRawBufferPointer) -> String {
        let count = algorithmName.utf8.count + accessKeyId.utf8.count + signedHeaders.utf8.count + signatureDigits.count + 38
        // Laid out in one buffer of the exact size: repeated `String.append` re-checks and grows the storage.
        return String(unsafeUninitializedCapacity: count) { buffer in
            var sink = BoundedByteSink(buffer)
            sink.append(utf8: algorithmName)
            sink.append(utf8: " Credential=")
            sink.append(utf8: accessKeyId)
            sink.append(utf8: ",SignedHeaders=")
            sink.append(utf8: signedHeaders)
            sink.append(utf8: ",Signature=")
            sink.append(contentsOf: signatureDigits.assumingMemoryBound(to: UInt8.self))
            return sink.count
        }
    }

    /// The signature and what it was made from, the canonical request left as bytes.
    package func compute(
        method: String, path: String, canonicalQuery: [UInt8], headers: [HTTPHeader],
        payloadHash: String, accessKeySecret: String
    ) -> (canonicalRequest: [UInt8], stringToSign: String, signedHeaders: String, signature: String) {
        // Headers already lower-cased, trimmed and sorted need no work.
        let canonicalHeaders = Self.isCanonical(headers) ? headers : headers
            .map { HTTPHeader(name: Self.lowercased($0.name), value: Self.trimmed($0.value)) }
            .sorted { $0.name < $1.name }
        var signedHeaders = ""
        signedHeaders.reserveCapacity(canonicalHeaders.count * 16)
        for (offset, header) in canonicalHeaders.enumerated() {
            if offset > 0 { signedHeaders += ";" }
            signedHeaders += header.name
        }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(canonicalQuery.count + 512)
        canonical.append(contentsOf: method.utf8)
        canonical.append(0x0A)
        canonical.append(contentsOf: Self.canonicalPath(path).utf8)
        canonical.append(0x0A)
        canonical.append(contentsOf: canonicalQuery)
        canonical.append(0x0A)
        for header in canonicalHeaders {
            canonical.append(contentsOf: header.name.utf8)
            canonical.append(UInt8(ascii: ":"))
            canonical.append(contentsOf: header.value.utf8)
            canonical.append(0x0A)
        }
        canonical.append(0x0A)
        canonical.append(contentsOf: signedHeaders.utf8)
        canonical.append(0x0A)
        canonical.append(contentsOf: payloadHash.utf8)

        let stringToSign = Self.algorithmName + "\n" + Hex.string(SHA256.hash(data: canonical))
        var mac = Self.keys.mac(for: accessKeySecret)
        var text = stringToSign
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        let signature = Hex.string(mac.finalize())
        return (canonical, stringToSign, signedHeaders, signature)
    }

    /// `true` when the headers are already in canonical form: lower-case names in order, trimmed values.
    static func isCanonical(_ headers: [HTTPHeader]) -> Bool {
        for (offset, header) in headers.enumerated() {
            if offset > 0, !(headers[offset - 1].name < header.name) { return false }
            if lowercased(header.name) != header.name || trimmed(header.value) != header.value { return false }
        }
        return true
    }

    /// Header names are compared lower-cased; the client already sends them so.
    static func lowercased(_ name: String) -> String {
        name.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } ? name.lowercased() : name
    }

    /// Header values are signed without surrounding spaces.
    static func trimmed(_ value: String) -> String {
        value.utf8.first == UInt8(ascii: " ") || value.utf8.last == UInt8(ascii: " ") ? value.trimmingSpaces() : value
    }

    /// Each path segment percent-encoded, the slashes kept.
    static func canonicalPath(_ path: String) -> String {
        guard !path.isEmpty, path != "/" else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.encode(String($0)) }
            .joined(separator: "/")
    }
}
