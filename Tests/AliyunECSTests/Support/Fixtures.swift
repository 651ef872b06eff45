import Foundation

/// The reference data copied into the repository (`Tests/Fixtures`): signature vectors, captured
/// official requests, the endpoint map and realistic response bodies.
enum Fixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // AliyunECSTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures")

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(relativePath))
    }

    static func json(_ relativePath: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data(relativePath)) as? [String: Any] else {
            throw FixtureError.notAnObject(relativePath)
        }
        return object
    }

    static func response(_ name: String) throws -> Data {
        try data("responses/\(name)")
    }

    static var capturedRequestNames: [String] {
        let folder = directory.appendingPathComponent("official-requests")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    enum FixtureError: Error {
        case notAnObject(String)
        case missing(String)
    }
}

/// One captured official SDK request.
struct CapturedRequest {
    let name: String
    let method: String
    let query: [String: String]
    let headers: [(name: String, value: String)]
    let verify: [String: Any]
    let securityToken: String?
    let isRPC: Bool

    init(name: String) throws {
        let object = try Fixtures.json("official-requests/\(name)")
        self.name = name
        method = object["method"] as? String ?? "POST"
        query = object["query_decoded"] as? [String: String] ?? [:]
        headers = (object["headers"] as? [[String]] ?? []).compactMap { pair in
            pair.count == 2 ? (pair[0], pair[1]) : nil
        }
        verify = object["verify"] as? [String: Any] ?? [:]
        let config = object["sdk_config"] as? [String: Any] ?? [:]
        securityToken = config["security_token"] as? String
        isRPC = query["Signature"] != nil
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The header names the official SDK signed, from its Authorization header.
    var signedHeaderNames: [String] {
        guard let authorization = header("Authorization"),
              let range = authorization.range(of: "SignedHeaders=") else { return [] }
        let rest = authorization[range.upperBound...]
        let end = rest.firstIndex(of: ",") ?? rest.endIndex
        return rest[..<end].split(separator: ";").map(String.init)
    }

    var officialSignature: String? {
        if isRPC { return query["Signature"] }
        guard let authorization = header("Authorization"), let range = authorization.range(of: "Signature=") else { return nil }
        return String(authorization[range.upperBound...])
    }

    /// The business parameters (the RPC common parameters removed).
    var businessParameters: [String: String] {
        let common: Set<String> = ["Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "SecurityToken", "Signature"]
        return query.filter { !isRPC || !common.contains($0.key) }
    }

    var action: String {
        query["Action"] ?? header("x-acs-action") ?? ""
    }
}
