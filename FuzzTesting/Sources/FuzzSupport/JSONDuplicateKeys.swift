import Foundation
@testable import AliyunECS

/// How our JSON parser reads a document, for the targets that compare with Foundation only where both
/// read it alike: Foundation keeps the last of two equal keys in an object, our decoders the first.
public enum OurJSONReading {
    /// Whether the top-level value is an object, and whether any object has two equal keys; `nil` when
    /// our parser refuses the document.
    public static func shape(of bytes: some ContiguousBytes) -> (isObject: Bool, hasDuplicateKeys: Bool)? {
        bytes.withUnsafeBytes { raw in
            guard let document = try? JSONDocument(borrowing: raw) else { return nil }
            return (document.node(0).kind == .object, hasDuplicateKeys(document))
        }
    }

    static func hasDuplicateKeys(_ document: JSONDocument) -> Bool {
        let count = Int(document.node(0).end)
        for index in 0..<count where document.node(index).kind == .object {
            var seen = Set<String>()
            var cursor = index + 1
            for _ in 0..<document.node(index).length {
                guard seen.insert(document.string(cursor)).inserted else { return true }
                cursor = Int(document.node(cursor + 1).end)
            }
        }
        return false
    }
}
