import Foundation
import Testing
@testable import AliyunECS

/// The client's pre-laid-out ACS3 signing must sign exactly what the general signer signs for the same
/// headers, or ECS rejects every call.
@Suite("ACS3 request template")
struct ACS3RequestTemplateTests {
    let query = Array("ClientToken=abc&InstanceName=web%20server%2A~%2B%2F&RegionId=cn-hangzhou&Tag.1.Value=%E4%B8%AD%E6%96%87".utf8)

    func generalSignature(headers: [HTTPHeader]) -> ACS3HMACSHA256Signer.Signature {
        ACS3HMACSHA256Signer().sign(
            method: "POST", canonicalQuery: String(decoding: query, as: UTF8.self),
            headers: headers.filter { $0.name != "Authorization" }, accessKeyId: "testid", accessKeySecret: "testsecret")
    }

    @Test("Same canonical request, signature and Authorization as the general signer", arguments: [nil, " sts-token/with+chars "])
    func matchesGeneralSigner(securityToken: String?) {
        let template = ACS3RequestTemplate(host: "ecs.cn-hangzhou.aliyuncs.com:8443", userAgent: "AliyunECS-Swift/test (Linux)")
        let call = ACS3RequestTemplate.Call(
            action: "RunInstances", canonicalQuery: query, timestamp: "2026-11-26T08:00:00Z",
            nonce: "0979ad8d98e8a8759d7d8a5046047e03", securityToken: securityToken)

        let signed = template.sign(call, accessKeyId: "testid", accessKeySecret: "testsecret")
        let expected = generalSignature(headers: signed.headers)

        #expect(String(decoding: template.canonicalRequest(call), as: UTF8.self) == expected.canonicalRequest)
        #expect(signed.signature == expected.signature)
        #expect(signed.headers.last == HTTPHeader(name: "Authorization", value: expected.authorization))
        #expect(signed.headers[header: "x-acs-security-token"] == securityToken)
        #expect(expected.signedHeaders.contains("x-acs-security-token") == (securityToken != nil))
    }

    @Test("A different secret, date or nonce gives a different signature")
    func signatureDependsOnEveryInput() {
        let template = ACS3RequestTemplate(host: "ecs.cn-hangzhou.aliyuncs.com", userAgent: "ua")
        let call = ACS3RequestTemplate.Call(
            action: "DescribeInstances", canonicalQuery: query, timestamp: "2026-11-26T08:00:00Z", nonce: "n1", securityToken: nil)
        var laterCall = call
        laterCall.timestamp = "2026-11-26T08:00:01Z"
        var otherNonce = call
        otherNonce.nonce = "n2"

        let base = template.sign(call, accessKeyId: "id", accessKeySecret: "secret").signature
        #expect(template.sign(call, accessKeyId: "id", accessKeySecret: "other").signature != base)
        #expect(template.sign(laterCall, accessKeyId: "id", accessKeySecret: "secret").signature != base)
        #expect(template.sign(otherNonce, accessKeyId: "id", accessKeySecret: "secret").signature != base)
    }
}
