import AliyunECS
import Foundation
import FuzzSupport
@testable import AliyunMNS

/// libFuzzer entry point for the MNS XML reader (`MNSXMLReader`, on Foundation's `XMLParser`) and the
/// models read from it, as `MNSQueueClient` reads every answer.
///
/// It checks, and stops the fuzzer with a message naming the difference when one fails:
/// - reading never crashes, and a refusal is an `MNSXMLReader.Failure` with one of the reader's fixed
///   sentences (none quotes the input);
/// - a document that reads, written back with `MNSXMLWriter` (what the client sends and the simulator
///   answers with), reads as the same tree: names, text (every character) and children;
/// - a receive answer that reads as messages, written back as the simulator writes it, reads as the same
///   messages (IDs, body to the character, handles, times to the millisecond, counts); an `<Error>` and an
///   `<Errors>` document likewise;
/// - the client's reading of a failed answer (`MNSQueueClient.failure(of:)`) is an
///   `MNSServiceError`, a partial delete failure or an `ECSClientError`, and neither names the secret.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMNSXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    MNSXMLChecks.check(Data(bytes))
    return 0
}

enum MNSXMLChecks {
    static let secret = "fuzz-secret-5d41402abc4b2a76b9719d911017c592"

    /// Every sentence `MNSXMLReader.parse` refuses with, at the default limits: none quotes the input.
    static let knownRefusals: Set<String> = {
        let limits = MNSXMLReader.Limits()
        return [
            "the document is empty", "the document is larger than \(limits.maximumSize) bytes", "the document is not UTF-8",
            "the document holds a processing instruction, which MNS never sends",
            "the document declares a document type, which MNS never sends", "the document is not well-formed XML",
            "there is content after the root element", "elements nest deeper than \(limits.maximumDepth)",
            "more than \(limits.maximumElements) elements", "an element ends that never started", "the document declares entities",
        ]
    }()

    static func mismatch(_ message: String, _ data: Data) -> Never {
        fatalError("FuzzMNSXML mismatch: \(message)\ninput: \(String(decoding: data.prefix(300), as: UTF8.self).debugDescription)")
    }

    static func check(_ data: Data) {
        checkClientReading(data)
        let root: MNSXMLElement
        do {
            root = try MNSXMLReader.parse(data)
        } catch {
            if !knownRefusals.contains(error.message) {
                mismatch("the refusal is not one of the reader's fixed sentences (it may quote the input): \(error.message)", data)
            }
            return
        }
        let written = Data(MNSXMLWriter.document(root).utf8)
        let reread: MNSXMLElement
        do {
            reread = try MNSXMLReader.parse(written)
        } catch {
            mismatch("the tree written back does not read (\(error.message)): \(String(decoding: written.prefix(300), as: UTF8.self).debugDescription)", data)
        }
        if reread != root {
            mismatch("the tree written back reads differently:\n  first:  \(describe(root))\n  second: \(describe(reread))", data)
        }
        checkModels(root, data)
    }

    /// The models read from `root`, written as the simulator writes them, read back the same.
    static func checkModels(_ root: MNSXMLElement, _ data: Data) {
        if let messages = try? MNSMessage.list(xml: root) {
            let document = MNSXMLElement(name: "Messages", children: messages.map(\.xml))
            guard let reread = try? MNSMessage.list(xml: MNSXMLReader.parse(Data(MNSXMLWriter.document(document).utf8))) else {
                mismatch("the messages written back do not read", data)
            }
            if reread != messages { mismatch("the messages written back read differently:\n  \(messages)\n  \(reread)", data) }
        }
        if let error = MNSServiceError(xml: root, action: "Fuzz", httpStatus: 400) {
            let reread = (try? MNSXMLReader.parse(Data(MNSXMLWriter.document(error.xml).utf8))).flatMap {
                MNSServiceError(xml: $0, action: "Fuzz", httpStatus: 400)
            }
            if reread != error { mismatch("the error written back reads differently: \(error) / \(String(describing: reread))", data) }
        }
        if let failures = MNSDeleteFailure.list(xml: root) {
            let reread = (try? MNSXMLReader.parse(Data(MNSXMLWriter.document(MNSDeleteFailure.xml(failures)).utf8))).flatMap {
                MNSDeleteFailure.list(xml: $0)
            }
            if reread != failures { mismatch("the delete failures written back read differently", data) }
        }
        if let change = MNSVisibilityChange(xml: root) {
            let reread = (try? MNSXMLReader.parse(Data(MNSXMLWriter.document(change.xml).utf8))).flatMap(MNSVisibilityChange.init(xml:))
            if reread != change { mismatch("the visibility change written back reads differently", data) }
        }
    }

    /// The client's reading of the input as a failed answer.
    static func checkClientReading(_ data: Data) {
        for status in [404] {
            let response = ECSHTTPResponse(statusCode: status, body: data)
            let error = MNSQueueClient.failure(of: response, action: "BatchDeleteMessage", secrets: [secret])
            let text: String
            switch error {
            case let service as MNSServiceError:
                text = "\(service)"
                if service.httpStatus != status { mismatch("the service error's status is \(service.httpStatus), not \(status)", data) }
            case let partial as PartialDeleteFailure: text = "\(partial.failures)"
            case let client as ECSClientError: text = "\(client)"
            default: mismatch("the failure is a \(type(of: error))", data)
            }
            if text.containsBytes(of: secret) { mismatch("the failure names the secret: \(text)", data) }
        }
    }

    static func describe(_ element: MNSXMLElement) -> String {
        "<\(element.name.debugDescription) text=\(element.text.debugDescription)>" + element.children.map(describe).joined() + "</>"
    }
}
