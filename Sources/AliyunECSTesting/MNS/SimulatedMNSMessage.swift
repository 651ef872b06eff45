import Foundation

/// A message held by a simulated queue, as a test looks at it.
public struct SimulatedMNSMessage: Sendable, Hashable {
    /// The message's ID.
    public var messageId: String
    /// The body as sent.
    public var body: String
    /// When it was sent.
    public var enqueueTime: Date
    /// When it was first received, if it was.
    public var firstDequeueTime: Date?
    /// When it is (or became) visible to a receive.
    public var nextVisibleTime: Date
    /// How many times it has been received.
    public var dequeueCount: Int
    /// Its priority (1 is the highest).
    public var priority: Int
    /// The receipt handle of its latest delivery or visibility change, if it was received.
    public var receiptHandle: String?
}
