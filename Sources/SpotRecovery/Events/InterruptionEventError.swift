/// Why a payload is not a usable interruption event. ``kind`` is an open set.
public struct InterruptionEventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, broadly.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The payload is empty or larger than ``InterruptionEventParser/maximumPayloadSize``.
        public static let badSize = Kind(name: "badSize")
        /// The payload is neither JSON nor base64-encoded JSON.
        public static let notJSON = Kind(name: "notJSON")
        /// The payload is JSON, but neither a CloudMonitor event nor an EventBridge CloudEvent.
        public static let unknownFormat = Kind(name: "unknownFormat")
        /// The payload is an event of another kind (not a spot interruption).
        public static let notAnInterruption = Kind(name: "notAnInterruption")
        /// The event names no instance.
        public static let missingInstanceId = Kind(name: "missingInstanceId")
        /// The kind's name.
        public var description: String { name }
    }

    /// What was wrong.
    public var kind: Kind
    /// A readable explanation (it never quotes the payload).
    public var message: String

    /// Creates an error.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// `kind: message`.
    public var description: String { "\(kind): \(message)" }
}
