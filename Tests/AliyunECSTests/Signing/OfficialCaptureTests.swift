import Foundation
import Testing
@testable import AliyunECS

/// Every request the official Python SDK sent for the four actions, in both signature schemes and with
/// an STS token: our signer must produce the same canonical request and signature from the same date,
/// nonce and headers.
@Suite("Captured official requests")
struct OfficialCaptureTests {
    static let names = Fixtures.capturedRequestNames

    @Test("There are captures for every action in both schemes")
    func capturesExist() {
        #expect(Self.names.count == 12)
        #expect(Self.names.contains { $0.hasPrefix("v1_") } && Self.names.contains { $0.hasPrefix("v3_") })
    }

    @Test("Our signer reproduces the captured signature", arguments: names)
    func signatureMatches(name: String) throws {
        let capture = try CapturedRequest(name: name)
        let expected = try #require(capture.officialSignature)
        if capture.isRPC {
            let parameters = capture.query.filter { $0.key != "Signature" }.map { QueryParameter(name: $0.key, value: $0.value) }
            let signature = RPCHMACSHA1Signer().sign(method: capture.method, parameters: parameters, accessKeySecret: "testsecret")
            #expect(signature.canonicalizedQuery == capture.verify["canonicalized_query_string"] as? String)
            #expect(signature.stringToSign == capture.verify["string_to_sign"] as? String)
            #expect(signature.signature == expected)
        } else {
            let headers = capture.signedHeaderNames.map { HTTPHeader(name: $0, value: capture.header($0) ?? "") }
            #expect(headers.count >= 6)
            let signature = ACS3HMACSHA256Signer().sign(
                method: capture.method, path: "/",
                parameters: capture.query.map { QueryParameter(name: $0.key, value: $0.value) },
                headers: headers, payloadHash: try #require(capture.header("x-acs-content-sha256")),
                accessKeyId: "testid", accessKeySecret: "testsecret")
            #expect(signature.canonicalRequest == capture.verify["canonical_request"] as? String)
            #expect(signature.stringToSign == capture.verify["string_to_sign"] as? String)
            #expect(signature.signature == expected)
            #expect(signature.authorization == capture.header("Authorization"))
        }
    }

    @Test("Our models encode to the captured parameter set", arguments: names)
    func parameterSetMatches(name: String) throws {
        let capture = try CapturedRequest(name: name)
        let ours = try CapturedModels.parameters(for: capture.action, nextToken: capture.name.contains("NextToken"))
        // The Python SDK writes booleans as True/False; ECS's documentation and the Java/Go SDKs write
        // true/false, which is what we send. Everything else must match exactly.
        let expected = capture.businessParameters.mapValues { $0 == "True" ? "true" : ($0 == "False" ? "false" : $0) }
        #expect(ours.dictionary == expected)
        #expect(ours.count == expected.count, "no duplicate parameters")
    }

    @Test("The whole RPC request reproduces the capture byte for byte when it has no booleans", arguments: names.filter { $0.hasPrefix("v1_") })
    func wholeRPCRequest(name: String) throws {
        let capture = try CapturedRequest(name: name)
        guard !capture.query.values.contains("True"), !capture.query.values.contains("False") else { return }
        let builder = SignedRequestBuilder(endpoint: try ECSEndpoint(parsing: "http://127.0.0.1:35709"), algorithm: .rpcHMACSHA1, userAgent: "test")
        let built = builder.build(
            action: capture.action, parameters: try CapturedModels.parameters(for: capture.action, nextToken: capture.name.contains("NextToken")),
            credentials: ECSCredentials(accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: capture.securityToken),
            date: try #require(ECSTimestamp.date(from: capture.query["Timestamp"] ?? "")),
            nonce: try #require(capture.query["SignatureNonce"]))
        let sent = QueryString.decode(built.request.percentEncodedQuery)
        #expect(sent == capture.query)
    }

    @Test("The whole ACS3 request signs the captured parameters with a fresh date and nonce", arguments: names.filter { $0.hasPrefix("v3_") })
    func wholeACS3Request(name: String) throws {
        let capture = try CapturedRequest(name: name)
        let credentials = ECSCredentials(accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: capture.securityToken)
        let builder = SignedRequestBuilder(endpoint: try ECSEndpoint(parsing: "http://127.0.0.1:35709"), algorithm: .acs3HMACSHA256, userAgent: "test")
        let date = try #require(ECSTimestamp.date(from: capture.header("x-acs-date") ?? ""))
        let nonce = try #require(capture.header("x-acs-signature-nonce"))
        let built = builder.build(
            action: capture.action, parameters: try CapturedModels.parameters(for: capture.action, nextToken: capture.name.contains("NextToken")),
            credentials: credentials, date: date, nonce: nonce)
        let headers = built.request.headers
        #expect(headers[header: "x-acs-action"] == capture.action)
        #expect(headers[header: "x-acs-version"] == "2014-05-26")
        #expect(headers[header: "x-acs-date"] == capture.header("x-acs-date"))
        #expect(headers[header: "x-acs-signature-nonce"] == nonce)
        #expect(headers[header: "x-acs-content-sha256"] == capture.header("x-acs-content-sha256"))
        #expect(headers[header: "host"] == "127.0.0.1:35709")
        #expect(headers[header: "x-acs-security-token"] == capture.securityToken)
        // Re-deriving the signature from what we send must agree with the Authorization we send.
        let authorization = try #require(headers[header: "Authorization"])
        let signedNames = authorization.components(separatedBy: "SignedHeaders=")[1].components(separatedBy: ",")[0].split(separator: ";").map(String.init)
        #expect(Set(signedNames).isSuperset(of: ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]))
        let sent = QueryString.decode(built.request.percentEncodedQuery)
        let recomputed = ACS3HMACSHA256Signer().sign(
            method: "POST", parameters: sent.map { QueryParameter(name: $0.key, value: $0.value) },
            headers: signedNames.map { HTTPHeader(name: $0, value: headers[header: $0] ?? "") },
            accessKeyId: "testid", accessKeySecret: "testsecret")
        #expect(recomputed.authorization == authorization)
    }
}

/// Decodes a raw query string into a dictionary.
enum QueryString {
    static func decode(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            result[PercentEncoding.decode(parts[0], plusAsSpace: false) ?? ""] = parts.count > 1 ? PercentEncoding.decode(parts[1], plusAsSpace: false) : ""
        }
        return result
    }
}
