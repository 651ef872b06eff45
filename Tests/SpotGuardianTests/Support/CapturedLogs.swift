import Foundation
import Logging

/// Every log line of a test, with its metadata, for assertions on what the service said.
final class CapturedLogs: @unchecked Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    // Guarded by `lock`.
    private let lock = NSLock()
    private var stored: [Line] = []

    var lines: [Line] { lock.withLock { stored } }

    var logger: Logger {
        var logger = Logger(label: "spot-guardian-test") { _ in Handler(sink: self) }
        logger.logLevel = .debug
        return logger
    }

    func contains(_ text: String) -> Bool {
        lines.contains { $0.message.contains(text) }
    }

    fileprivate func append(_ line: Line) {
        lock.withLock { stored.append(line) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged: [String: String] = [:]
            for (key, value) in metadata { merged[key] = "\(value)" }
            for (key, value) in event.metadata ?? [:] { merged[key] = "\(value)" }
            sink.append(Line(level: event.level, message: "\(event.message)", metadata: merged))
        }
    }
}
