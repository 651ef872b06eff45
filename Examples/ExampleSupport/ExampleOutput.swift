import AliyunECS
import Foundation

/// How the examples speak: results on stdout (plain or one JSON object), failures as one line on stderr.
public enum ExampleOutput {
    /// Writes a line to standard output.
    public static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes a line to standard error.
    public static func errorLine(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes `value` as one line of JSON with sorted keys.
    public static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// One clear line for a failure: the ECS code, message and request ID when ECS answered; the
    /// client's explanation otherwise. Never a stack trace, never a secret (the error types redact them).
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let service as ECSServiceError:
            var text = "error: \(service.code): \(service.message)"
            text += " (RequestId: \(service.requestId ?? "none"), HTTP \(service.httpStatus))"
            return text
        case let client as ECSClientError:
            return "error: \(client.description)"
        case is CancellationError:
            return "error: cancelled"
        case let described as any CustomStringConvertible:
            return "error: \(described.description)"
        default:
            return "error: \(type(of: error))"
        }
    }
}
