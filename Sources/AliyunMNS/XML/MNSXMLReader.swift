import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an MNS answer into an element tree with Foundation's `XMLParser` (libxml2 underneath), within
/// limits, so that a hostile or broken answer is a typed refusal rather than a crash or a memory blow-up.
///
/// Some things are refused before `XMLParser` sees them, because MNS never sends them and they are where
/// the danger is: a document type declaration (what entity expansion attacks need); bytes that are not
/// UTF-8; and a processing instruction other than a leading XML declaration. The toolchain's FoundationXML
/// crashes on the last two (an element name that is not UTF-8, and a processing instruction without data
/// such as `<?xml?>`: both found by the `mnsxml` fuzz target). External entities are never resolved.
package enum MNSXMLReader {
    /// Limits on what is read.
    package struct Limits: Sendable, Hashable {
        /// The largest document, in bytes. Default: 4 MiB (16 messages of 64 KiB, escaped, fit well within).
        package var maximumSize: Int
        /// The deepest nesting. Default: 16 (MNS answers nest three deep).
        package var maximumDepth: Int
        /// The most elements. Default: 4096.
        package var maximumElements: Int

        /// Creates limits.
        package init(maximumSize: Int = 4 << 20, maximumDepth: Int = 16, maximumElements: Int = 4096) {
            self.maximumSize = maximumSize
            self.maximumDepth = maximumDepth
            self.maximumElements = maximumElements
        }
    }

    /// Why a document could not be read. The message never quotes the document.
    package struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// A readable explanation.
        package var message: String
        /// The explanation.
        package var description: String { message }
    }

    /// The root element of `data`.
    /// - Throws: ``Failure`` for anything that is not one well-formed XML document within `limits`.
    package static func parse(_ data: Data, limits: Limits = Limits()) throws(Failure) -> MNSXMLElement {
        guard !data.isEmpty else { throw Failure(message: "the document is empty") }
        guard data.count <= limits.maximumSize else { throw Failure(message: "the document is larger than \(limits.maximumSize) bytes") }
        guard Array(String(decoding: data, as: UTF8.self).utf8).elementsEqual(data) else {
            throw Failure(message: "the document is not UTF-8")
        }
        if let instruction = data.range(of: Data("<?".utf8)), !(instruction.lowerBound == data.startIndex && Self.startsWithDeclaration(data)) {
            throw Failure(message: "the document holds a processing instruction, which MNS never sends")
        }
        if let declarationEnd = data.range(of: Data("?>".utf8)), data[declarationEnd.upperBound...].range(of: Data("<?".utf8)) != nil {
            throw Failure(message: "the document holds a processing instruction, which MNS never sends")
        }
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw Failure(message: "the document declares a document type, which MNS never sends")
        }
        let builder = TreeBuilder(limits: limits)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let parsed = parser.parse()
        if let refusal = builder.refusal { throw Failure(message: refusal) }
        guard parsed, let root = builder.root else {
            throw Failure(message: "the document is not well-formed XML")
        }
        return root
    }

    /// `true` when `data` starts with an XML declaration that names its version (`<?xml version=`).
    private static func startsWithDeclaration(_ data: Data) -> Bool {
        let prefix = Data("<?xml".utf8)
        guard data.starts(with: prefix) else { return false }
        let rest = data.dropFirst(prefix.count)
        guard let first = rest.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D else { return false }
        return rest.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }.starts(with: Data("version".utf8))
    }
}

/// Builds the element tree from the parser's callbacks, stopping the parse when a limit is passed.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private let limits: MNSXMLReader.Limits
    private var stack: [MNSXMLElement] = []
    private var elementCount = 0
    private(set) var root: MNSXMLElement?
    private(set) var refusal: String?

    init(limits: MNSXMLReader.Limits) {
        self.limits = limits
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elementCount += 1
        guard root == nil else { return refuse("there is content after the root element", parser) }
        guard stack.count < limits.maximumDepth else { return refuse("elements nest deeper than \(limits.maximumDepth)", parser) }
        guard elementCount <= limits.maximumElements else { return refuse("more than \(limits.maximumElements) elements", parser) }
        stack.append(MNSXMLElement(name: qualifiedName ?? elementName))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let finished = stack.popLast() else { return refuse("an element ends that never started", parser) }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        refuse("the document declares entities", parser)
    }

    private func refuse(_ reason: String, _ parser: XMLParser) {
        if refusal == nil { refusal = reason }
        parser.abortParsing()
    }
}
