import Crypto

/// The parts of an `ACS3-HMAC-SHA256` request that are the same for every call of one client, laid out
/// once, so that signing a call only fills in its query, action, date, nonce and token.
///
/// It signs exactly what ``ACS3HMACSHA256Signer`` signs for the client's header set (`accept`, `host`,
/// `user-agent`, `x-acs-action`, `x-acs-content-sha256`, `x-acs-date`, optionally
/// `x-acs-security-token`, `x-acs-signature-nonce`, `x-acs-version`, in that canonical order); the
/// simulator checks every signature the client makes with the general signer, so the two cannot drift
/// apart unnoticed.
struct ACS3RequestTemplate: Sendable {
    /// What one call varies.
    struct Call {
        var action: String
        var canonicalQuery: [UInt8]
        var timestamp: String
        var nonce: String
        var securityToken: String?
    }

    /// A signed call: its headers (in canonical order, `Authorization` last) and its signature.
    struct Signed {
        var headers: [HTTPHeader]
        /// The hex signature: the end of the `Authorization` value, sharing its storage.
        var signature: Substring
    }

    private static let acceptValue = "application/json"

    private let host: String
    private let userAgent: String
    /// `POST`, `/`, and nothing else before the query.
    private let head: [UInt8] = Array("POST\n/\n".utf8)
    /// From the end of the query to the action's value.
    private let beforeAction: [UInt8]
    /// From the end of the action to the date's value.
    private let beforeDate: [UInt8]
    private let tokenLabel: [UInt8] = Array("x-acs-security-token:".utf8)
    private let nonceLabel: [UInt8] = Array("x-acs-signature-nonce:".utf8)
    /// From the end of the nonce to the end of the canonical request, without and with a token.
    private let tail: [UInt8]
    private let tailWithToken: [UInt8]
    private let signedHeaders: String
    private let signedHeadersWithToken: String

    /// Lays out the fixed parts for one endpoint and user agent.
    /// - Parameters:
    ///   - host: The `host` header (host, and port when not the scheme's default).
    ///   - userAgent: The `user-agent` header.
    init(host: String, userAgent: String) {
        self.host = ACS3HMACSHA256Signer.trimmed(host)
        self.userAgent = ACS3HMACSHA256Signer.trimmed(userAgent)
        beforeAction = Array("\naccept:\(Self.acceptValue)\nhost:\(self.host)\nuser-agent:\(self.userAgent)\nx-acs-action:".utf8)
        beforeDate = Array("\nx-acs-content-sha256:\(ACS3HMACSHA256Signer.emptyPayloadHash)\nx-acs-date:".utf8)
        let names = ["accept", "host", "user-agent", "x-acs-action", "x-acs-content-sha256", "x-acs-date"]
        signedHeaders = (names + ["x-acs-signature-nonce", "x-acs-version"]).joined(separator: ";")
        signedHeadersWithToken = (names + ["x-acs-security-token", "x-acs-signature-nonce", "x-acs-version"]).joined(separator: ";")
        let end = "\nx-acs-version:\(SignedRequestBuilder.apiVersion)\n\n"
        tail = Array("\(end)\(signedHeaders)\n\(ACS3HMACSHA256Signer.emptyPayloadHash)".utf8)
        tailWithToken = Array("\(end)\(signedHeadersWithToken)\n\(ACS3HMACSHA256Signer.emptyPayloadHash)".utf8)
    }

    /// The canonical request of `call`, as ``ACS3HMACSHA256Signer`` defines it.
    func canonicalRequest(_ call: Call) -> [UInt8] {
        withCanonicalRequest(call) { Array($0) }
    }

