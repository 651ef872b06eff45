import AliyunECS
import Foundation
import Testing

/// The files under `Tests/Fixtures/mns`.
enum MNSFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/mns")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// The documented signature example, copied into the repository.
    struct SignatureVector: Decodable {
        var method: String
        var date: String
        var resource: String
        var accessKeyId: String
        var accessKeySecret: String
        var stringToSign: String
        var signature: String
    }

    static func signatureVector() throws -> SignatureVector {
        try JSONDecoder().decode(SignatureVector.self, from: data("signature-vector.json"))
    }
}
