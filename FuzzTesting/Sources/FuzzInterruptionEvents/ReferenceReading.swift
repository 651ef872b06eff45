import Foundation
import SpotRecovery

/// What a straightforward reading of the payload, as Foundation's `JSONSerialization` reads it, gives: the
/// documented rules of `InterruptionEventParser`, applied to Foundation's objects instead of our decoder's.
///
/// - An object with `specversion`, or with `type` and `data`, is an EventBridge CloudEvent: its `type` must
///   be `ecs:Instance:PreemptibleInstanceInterruption`; the instance is `data.instanceId`, else what follows
///   the last `instance/` of `subject`, else of `data.resourceId`.
/// - Else an object with `name`, `product` or `content` is a CloudMonitor event: its `name` must be
///   `Instance:PreemptibleInstanceInterruption`; the instance is `content.instanceId`, else what follows the
///   last `instance/` of `resourceId`.
/// - Else an object with a `Message` string is an MNS message (at most two deep): the event is in it, as JSON
///   text or base64.
/// - `data` and `content` are objects, or the same object as JSON text. A field that is not a string (nor the
///   object `data` and `content` may be) counts as absent; spaces around a value are not part of it.
/// - The event ID is `id`, else `<source>:<instance>:<time>` (`time` for EventBridge, `eventTime` for
///   CloudMonitor).
///
/// Where this reading sets no expectation (it throws `NoExpectation`):
/// - a number or `true`/`false` where a string is read: our decoder reads it as its text (`"id": 7` is the
///   ID `7`), which Foundation's `NSNumber` no longer has;
/// - a document Foundation and our JSON parser do not read alike (`AgreedDocument`).
enum ReferenceReading {
    enum Outcome {
        case event(id: String, instanceId: String, source: String)
        case refused(String)
    }

    struct NoExpectation: Error {}

    /// The payload's outcome, or `nil` when Foundation does not read it as an object.
    static func outcome(of bytes: [UInt8]) throws -> Outcome? {
        guard !bytes.isEmpty, bytes.count <= InterruptionEventParser.maximumPayloadSize else { return .refused("badSize") }
        guard (try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any] else { return nil }
        guard let object = try AgreedDocument.object(bytes) else { throw NoExpectation() }
        return try read(object, depth: 0)
    }

    struct Payload {
        var instanceId: String?
        var resourceId: String?
    }

    static func read(_ object: [String: Any], depth: Int) throws -> Outcome {
        let data = try payload(object["data"])
        let content = try payload(object["content"])
        let specversion = try text(object["specversion"])
        let type = try text(object["type"])
        let id = try text(object["id"])
        let time = try text(object["time"])
        let subject = try text(object["subject"])
        let name = try text(object["name"])
        let product = try text(object["product"])
        let resourceId = try text(object["resourceId"])
        let eventTime = try text(object["eventTime"])
        let message = try text(object["Message"])
        // Read by the parser, not compared here: they must still be strings for an expectation.
        for key in ["aliyunregionid", "regionId"] { _ = try text(object[key]) }

        if specversion != nil || (type != nil && data != nil) {
            guard type == InterruptionEvent.eventBridgeType else { return .refused("notAnInterruption") }
            guard let instanceId = trimmed(data?.instanceId) ?? afterInstance(subject) ?? afterInstance(data?.resourceId) else {
                return .refused("missingInstanceId")
            }
            return .event(id: trimmed(id) ?? "EventBridge:\(instanceId):\(time ?? "")", instanceId: instanceId, source: "EventBridge")
        }
        if name != nil || product != nil || content != nil {
            guard name == InterruptionEvent.cloudMonitorName else { return .refused("notAnInterruption") }
            guard let instanceId = trimmed(content?.instanceId) ?? afterInstance(resourceId) else { return .refused("missingInstanceId") }
            return .event(id: trimmed(id) ?? "CloudMonitor:\(instanceId):\(eventTime ?? "")", instanceId: instanceId, source: "CloudMonitor")
        }
        if let message, depth < 2 {
            return try nested(Array(message.utf8), depth: depth + 1)
        }
        return .refused("unknownFormat")
    }

    /// An MNS message's body: JSON text, or base64 of it.
    static func nested(_ bytes: [UInt8], depth: Int) throws -> Outcome {
        let document: [UInt8]
        if bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{") {
            document = bytes
        } else {
            let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: text), decoded.first == UInt8(ascii: "{") else { return .refused("notJSON") }
            document = Array(decoded)
        }
        guard let object = try AgreedDocument.object(document) else { return .refused("notJSON") }
        return try read(object, depth: depth)
    }

    /// A string field: `nil` when absent or not a string.
    static func text(_ value: Any?) throws -> String? {
        switch value {
        case let text as String: return text
        case is NSNumber: throw NoExpectation()
        default: return nil
        }
    }

    /// `data` or `content`: an object, or an object as JSON text; `nil` for anything else.
    static func payload(_ value: Any?) throws -> Payload? {
        let object: [String: Any]
        switch value {
        case let dictionary as [String: Any]:
            object = dictionary
        case let text as String:
            guard let nested = try AgreedDocument.object(Array(text.utf8)) else { return nil }
            object = nested
        case is NSNumber:
            throw NoExpectation()
        default:
            return nil
        }
        let instanceId = try text(object["instanceId"])
        let resourceId = try text(object["resourceId"])
        _ = try text(object["action"])
        return Payload(instanceId: instanceId, resourceId: resourceId)
    }

    /// The text without the spaces around it, or `nil` when nothing is left.
    static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    /// What follows the last `instance/` of an ARN such as `acs:ecs:cn-hangzhou:1:instance/i-bp1…`.
    static func afterInstance(_ resource: String?) -> String? {
        guard let resource else { return nil }
        let scalars = Array(resource.unicodeScalars)
        let marker = Array("instance/".unicodeScalars)
        guard scalars.count >= marker.count else { return nil }
        for start in stride(from: scalars.count - marker.count, through: 0, by: -1)
        where scalars[start..<(start + marker.count)].elementsEqual(marker) {
            var rest = String.UnicodeScalarView()
            rest.append(contentsOf: scalars[(start + marker.count)...])
            return trimmed(String(rest))
        }
        return nil
    }
}
