import AliyunECS
import Foundation

/// Reads spot interruption events from the bytes a delivery channel hands over: a CloudMonitor system
/// event, an EventBridge CloudEvent, or either of them inside an MNS message (whose body may be base64).
///
/// Only what recovery needs is read; unknown keys are ignored, since real deliveries carry more than the
/// documentation shows. Anything else is a typed ``InterruptionEventError`` that never quotes the payload.
public enum InterruptionEventParser {
    /// The largest payload read: real events are well under a kilobyte.
    public static let maximumPayloadSize = 64 * 1024

    /// Parses one payload.
    /// - Parameter payload: The bytes as delivered.
    /// - Returns: The event.
    /// - Throws: ``InterruptionEventError``.
    public static func parse(_ payload: some Collection<UInt8>) throws(InterruptionEventError) -> InterruptionEvent {
        guard !payload.isEmpty, payload.count <= maximumPayloadSize else {
            throw InterruptionEventError(kind: .badSize, message: "The payload is empty or larger than \(maximumPayloadSize) bytes")
        }
        return try parse(json: Array(payload), depth: 0)
    }

    private static func parse(json bytes: [UInt8], depth: Int) throws(InterruptionEventError) -> InterruptionEvent {
        let body = try jsonBytes(bytes)
        let envelope: Envelope
        do {
            envelope = try ECSJSONDecoder().decode(Envelope.self, from: body)
        } catch {
            throw InterruptionEventError(kind: .notJSON, message: "The payload is not a JSON object")
        }
        if envelope.specversion != nil || (envelope.type != nil && envelope.data != nil) {
            return try eventBridge(envelope)
        }
        if envelope.name != nil || envelope.product != nil || envelope.content != nil {
            return try cloudMonitor(envelope)
        }
        // An MNS message wraps the event, as JSON text or base64, in `Message`.
        if let message = envelope.message, depth < 2 {
            return try parse(json: Array(message.utf8), depth: depth + 1)
        }
        throw InterruptionEventError(kind: .unknownFormat, message: "The payload is neither a CloudMonitor event nor an EventBridge CloudEvent")
    }

