import AliyunECS
import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line (`--log-format json`), for log pipelines:
/// `{"time":"…","level":"info","label":"…","message":"…","recovery":"…",…}`. Metadata values become strings.
public struct JSONLogHandler: LogHandler {
    /// The handler's metadata, merged under each line's own.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// Creates a handler writing to standard error, or to `write`.
    public init(label: String, write: (@Sendable (String) -> Void)? = nil) {
        self.label = label
        self.write = write ?? { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    /// Reads or sets one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var object: [String: String] = [:]
        for (key, value) in metadata { object[key] = "\(value)" }
        if let extra = event.metadata {
            for (key, value) in extra { object[key] = "\(value)" }
        }
        object["time"] = Self.timestamp(Date())
        object["level"] = event.level.rawValue
        object["label"] = label
        object["message"] = "\(event.message)"
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    /// ISO 8601 with milliseconds, UTC.
    static func timestamp(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        let milliseconds = Int((date.timeIntervalSince1970 - whole) * 1000)
        let base = ECSTimestamp.string(from: Date(timeIntervalSince1970: whole))
        return base.dropLast() + String(format: ".%03dZ", milliseconds)
    }
}
