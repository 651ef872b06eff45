/// MNS answered, and the answer was an error document: `<Error><Code/><Message/><RequestId/><HostId/></Error>`.
///
/// Match on ``code`` (an open set of strings such as `QueueNotExist`, `AccessDenied`,
/// `SignatureDoesNotMatch`, `ReceiptHandleError`). A receive that finds nothing (`MessageNotExist`) is not
/// an error: ``MNSQueueClient/receiveMessages(max:waitSeconds:)`` returns an empty list.
public struct MNSServiceError: Error, Sendable, Hashable {
    /// The operation that failed (`BatchReceiveMessage`, `DeleteMessage`, …).
    public var action: String
    /// The HTTP status code.
    public var httpStatus: Int
    /// MNS's error code.
    public var code: String
    /// MNS's explanation, with anything secret it echoed removed.
    public var message: String
    /// The request ID, for support tickets.
    public var requestId: String?
    /// The host that answered.
    public var hostId: String?

    /// Creates an error (for tests and simulators).
    public init(action: String, httpStatus: Int, code: String, message: String, requestId: String? = nil, hostId: String? = nil) {
        self.action = action
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.requestId = requestId
        self.hostId = hostId
    }

    /// `true` for a queue that does not exist (`QueueNotExist`).
    public var isMissingQueue: Bool { code == "QueueNotExist" }

    /// `true` when the key or its permissions were refused (`AccessDenied`, `InvalidAccessKeyId`,
    /// `SignatureDoesNotMatch`, and the other authorization codes).
    public var isAuthorizationFailure: Bool { Self.authorizationCodes.contains(code) }

    /// The codes ``isAuthorizationFailure`` recognises.
    public static let authorizationCodes: Set<String> = [
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidAuthorizationHeader",
        "MissingAuthorizationHeader", "SecurityTokenExpired", "InvalidSecurityToken",
    ]

    /// Codes worth retrying whatever the status: the service's own trouble and flow control.
    static let retryableCodes: Set<String> = ["InternalError", "QpsLimitExceeded", "ServiceUnavailable", "Throttling"]
}

extension MNSServiceError: CustomStringConvertible {
    /// One line: action, code, status, message and request ID.
    public var description: String {
        var text = "\(action) failed: \(code) (HTTP \(httpStatus)): \(message)"
        if let requestId, !requestId.isEmpty { text += " [RequestId: \(requestId)]" }
        return text
    }
}

extension MNSServiceError {
    /// Reads an `<Error>` document; `nil` when `root` is not one or names no code.
    package init?(xml root: MNSXMLElement, action: String, httpStatus: Int) {
        guard root.localName == "Error", let code = root.value("Code") else { return nil }
        self.init(
            action: action, httpStatus: httpStatus, code: code, message: root.value("Message") ?? "",
            requestId: root.value("RequestId"), hostId: root.value("HostId"))
    }

    /// The `<Error>` document MNS answers with.
    package var xml: MNSXMLElement {
        var children = [MNSXMLElement(name: "Code", text: code), MNSXMLElement(name: "Message", text: message)]
        if let requestId { children.append(MNSXMLElement(name: "RequestId", text: requestId)) }
        if let hostId { children.append(MNSXMLElement(name: "HostId", text: hostId)) }
        return MNSXMLElement(name: "Error", children: children)
    }
}
