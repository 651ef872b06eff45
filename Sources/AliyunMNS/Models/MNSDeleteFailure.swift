/// One receipt handle that a batch delete could not delete, and why.
///
/// Common codes: `ReceiptHandleError` (the handle is stale: the message was received again or its visibility
/// ran out) and `MessageNotExist` (the message is gone). Either way the message is not deleted by this
/// call; if it still exists it will be delivered again.
public struct MNSDeleteFailure: Sendable, Hashable {
    /// The handle that failed.
    public var receiptHandle: String
    /// MNS's error code.
    public var code: String
    /// MNS's explanation.
    public var message: String

    /// Creates a failure (for tests and simulators).
    public init(receiptHandle: String, code: String, message: String) {
        self.receiptHandle = receiptHandle
        self.code = code
        self.message = message
    }
}

extension MNSDeleteFailure {
    /// The failures of an `<Errors>` document; `nil` when `root` is not one.
    package static func list(xml root: MNSXMLElement) -> [MNSDeleteFailure]? {
        guard root.localName == "Errors" else { return nil }
        return root.children("Error").map { error in
            MNSDeleteFailure(
                receiptHandle: error.value("ReceiptHandle") ?? "", code: error.value("ErrorCode") ?? "UnknownError",
                message: error.value("ErrorMessage") ?? "")
        }
    }

    /// The `<Errors>` document of a partly failed batch delete.
    package static func xml(_ failures: [MNSDeleteFailure]) -> MNSXMLElement {
        MNSXMLElement(name: "Errors", children: failures.map { failure in
            MNSXMLElement(name: "Error", children: [
                MNSXMLElement(name: "ErrorCode", text: failure.code), MNSXMLElement(name: "ErrorMessage", text: failure.message),
                MNSXMLElement(name: "ReceiptHandle", text: failure.receiptHandle),
            ])
        })
    }
}
