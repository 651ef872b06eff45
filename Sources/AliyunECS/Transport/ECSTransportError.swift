/// A failure below HTTP: what a transport throws when no complete response arrived.
public struct ECSTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The failure, broadly.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// The server could not be reached (DNS, refused connection, TLS failure).
        public static let cannotConnect = Kind(name: "cannotConnect")
        /// The connection dropped before the response was complete: the server may have acted.
        public static let connectionLost = Kind(name: "connectionLost")
        /// No response within the transport's timeout: the server may have acted.
        public static let timedOut = Kind(name: "timedOut")
        /// The response body was larger than the transport accepts: the answer was cut off on purpose, and
        /// asking again would bring the same answer.
        public static let responseTooLarge = Kind(name: "responseTooLarge")
        /// Any other transport failure.
        public static let other = Kind(name: "other")

        /// The kind's name.
        public var description: String { name }
    }

    /// The failure, broadly.
    public var kind: Kind
    /// A readable explanation, free of secrets.
    public var message: String

    /// Creates a transport error.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The kind and the explanation.
    public var description: String { "\(kind): \(message)" }
}
