/// The call did not produce an ECS answer the client could use: the network failed, the body was not
/// ECS JSON, the request could not be built, or no credentials were found.
///
/// ``kind`` is an open set of static members, so adding a kind never breaks a caller's `switch`.
public struct ECSClientError: Error, Sendable, Hashable {
    /// What went wrong, broadly.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// The connection failed or dropped before a complete answer arrived.
        public static let connectionFailed = Kind(name: "connectionFailed")
        /// The request or the whole call ran out of time.
        public static let timedOut = Kind(name: "timedOut")
        /// The server answered with something that is not an ECS answer (an HTML error page, an empty body).
        public static let unexpectedResponse = Kind(name: "unexpectedResponse")
        /// The answer was larger than the transport accepts (see the transport's response limit); not retried.
        public static let responseTooLarge = Kind(name: "responseTooLarge")
        /// The answer was JSON but did not have the shape of the expected response.
        public static let malformedResponse = Kind(name: "malformedResponse")
        /// The request could not be encoded or is invalid before it is sent.
        public static let invalidRequest = Kind(name: "invalidRequest")
        /// The client configuration (region, endpoint) is unusable.
        public static let invalidConfiguration = Kind(name: "invalidConfiguration")
        /// No credential source produced credentials.
        public static let credentialsUnavailable = Kind(name: "credentialsUnavailable")

        /// The kind's name.
        public var description: String { name }
    }

    /// What went wrong, broadly.
    public var kind: Kind
    /// A readable explanation, free of secrets.
    public var message: String
    /// The API action, when the error belongs to a call.
    public var action: String?
    /// The HTTP status, when an answer arrived.
    public var httpStatus: Int?
    /// The start of the body that could not be read, whitespace collapsed, at most 200 characters.
    public var bodyExcerpt: String?
    /// The request ID, when the answer carried one.
    public var requestId: String?

    /// Creates an error.
    public init(
        kind: Kind, message: String, action: String? = nil, httpStatus: Int? = nil,
        bodyExcerpt: String? = nil, requestId: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.action = action
        self.httpStatus = httpStatus
        self.bodyExcerpt = bodyExcerpt
        self.requestId = requestId
    }

    /// A short, readable excerpt of a response body: whitespace collapsed, at most `limit` characters.
    public static func excerpt(of body: [UInt8], limit: Int = 200) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        var collapsed = ""
        var lastWasSpace = false
        for character in text {
            if character.isWhitespace || character.isNewline {
                if !lastWasSpace, !collapsed.isEmpty { collapsed.append(" ") }
                lastWasSpace = true
            } else {
                collapsed.append(character)
                lastWasSpace = false
            }
            if collapsed.count >= limit { return collapsed + "…" }
        }
        return collapsed.trimmingSpaces()
    }
}

extension ECSClientError: CustomStringConvertible {
    /// One line: action, kind, message, status and excerpt.
    public var description: String {
        var text = action.map { "\($0): " } ?? ""
        text += message
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if let requestId, !requestId.isEmpty { text += " [RequestId: \(requestId)]" }
        if let bodyExcerpt, !bodyExcerpt.isEmpty { text += " — body starts: \(bodyExcerpt)" }
        return text
    }
}
