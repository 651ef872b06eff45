import Foundation
import SpotRecovery
@testable import AliyunECS

/// libFuzzer entry point for spot interruption event payloads: `InterruptionEventParser.parse`, as
/// spot-guardian's endpoints and `EventRecyclingDetector` call it on the bytes a delivery channel hands over.
///
/// For each input it checks, and stops the fuzzer with a message naming the difference when one fails:
/// - the parser never crashes, and what it throws is an `InterruptionEventError` (its signature says so)
///   of one of the documented kinds, with a message;
/// - no error's description quotes the payload: no eight bytes of it that are not part of the parser's
///   own wording;
/// - an event names a non-empty instance and event ID, without surrounding spaces;
/// - where Foundation's `JSONSerialization` reads the payload as an object (and our JSON parser reads it
///   the same way: see `AgreedDocument`), the outcome is the one a straightforward reading of that object
///   gives (`ReferenceReading`): the same event ID, instance ID and source, or a refusal of the same kind.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterruptionEvents(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // A copy of exactly `size` bytes, so that reading past its end is an AddressSanitizer report.
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let outcome: Result<InterruptionEvent, InterruptionEventError>
    do {
        outcome = .success(try InterruptionEventParser.parse(bytes))
    } catch {
        outcome = .failure(error)
    }
    EventChecks.check(outcome, bytes)
    return 0
}

/// Stops the fuzzer: libFuzzer saves the input as a reproducer.
func mismatch(_ message: String, _ bytes: [UInt8]) -> Never {
    let shown = String(decoding: bytes.prefix(400), as: UTF8.self).debugDescription
    fatalError("FuzzInterruptionEvents mismatch: \(message)\ninput (\(bytes.count) bytes): \(shown)")
}

enum EventChecks {
    static let kinds: Set<String> = ["badSize", "notJSON", "unknownFormat", "notAnInterruption", "missingInstanceId"]

    /// Every fixed text of the parser's refusals: a piece of the payload that is also part of them proves nothing.
    static let wording = Array("""
        badSize: notJSON: unknownFormat: notAnInterruption: missingInstanceId: \
        The payload is empty or larger than \(InterruptionEventParser.maximumPayloadSize) bytes. \
        The payload is not a JSON object. The payload is neither JSON nor base64-encoded JSON. \
        The payload is neither a CloudMonitor event nor an EventBridge CloudEvent. \
        The CloudEvent's type is not \(InterruptionEvent.eventBridgeType). \
        The event's name is not \(InterruptionEvent.cloudMonitorName). \
        The CloudEvent names no instance. The event names no instance.
        """.utf8)

    static func check(_ outcome: Result<InterruptionEvent, InterruptionEventError>, _ bytes: [UInt8]) {
        switch outcome {
        case .success(let event):
            let trimmed = event.instanceId.trimmingCharacters(in: .whitespaces)
            guard !event.instanceId.isEmpty, trimmed == event.instanceId else {
                mismatch("an event names the instance \(event.instanceId.debugDescription)", bytes)
            }
            guard !event.id.isEmpty else { mismatch("an event without an ID", bytes) }
        case .failure(let error):
            guard kinds.contains(error.kind.description) else { mismatch("an error of an undocumented kind: \(error.kind)", bytes) }
            guard !error.message.isEmpty else { mismatch("an error without a message (\(error.kind))", bytes) }
            if let quoted = quotedPiece(of: bytes, in: Array(error.description.utf8)) {
                mismatch("the error quotes the payload (\(quoted.debugDescription)): \(error)", bytes)
            }
        }
        let expected: ReferenceReading.Outcome
        do {
            guard let reading = try ReferenceReading.outcome(of: bytes) else { return }
            expected = reading
        } catch {
            return
        }
        switch (outcome, expected) {
        case (.success(let event), .event(let id, let instanceId, let source)):
            guard event.instanceId == instanceId, event.id == id, event.source.description == source else {
                mismatch("we read \(event.source) event \(event.id.debugDescription) for \(event.instanceId.debugDescription); "
                    + "Foundation's object reads \(source) event \(id.debugDescription) for \(instanceId.debugDescription)", bytes)
            }
        case (.failure(let error), .refused(let kind)):
            guard error.kind.description == kind else {
                mismatch("we refuse it as \(error.kind), Foundation's object as \(kind)", bytes)
            }
        case (.success(let event), .refused(let kind)):
            mismatch("we read an event (\(event.instanceId.debugDescription)), Foundation's object is refused as \(kind)", bytes)
        case (.failure(let error), .event(_, let instanceId, let source)):
            mismatch("we refuse it (\(error)), Foundation's object reads a \(source) event for \(instanceId.debugDescription)", bytes)
        }
    }

    /// Eight bytes of `description` that occur in the payload but not in the parser's own wording, if any.
    static func quotedPiece(of payload: [UInt8], in description: [UInt8]) -> String? {
        let width = 8
        guard description.count >= width, payload.count >= width else { return nil }
        for start in 0...(description.count - width) {
            let piece = description[start..<(start + width)]
            if contains(payload, piece) && !contains(wording, piece) {
                return String(decoding: piece, as: UTF8.self)
            }
        }
        return nil
    }

    static func contains(_ haystack: [UInt8], _ needle: ArraySlice<UInt8>) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
