import Foundation

/// How a simulated interruption's CloudMonitor event is written into a message body.
public enum SimulatedEventEncoding: String, Sendable, Hashable, CaseIterable {
    /// Base64 of the JSON, as the official SDKs write bodies (and, it seems, CloudMonitor's delivery does).
    case base64
    /// The JSON itself.
    case json

    /// The body for `payload`.
    func body(_ payload: Data) -> String {
        switch self {
        case .base64: payload.base64EncodedString()
        case .json: String(decoding: payload, as: UTF8.self)
        }
    }
}

/// A region whose announced interruptions are published into a queue: pulled lazily, whenever the queue is
/// looked at, so the queue holds exactly what the region announced by the service's current time, with no
/// task of its own running on the clock.
struct InterruptionPublication {
    var region: SimulatedRegion
    var queue: String
    var encoding: SimulatedEventEncoding
    var published: Set<String> = []
}
