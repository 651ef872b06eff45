import Foundation

/// A message received from a queue.
///
/// Delete it with its ``receiptHandle`` once it has been handled; until then it is invisible to other
/// consumers for the queue's visibility timeout, after which it is delivered again with a new handle and a
/// higher ``dequeueCount``.
public struct MNSMessage: Sendable, Hashable {
    /// The message's ID, the same on every delivery.
    public var messageId: String
    /// The body, as the sender wrote it (MNS keeps it as opaque text; many senders write base64).
    public var body: String
    /// The upper-case hex MD5 MNS reports for the body.
    public var bodyMD5: String?
    /// The handle of this delivery: the only one that deletes the message or changes its visibility, valid
    /// until ``nextVisibleTime``. It changes on every receive and on every visibility change.
    public var receiptHandle: String
    /// When the message was sent.
    public var enqueueTime: Date?
    /// When the message was first received.
    public var firstDequeueTime: Date?
    /// When the message becomes visible again unless it is deleted first.
    public var nextVisibleTime: Date?
    /// How many times the message has been received, this delivery included.
    public var dequeueCount: Int
    /// The message's priority (1 is the highest, 16 the lowest), when reported.
    public var priority: Int?

    /// Creates a message (for tests and simulators).
    public init(
        messageId: String, body: String, bodyMD5: String? = nil, receiptHandle: String, enqueueTime: Date? = nil,
        firstDequeueTime: Date? = nil, nextVisibleTime: Date? = nil, dequeueCount: Int = 1, priority: Int? = nil
    ) {
        self.messageId = messageId
        self.body = body
        self.bodyMD5 = bodyMD5
        self.receiptHandle = receiptHandle
        self.enqueueTime = enqueueTime
        self.firstDequeueTime = firstDequeueTime
        self.nextVisibleTime = nextVisibleTime
        self.dequeueCount = dequeueCount
        self.priority = priority
    }
}

extension MNSMessage {
    /// Reads a `<Message>` element; `nil` when it lacks a message ID or a receipt handle.
    package init?(xml element: MNSXMLElement) {
        guard element.localName == "Message", let messageId = element.value("MessageId"),
              let receiptHandle = element.value("ReceiptHandle") else { return nil }
        self.init(
            messageId: messageId, body: element.child("MessageBody")?.text ?? "", bodyMD5: element.value("MessageBodyMD5"),
            receiptHandle: receiptHandle, enqueueTime: MNSTime.date(element.value("EnqueueTime")),
            firstDequeueTime: MNSTime.date(element.value("FirstDequeueTime")),
            nextVisibleTime: MNSTime.date(element.value("NextVisibleTime")),
            dequeueCount: element.value("DequeueCount").flatMap { Int($0) } ?? 1,
            priority: element.value("Priority").flatMap { Int($0) })
    }

    /// The `<Message>` element MNS answers a receive with.
    package var xml: MNSXMLElement {
        var children = [
            MNSXMLElement(name: "MessageId", text: messageId),
            MNSXMLElement(name: "MessageBodyMD5", text: bodyMD5 ?? ""),
            MNSXMLElement(name: "MessageBody", text: body),
            MNSXMLElement(name: "ReceiptHandle", text: receiptHandle),
        ]
        for (name, time) in [("EnqueueTime", enqueueTime), ("FirstDequeueTime", firstDequeueTime), ("NextVisibleTime", nextVisibleTime)] {
            if let time { children.append(MNSXMLElement(name: name, text: MNSTime.milliseconds(time))) }
        }
        children.append(MNSXMLElement(name: "DequeueCount", text: String(dequeueCount)))
        if let priority { children.append(MNSXMLElement(name: "Priority", text: String(priority))) }
        return MNSXMLElement(name: "Message", children: children)
    }

    /// The messages of a receive answer: a `<Messages>` list (batch receive) or one `<Message>`.
    /// - Throws: ``MNSXMLReader/Failure`` when the document has another shape or a message lacks its ID or handle.
    package static func list(xml root: MNSXMLElement) throws(MNSXMLReader.Failure) -> [MNSMessage] {
        let elements: [MNSXMLElement]
        switch root.localName {
        case "Messages": elements = root.children("Message")
        case "Message": elements = [root]
        default: throw MNSXMLReader.Failure(message: "expected <Messages> or <Message>, found <\(root.localName.prefix(40))>")
        }
        var messages: [MNSMessage] = []
        for element in elements {
            guard let message = MNSMessage(xml: element) else {
                throw MNSXMLReader.Failure(message: "a message lacks its MessageId or ReceiptHandle")
            }
            messages.append(message)
        }
        return messages
    }
}

/// MNS's times: epoch milliseconds.
package enum MNSTime {
    /// The instant `text` (epoch milliseconds) names, or `nil`.
    package static func date(_ text: String?) -> Date? {
        guard let text, let milliseconds = Int64(text), abs(milliseconds) < 253_402_300_800_000 else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `date` as epoch milliseconds.
    package static func milliseconds(_ date: Date) -> String {
        String(Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
