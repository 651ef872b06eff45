import AliyunECS
import Foundation
import Testing
@testable import AliyunMNS

@Suite("MNS signature")
struct SignatureTests {
    @Test("The documented worked example: GET /MyQueue, TestAccessID / TestAccessSecret")
    func documentedVector() throws {
        let vector = try MNSFixtures.signatureVector()
        let signer = MNSSigner()
        let headers = [HTTPHeader(name: "Date", value: vector.date), HTTPHeader(name: "x-mns-version", value: "2015-06-06")]
        let stringToSign = signer.stringToSign(
            method: vector.method, contentMD5: "", contentType: "", date: vector.date, headers: headers, resource: vector.resource)
        #expect(stringToSign == vector.stringToSign)
        #expect(signer.signature(of: stringToSign, accessKeySecret: vector.accessKeySecret) == vector.signature)
        #expect(signer.authorization(accessKeyId: vector.accessKeyId, signature: vector.signature) == "MNS TestAccessID:\(vector.signature)")
    }

    @Test("Only x-mns-* headers are signed, lower-cased, sorted and trimmed; security-token is not signed")
    func canonicalHeaders() {
        let signer = MNSSigner()
        let headers = [
            HTTPHeader(name: "X-MNS-Version", value: " 2015-06-06 "), HTTPHeader(name: "x-mns-a", value: "1"),
            HTTPHeader(name: "security-token", value: "token"), HTTPHeader(name: "Host", value: "h"),
        ]
        let text = signer.stringToSign(method: "PUT", contentMD5: "m", contentType: "t", date: "d", headers: headers, resource: "/q?x=%2B")
        #expect(text == "PUT\nm\nt\nd\nx-mns-a:1\nx-mns-version:2015-06-06\n/q?x=%2B")
    }

    @Test("Content-MD5 is base64 of the lower-case hex MD5, as the official SDKs send it")
    func contentMD5() {
        // MD5("") = d41d8cd98f00b204e9800998ecf8427e.
        #expect(MNSSigner.contentMD5(of: Data()) == Data("d41d8cd98f00b204e9800998ecf8427e".utf8).base64EncodedString())
    }

    @Test("The Date header is RFC 1123 in GMT, and reads back to the same second")
    func httpDate() throws {
        let vector = try MNSFixtures.signatureVector()
        let date = try #require(HTTPDate.date(from: vector.date))
        #expect(HTTPDate.string(from: date) == vector.date)
        #expect(HTTPDate.string(from: Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.date(from: "Mon, 31 Feb 2026 00:00:00 GMT") == nil)
        #expect(HTTPDate.date(from: "2026-02-01T00:00:00Z") == nil)
    }
}
