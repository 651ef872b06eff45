import Foundation

/// What ChangeMessageVisibility answers: the message's new receipt handle, which replaces the old one for
/// every later call, and when the message becomes visible again.
public struct MNSVisibilityChange: Sendable, Hashable {
    /// The new receipt handle.
    public var receiptHandle: String
    /// When the message becomes visible again unless it is deleted or extended first.
    public var nextVisibleTime: Date?

    /// Creates a change (for tests and simulators).
    public init(receiptHandle: String, nextVisibleTime: Date?) {
        self.receiptHandle = receiptHandle
        self.nextVisibleTime = nextVisibleTime
    }
}

extension MNSVisibilityChange {
    /// Reads a `<ChangeVisibility>` element; `nil` without a receipt handle.
    package init?(xml element: MNSXMLElement) {
        guard element.localName == "ChangeVisibility", let handle = element.value("ReceiptHandle") else { return nil }
        self.init(receiptHandle: handle, nextVisibleTime: MNSTime.date(element.value("NextVisibleTime")))
    }

    /// The `<ChangeVisibility>` element.
    package var xml: MNSXMLElement {
        var children = [MNSXMLElement(name: "ReceiptHandle", text: receiptHandle)]
        if let nextVisibleTime { children.append(MNSXMLElement(name: "NextVisibleTime", text: MNSTime.milliseconds(nextVisibleTime))) }
        return MNSXMLElement(name: "ChangeVisibility", children: children)
    }
}
