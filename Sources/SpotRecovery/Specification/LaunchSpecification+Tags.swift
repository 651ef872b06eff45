import AliyunECS
import Foundation

extension LaunchSpecification {
    /// The most characters ECS takes in one tag value.
    static let tagValueLimit = 128
    /// Marks a chunk: no chunk can then start with `aliyun` or `acs:` (refused by ECS), and base64url
    /// never holds `://` (also refused).
    private static let chunkMark = "~"

    /// The specification, without its user data, as tags (`spot-recovery:spec.0`, `.1`, …) for an image of
    /// the source, within `budget` tags.
    ///
    /// When it does not fit, the source's own tags are left out of it first, those named in `keeping` (the
    /// fleet's selector tag) last, and ``unknown`` says `tags`; when even that does not fit, no tag is
    /// returned (the local journal still holds the specification).
    /// - Parameters:
    ///   - budget: How many tags the image may still take (ECS allows 20 per resource).
    ///   - keeping: Tag keys dropped only when nothing else is left to drop.
    public func imageTags(budget: Int, keeping: Set<String> = []) -> [ECSTag] {
        var candidate = self
        candidate.userData = nil
        candidate.unknown.remove("userData")
        while true {
            let chunks = Self.chunks(of: candidate)
            if chunks.count <= budget {
                return chunks.enumerated().map { ECSTag(key: SpotRecoverer.specificationTagPrefix + String($0.offset), value: $0.element) }
            }
            if let index = candidate.tags.lastIndex(where: { !keeping.contains($0.key) }) ?? candidate.tags.indices.last {
                candidate.tags.remove(at: index)
                candidate.unknown.insert("tags")
            } else {
                return []
            }
        }
    }

    /// Reads the specification an image's tags carry; `nil` when they carry none, or an incomplete one.
    public init?(imageTags: [ResourceTag]) {
        var chunks: [Int: String] = [:]
        for tag in imageTags where tag.key.hasPrefix(SpotRecoverer.specificationTagPrefix) {
            guard let index = Int(tag.key.dropFirst(SpotRecoverer.specificationTagPrefix.count)), tag.value.hasPrefix(Self.chunkMark) else {
                return nil
            }
            chunks[index] = String(tag.value.dropFirst(Self.chunkMark.count))
        }
        guard !chunks.isEmpty, chunks.keys.sorted() == Array(0..<chunks.count) else { return nil }
        let text = (0..<chunks.count).compactMap { chunks[$0] }.joined()
        guard let json = Self.base64URLDecoded(text), let decoded = try? JSONDecoder().decode(LaunchSpecification.self, from: json) else {
            return nil
        }
        self = decoded
    }

    /// The specification as compact JSON in base64url, cut into tag values.
    private static func chunks(of specification: LaunchSpecification) -> [String] {
        let encoder = JSONEncoder()
        // Sorted keys: every replica writes the same bytes for the same specification.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(specification) else { return [] }
        let text = Array(base64URLEncoded(json))
        let size = tagValueLimit - chunkMark.count
        return stride(from: 0, to: text.count, by: size).map { chunkMark + String(text[$0..<min($0 + size, text.count)]) }
    }

    static func base64URLEncoded(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecoded(_ text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard)
    }
}
