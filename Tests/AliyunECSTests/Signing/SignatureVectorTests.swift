import Foundation
import Testing
@testable import AliyunECS

/// The two worked examples of Alibaba's signature documentation, every intermediate string included.
@Suite("Documented signature vectors")
struct SignatureVectorTests {
    let vectors: [String: Any]

    init() throws {
        vectors = try Fixtures.json("signature-vectors.json")
    }

    @Test("RPC HMAC-SHA1: canonical query, string to sign and signature")
    func rpcVector() throws {
        let vector = try #require(vectors["v1_rpc_hmac_sha1"] as? [String: Any])
        let inputs = try #require(vector["inputs"] as? [String: Any])
        let params = try #require(inputs["params"] as? [String: String])
        let secret = try #require(inputs["access_key_secret"] as? String)
        let method = try #require(inputs["method"] as? String)

        let signature = RPCHMACSHA1Signer().sign(
            method: method, parameters: params.map { QueryParameter(name: $0.key, value: $0.value) }, accessKeySecret: secret)

        #expect(signature.canonicalizedQuery == vector["canonicalized_query_string"] as? String)
        #expect(signature.stringToSign == vector["string_to_sign"] as? String)
        #expect(signature.signature == vector["expected_doc"] as? String)
        #expect(signature.signature == "9NaGiOspFP5UPcwX8Iwt2YJXXuk=")

        let post = RPCHMACSHA1Signer().sign(
            method: "POST", parameters: params.map { QueryParameter(name: $0.key, value: $0.value) }, accessKeySecret: secret)
        #expect(post.signature == vector["POST_signature_same_params"] as? String)
    }

    @Test("ACS3-HMAC-SHA256: canonical request, hashed request and Authorization")
    func acs3Vector() throws {
        let vector = try #require(vectors["v3_acs3_hmac_sha256"] as? [String: Any])
        let inputs = try #require(vector["inputs"] as? [String: Any])
        let query = try #require(inputs["query"] as? [String: String])
        let headers = try #require(inputs["headers"] as? [String: String])

        let signature = ACS3HMACSHA256Signer().sign(
            method: try #require(inputs["method"] as? String),
            path: try #require(inputs["pathname"] as? String),
            parameters: query.map { QueryParameter(name: $0.key, value: $0.value) },
            headers: headers.map { HTTPHeader(name: $0.key, value: $0.value) },
            payloadHash: ACS3HMACSHA256Signer.emptyPayloadHash,
            accessKeyId: try #require(inputs["access_key_id"] as? String),
            accessKeySecret: try #require(inputs["access_key_secret"] as? String))

        #expect(signature.canonicalRequest == vector["canonical_request"] as? String)
        #expect(signature.stringToSign == vector["string_to_sign"] as? String)
        #expect(signature.authorization == vector["expected_doc"] as? String)
        #expect(signature.signature == "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0")
    }

    @Test("Percent-encoding follows RFC 3986 exactly as the official SDK does")
    func percentEncoding() throws {
        let table = try #require(vectors["percent_encoding_official_quote_safe_tilde"] as? [String: String])
        #expect(!table.isEmpty)
        for (input, expected) in table {
            #expect(PercentEncoding.encode(input) == expected, "encoding \(input)")
            #expect(PercentEncoding.decode(expected, plusAsSpace: false) == input, "decoding \(expected)")
        }
    }

    @Test("Parameters sort by name in byte order")
    func byteOrderSorting() {
        let sorted = CanonicalQuery.sorted([
            QueryParameter(name: "DataDisk.2.Size", value: "1"),
            QueryParameter(name: "DataDisk.10.Size", value: "1"),
            QueryParameter(name: "DataDisk.1.Size", value: "1"),
            QueryParameter(name: "amount", value: "1"),
            QueryParameter(name: "Amount", value: "1"),
        ])
        #expect(sorted.map(\.name) == ["Amount", "DataDisk.1.Size", "DataDisk.10.Size", "DataDisk.2.Size", "amount"])
    }

    @Test("Nonces are 32 hex digits and never repeat")
    func nonces() {
        let nonces = (0..<2000).map { _ in SignatureNonce.random() }
        #expect(Set(nonces).count == nonces.count)
        #expect(nonces.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test("Timestamps are UTC yyyy-MM-ddTHH:mm:ssZ and parse back in every ECS form")
    func timestamps() throws {
        let date = Date(timeIntervalSince1970: 1_698_315_752)  // 2023-10-26T10:22:32Z
        #expect(ECSTimestamp.string(from: date) == "2023-10-26T10:22:32Z")
        #expect(ECSTimestamp.date(from: "2023-10-26T10:22:32Z") == date)
        #expect(ECSTimestamp.date(from: "2023-10-26T10:22Z") == Date(timeIntervalSince1970: 1_698_315_720))
        #expect(ECSTimestamp.date(from: "2023-10-26T18:22:32+08:00") == date)
        #expect(ECSTimestamp.date(from: "2023-10-26T10:22:32.500Z") == Date(timeIntervalSince1970: 1_698_315_752.5))
        #expect(ECSTimestamp.date(from: "1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
        #expect(ECSTimestamp.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(ECSTimestamp.date(from: "2024-02-30") == nil)
        #expect(ECSTimestamp.date(from: "") == nil)
        #expect(ECSTimestamp.date(from: "2026-13-01T00:00Z") == nil)
        #expect(ECSTimestamp.date(from: "2026-11-20T08:00") == nil)
    }
}
