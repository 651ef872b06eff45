import Foundation
import FuzzSupport

/// A JSON document as Foundation reads it, when our JSON parser reads it the same way.
///
/// The parser's own differences from Foundation are FuzzJSON's business; here a document sets an
/// expectation only when both read it alike. They do not for a document with two equal keys in an object
/// (Foundation keeps the last, we the first), with a U+FEFF after its start (Foundation drops one that
/// begins a string, we keep it), or one that only one of them reads as an object (trailing commas, deep
/// nesting, invalid UTF-8, UTF-16).
enum AgreedDocument {
    /// The object, `nil` when neither reads one, or `NoExpectation` when they differ.
    static func object(_ bytes: [UInt8]) throws -> [String: Any]? {
        let foundation = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
        let ours = OurJSONReading.shape(of: bytes) ?? (isObject: false, hasDuplicateKeys: false)
        switch (foundation, ours.isObject) {
        case (nil, false):
            return nil
        case (let object?, true):
            guard !ours.hasDuplicateKeys, !hasByteOrderMarkAfterStart(bytes) else { throw ReferenceReading.NoExpectation() }
            return object
        default:
            throw ReferenceReading.NoExpectation()
        }
    }

    /// Whether the UTF-8 byte order mark (EF BB BF) occurs after the document's first byte.
    static func hasByteOrderMarkAfterStart(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        return (1...(bytes.count - 3)).contains { bytes[$0] == 0xEF && bytes[$0 + 1] == 0xBB && bytes[$0 + 2] == 0xBF }
    }
}
