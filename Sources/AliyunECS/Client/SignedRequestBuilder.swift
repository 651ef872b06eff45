import Foundation

/// Turns an action and its parameters into a signed HTTP request, for one attempt.
///
/// Each attempt is signed afresh (new date, new nonce): ECS rejects a reused nonce, so a retry can never
/// resend the bytes of an earlier attempt.
struct SignedRequestBuilder: Sendable {
    static let apiVersion = "2014-05-26"

    let endpoint: ECSEndpoint
    let algorithm: SignatureAlgorithm
    let userAgent: String
    private let baseURL: String
    private let acs3: ACS3RequestTemplate

    init(endpoint: ECSEndpoint, algorithm: SignatureAlgorithm, userAgent: String) {
        self.endpoint = endpoint
        self.algorithm = algorithm
        self.userAgent = userAgent
        baseURL = endpoint.baseURL + "/?"
        acs3 = ACS3RequestTemplate(host: endpoint.hostHeader, userAgent: userAgent)
    }

    /// What was sent, minus anything secret: for logs and for scrubbing server messages.
    struct Built {
        var request: ECSHTTPRequest
        /// The signature, to scrub from what a server echoes back.
        var signature: Substring
    }

    /// Signs a request whose business parameters are given as a canonical query (see
    /// `QueryEncoder.canonicalQuery`).
    func build(
        action: String, canonicalQuery: [UInt8], credentials: ECSCredentials, date: Date, nonce: String
    ) -> Built {
        let timestamp = ECSTimestamp.string(from: date)
        switch algorithm.scheme {
        case .acs3HMACSHA256:
            return buildACS3(action: action, query: canonicalQuery, credentials: credentials, timestamp: timestamp, nonce: nonce)
        case .rpcHMACSHA1:
            return buildRPC(
                action: action, parameters: CanonicalQuery.parameters(canonicalQuery), credentials: credentials,
                timestamp: timestamp, nonce: nonce)
        }
    }

    /// Signs a request whose business parameters are given as a list.
    func build(
        action: String, parameters: [QueryParameter], credentials: ECSCredentials, date: Date, nonce: String
    ) -> Built {
        build(
            action: action, canonicalQuery: CanonicalQuery.bytes(CanonicalQuery.sorted(parameters)),
            credentials: credentials, date: date, nonce: nonce)
    }

    private func buildACS3(
        action: String, query: [UInt8], credentials: ECSCredentials, timestamp: String, nonce: String
    ) -> Built {
        let call = ACS3RequestTemplate.Call(
            action: action, canonicalQuery: query, timestamp: timestamp, nonce: nonce, securityToken: credentials.securityToken)
        let signed = acs3.sign(call, accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret)
        return Built(request: ECSHTTPRequest(method: "POST", urlString: urlString(query: query), headers: signed.headers), signature: signed.signature)
    }

    private func buildRPC(
        action: String, parameters: [QueryParameter], credentials: ECSCredentials, timestamp: String, nonce: String
    ) -> Built {
        var all = parameters
        all.append(QueryParameter(name: "Action", value: action))
        all.append(QueryParameter(name: "Version", value: Self.apiVersion))
        all.append(QueryParameter(name: "Format", value: "json"))
        all.append(QueryParameter(name: "AccessKeyId", value: credentials.accessKeyId))
        all.append(QueryParameter(name: "SignatureMethod", value: "HMAC-SHA1"))
        all.append(QueryParameter(name: "SignatureVersion", value: "1.0"))
        all.append(QueryParameter(name: "SignatureNonce", value: nonce))
        all.append(QueryParameter(name: "Timestamp", value: timestamp))
        if let token = credentials.securityToken {
            all.append(QueryParameter(name: "SecurityToken", value: token))
        }
        var query = CanonicalQuery.bytes(CanonicalQuery.sorted(all))
        let signature = RPCHMACSHA1Signer().sign(method: "POST", canonicalQuery: query, accessKeySecret: credentials.accessKeySecret)
        query.append(contentsOf: "&Signature=".utf8)
        PercentEncoding.append(signature.signature, to: &query)
        let headers = [
            HTTPHeader(name: "host", value: endpoint.hostHeader),
            HTTPHeader(name: "x-acs-action", value: action),
            HTTPHeader(name: "x-acs-version", value: Self.apiVersion),
            HTTPHeader(name: "accept", value: "application/json"),
            HTTPHeader(name: "user-agent", value: userAgent),
        ]
        return Built(request: ECSHTTPRequest(method: "POST", urlString: urlString(query: query), headers: headers), signature: Substring(signature.signature))
    }

    /// `scheme://host[:port]/?query`: every part is already valid URL text (the host was validated when
    /// the endpoint was made, the query is percent-encoded), so the result is a valid URL.
    private func urlString(query: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: baseURL.utf8.count + query.count) { buffer in
            var sink = BoundedByteSink(buffer)
            sink.append(utf8: baseURL)
            query.withUnsafeBufferPointer { sink.append(contentsOf: $0) }
            return sink.count
        }
    }
}
