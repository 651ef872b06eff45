/// What SendMessage answers.
public struct MNSSentMessage: Sendable, Hashable {
    /// The new message's ID.
    public var messageId: String
    /// The upper-case hex MD5 of the body, as MNS computed it.
    public var bodyMD5: String?

    /// Creates an answer (for tests and simulators).
    public init(messageId: String, bodyMD5: String?) {
        self.messageId = messageId
        self.bodyMD5 = bodyMD5
    }
}

extension MNSSentMessage {
    /// Reads the `<Message>` element of a SendMessage answer; `nil` without a message ID.
    package init?(xml element: MNSXMLElement) {
        guard element.localName == "Message", let messageId = element.value("MessageId") else { return nil }
        self.init(messageId: messageId, bodyMD5: element.value("MessageBodyMD5"))
    }

    /// The `<Message>` element of a SendMessage answer.
    package var xml: MNSXMLElement {
        MNSXMLElement(name: "Message", children: [
            MNSXMLElement(name: "MessageId", text: messageId), MNSXMLElement(name: "MessageBodyMD5", text: bodyMD5 ?? ""),
        ])
    }
}