    /// The JSON document in `bytes`: the bytes themselves (after a UTF-8 byte order mark, which some senders
    /// write and the JSON reader skips), or their base64 decoding.
    private static func jsonBytes(_ bytes: [UInt8]) throws(InterruptionEventError) -> [UInt8] {
        let document = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        let first = document.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first == UInt8(ascii: "{") { return bytes }
        let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: text), decoded.first == UInt8(ascii: "{") else {
            throw InterruptionEventError(kind: .notJSON, message: "The payload is neither JSON nor base64-encoded JSON")
        }
        return Array(decoded)
    }

    private static func eventBridge(_ envelope: Envelope) throws(InterruptionEventError) -> InterruptionEvent {
        guard envelope.type == InterruptionEvent.eventBridgeType else {
            throw InterruptionEventError(kind: .notAnInterruption, message: "The CloudEvent's type is not \(InterruptionEvent.eventBridgeType)")
        }
        guard let instanceId = nonEmpty(envelope.data?.instanceId) ?? instanceId(inResource: envelope.subject)
            ?? instanceId(inResource: envelope.data?.resourceId) else {
            throw InterruptionEventError(kind: .missingInstanceId, message: "The CloudEvent names no instance")
        }
        return InterruptionEvent(
            id: nonEmpty(envelope.id) ?? "\(InterruptionEvent.Source.eventBridge):\(instanceId):\(envelope.time ?? "")",
            instanceId: instanceId, action: nonEmpty(envelope.data?.action),
            regionId: nonEmpty(envelope.aliyunregionid) ?? region(inResource: envelope.subject),
            time: envelope.time.flatMap(ECSTimestamp.date(from:)), source: .eventBridge)
    }

    private static func cloudMonitor(_ envelope: Envelope) throws(InterruptionEventError) -> InterruptionEvent {
        guard envelope.name == InterruptionEvent.cloudMonitorName else {
            throw InterruptionEventError(kind: .notAnInterruption, message: "The event's name is not \(InterruptionEvent.cloudMonitorName)")
        }
        guard let instanceId = nonEmpty(envelope.content?.instanceId) ?? instanceId(inResource: envelope.resourceId) else {
            throw InterruptionEventError(kind: .missingInstanceId, message: "The event names no instance")
        }
        let time = envelope.eventTime.flatMap { compactTime($0) ?? ECSTimestamp.date(from: $0) }
        return InterruptionEvent(
            id: nonEmpty(envelope.id) ?? "\(InterruptionEvent.Source.cloudMonitor):\(instanceId):\(envelope.eventTime ?? "")",
            instanceId: instanceId, action: nonEmpty(envelope.content?.action),
            regionId: nonEmpty(envelope.regionId) ?? region(inResource: envelope.resourceId), time: time, source: .cloudMonitor)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    /// `i-…` from an ARN such as `acs:ecs:cn-hangzhou:1690700000000030:instance/i-bp1…`.
    static func instanceId(inResource resource: String?) -> String? {
        guard let resource, let range = resource.range(of: "instance/", options: .backwards) else { return nil }
        return nonEmpty(String(resource[range.upperBound...]))
    }

    /// The region part of an ARN (`acs:ecs:<region>:<account>:…`).
    static func region(inResource resource: String?) -> String? {
        guard let resource else { return nil }
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 3 && parts[0] == "acs" ? nonEmpty(String(parts[2])) : nil
    }

    /// CloudMonitor's `eventTime`, `yyyyMMdd'T'HHmmss.SSS±hhmm` (e.g. `20190409T121826.922+0800`), which is
    /// not ISO 8601: rewritten as `2019-04-09T12:18:26.922+08:00` and read as an ECS timestamp.
    static func compactTime(_ text: String) -> Date? {
        let characters = Array(text)
        guard characters.count >= 20, characters[8] == "T" else { return nil }
        let digits = { (range: Range<Int>) -> String? in
            let part = characters[range]
            return part.allSatisfy(\.isASCIIDigitCharacter) ? String(part) : nil
        }
        guard let date = digits(0..<8), let time = digits(9..<15) else { return nil }
        var index = 15
        var fraction = ""
        if characters[index] == "." {
            index += 1
            while index < characters.count, characters[index].isASCIIDigitCharacter {
                fraction.append(characters[index])
                index += 1
            }
            guard !fraction.isEmpty else { return nil }
        }
        guard index + 5 == characters.count, characters[index] == "+" || characters[index] == "-",
              let offset = digits((index + 1)..<(index + 5)) else { return nil }
        let iso = "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.suffix(2))T"
            + "\(time.prefix(2)):\(time.dropFirst(2).prefix(2)):\(time.suffix(2))"
            + (fraction.isEmpty ? "" : ".\(fraction)")
            + "\(characters[index])\(offset.prefix(2)):\(offset.suffix(2))"
        return ECSTimestamp.date(from: iso)
    }

    /// The fields of both formats (and of an MNS envelope) recovery reads; everything is optional.
    struct Envelope: Decodable {
        // EventBridge (CloudEvents 1.0).
        var specversion: String?
        var type: String?
        var id: String?
        var time: String?
        var subject: String?
        var aliyunregionid: String?
        var data: Payload?
        // CloudMonitor.
        var name: String?
        var product: String?
        var resourceId: String?
        var regionId: String?
        var eventTime: String?
        var content: Payload?
        // MNS.
        var message: String?

        enum CodingKeys: String, CodingKey {
            case specversion, type, id, time, subject, aliyunregionid, data
            case name, product, resourceId, regionId, eventTime, content
            case message = "Message"
        }

        /// Reads each field on its own: one of the wrong type (a list where text belongs, `content` that is
        /// text but not a JSON object) counts as absent instead of refusing the whole event, which may still
        /// name its instance elsewhere (`resourceId`, `subject`).
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func text(_ key: CodingKeys) -> String? {
                try? container.decodeIfPresent(String.self, forKey: key)
            }
            func payload(_ key: CodingKeys) -> Payload? {
                try? container.decodeIfPresent(Payload.self, forKey: key)
            }
            specversion = text(.specversion)
            type = text(.type)
            id = text(.id)
            time = text(.time)
            subject = text(.subject)
            aliyunregionid = text(.aliyunregionid)
            data = payload(.data)
            name = text(.name)
            product = text(.product)
            resourceId = text(.resourceId)
            regionId = text(.regionId)
            eventTime = text(.eventTime)
            content = payload(.content)
            message = text(.message)
        }
    }

    /// `data` (EventBridge) or `content` (CloudMonitor): an object, or the same object as JSON text.
    struct Payload: Decodable {
        var instanceId: String?
        var action: String?
        var resourceId: String?

        enum CodingKeys: String, CodingKey {
            case instanceId, action, resourceId
        }

        init(from decoder: any Decoder) throws {
            if let container = try? decoder.container(keyedBy: CodingKeys.self) {
                self.init(container)
                return
            }
            let text = try decoder.singleValueContainer().decode(String.self)
            self = try ECSJSONDecoder().decode(ObjectText.self, from: Array(text.utf8)).payload
        }

        /// The fields of an object; one of the wrong type counts as absent.
        init(_ container: KeyedDecodingContainer<CodingKeys>) {
            instanceId = try? container.decodeIfPresent(String.self, forKey: .instanceId)
            action = try? container.decodeIfPresent(String.self, forKey: .action)
            resourceId = try? container.decodeIfPresent(String.self, forKey: .resourceId)
        }
    }

    /// The object that `data` or `content` holds as JSON text: text inside that text is not read again.
    struct ObjectText: Decodable {
        var payload: Payload

        init(from decoder: any Decoder) throws {
            payload = Payload(try decoder.container(keyedBy: Payload.CodingKeys.self))
        }
    }
}

extension Character {
    /// `0` to `9` only (not other scripts' digits).
    var isASCIIDigitCharacter: Bool {
        guard let ascii = asciiValue else { return false }
        return ascii >= 48 && ascii <= 57
    }
}
