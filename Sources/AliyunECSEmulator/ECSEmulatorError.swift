/// Why an ``ECSEmulatorServer`` could not serve.
public struct ECSEmulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, broadly.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// The server stopped (or failed to start) before it was running.
        public static let notRunning = Kind(name: "notRunning")
        /// `run()` was called a second time: a server runs once.
        public static let alreadyStarted = Kind(name: "alreadyStarted")

        /// The kind's name.
        public var description: String { name }
    }

    /// What went wrong, broadly.
    public var kind: Kind
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: What went wrong.
    ///   - message: The explanation.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The kind and the explanation.
    public var description: String { "\(kind): \(message)" }
}