    /// Lays out the canonical request of `call` in temporary memory and passes it to `body`: signing only
    /// hashes it, so it needs no array of its own. It is hashed in one piece because each extra `update`
    /// of swift-crypto's SHA-256 costs more than copying the query.
    func withCanonicalRequest<Result>(_ call: Call, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let token = call.securityToken.map(ACS3HMACSHA256Signer.trimmed)
        let capacity = head.count + call.canonicalQuery.count + beforeAction.count + call.action.utf8.count
            + beforeDate.count + call.timestamp.utf8.count + 1 + nonceLabel.count + call.nonce.utf8.count
            + (token.map { tokenLabel.count + $0.utf8.count + 1 } ?? 0) + (token == nil ? tail.count : tailWithToken.count)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var sink = BoundedByteSink(buffer)
            head.withUnsafeBufferPointer { sink.append(contentsOf: $0) }
            call.canonicalQuery.withUnsafeBufferPointer { sink.append(contentsOf: $0) }
            beforeAction.withUnsafeBufferPointer { sink.append(contentsOf: $0) }
            sink.append(utf8: call.action)
            beforeDate.withUnsafeBufferPointer { sink.append(contentsOf: $0) }
            sink.append(utf8: call.timestamp)
            sink.append(0x0A)
            if let token {
                tokenLabel.withUnsafeBufferPointer { sink.append(contentsOf: $0) }
                sink.append(utf8: token)
                sink.append(0x0A)
            }
            nonceLabel.withUnsafeBufferPointer { sink.append(contentsOf: $0) }
            sink.append(utf8: call.nonce)
            (token == nil ? tail : tailWithToken).withUnsafeBufferPointer { sink.append(contentsOf: $0) }
            // The capacity is the exact sum of the parts, so nothing was dropped.
            return body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<sink.count])))
        }
    }

    /// Signs `call` with `accessKeySecret` and returns the headers to send.
    func sign(_ call: Call, accessKeyId: String, accessKeySecret: String) -> Signed {
        let digest = withCanonicalRequest(call) { SHA256.hash(data: $0) }
        var mac = ACS3HMACSHA256Signer.keys.mac(for: accessKeySecret)
        // The string to sign, `ACS3-HMAC-SHA256\n` + hex(digest), laid out on the stack and fed to the
        // MAC in one update (each `update` goes through a generic, unspecialised `DataProtocol` path).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.algorithmLine.count + 64) { buffer in
            let lineEnd = buffer.initialize(fromContentsOf: Self.algorithmLine)
            let written = Hex.withDigits(of: digest) { UnsafeMutableBufferPointer(rebasing: buffer[lineEnd...]).initialize(fromContentsOf: $0) }
            mac.update(data: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<(lineEnd + written)])))
        }
        let authorization = Hex.withDigits(of: mac.finalize()) { digits in
            ACS3HMACSHA256Signer.authorization(
                accessKeyId: accessKeyId, signedHeaders: call.securityToken == nil ? signedHeaders : signedHeadersWithToken,
                signatureDigits: digits)
        }

        var headers: [HTTPHeader] = []
        headers.reserveCapacity(11)
        headers.append(HTTPHeader(name: "accept", value: Self.acceptValue))
        headers.append(HTTPHeader(name: "host", value: host))
        headers.append(HTTPHeader(name: "user-agent", value: userAgent))
        headers.append(HTTPHeader(name: "x-acs-action", value: call.action))
        headers.append(HTTPHeader(name: "x-acs-content-sha256", value: ACS3HMACSHA256Signer.emptyPayloadHash))
        headers.append(HTTPHeader(name: "x-acs-date", value: call.timestamp))
        if let token = call.securityToken {
            headers.append(HTTPHeader(name: "x-acs-security-token", value: token))
        }
        headers.append(HTTPHeader(name: "x-acs-signature-nonce", value: call.nonce))
        headers.append(HTTPHeader(name: "x-acs-version", value: SignedRequestBuilder.apiVersion))
        headers.append(HTTPHeader(name: "Authorization", value: authorization))
        return Signed(headers: headers, signature: Self.signature(inAuthorization: authorization))
    }

    /// The hex signature that ends an `Authorization` value (`…,Signature=` + 64 digits).
    static func signature(inAuthorization authorization: String) -> Substring {
        Substring(authorization.utf8.suffix(2 * SHA256.byteCount))
    }

    private static let algorithmLine: [UInt8] = Array("\(ACS3HMACSHA256Signer.algorithmName)\n".utf8)
}
