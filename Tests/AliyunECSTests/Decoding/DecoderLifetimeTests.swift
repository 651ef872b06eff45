import Foundation
import Testing
@testable import AliyunECS

/// The decoder handed to a user's `init(from:)` stays valid for as long as the user keeps it.
@Suite("Decoder lifetime")
struct DecoderLifetimeTests {
    /// A model that keeps its decoder and reads from it later, as a lazy model might.
    struct KeepsDecoder: Decodable {
        let decoder: any Decoder

        init(from decoder: any Decoder) throws {
            self.decoder = decoder
        }

        func name() throws -> String {
            try decoder.container(keyedBy: AnyCodingKey.self).decode(String.self, forKey: AnyCodingKey("Name"))
        }
    }

    @Test("A kept decoder reads the body after decode has returned and the body is gone", arguments: [false, true])
    func keptDecoderOutlivesBody(fromData: Bool) throws {
        let name = String(repeating: "instance-name-", count: 64)
        let kept: KeepsDecoder = try {
            let bytes = Array(#"{"Name":"\#(name)","Padding":"\#(String(repeating: "x", count: 4096))"}"#.utf8)
            return fromData
                ? try ECSJSONDecoder().decode(KeepsDecoder.self, from: Data(bytes))
                : try ECSJSONDecoder().decode(KeepsDecoder.self, from: bytes)
        }()
        // Reuse the freed memory before reading, so a borrowed pointer would see other bytes.
        let overwrite = (0..<64).map { _ in [UInt8](repeating: UInt8(ascii: "#"), count: 4200) }
        #expect(overwrite.count == 64)
        #expect(try kept.name() == name)
    }
}
