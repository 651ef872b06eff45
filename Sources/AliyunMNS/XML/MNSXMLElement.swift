/// One element of an MNS XML document: its name, the character data directly inside it, and its child
/// elements. Attributes (MNS uses none but `xmlns`) are not kept.
package struct MNSXMLElement: Sendable, Hashable {
    /// The name as written, prefix included (`Message`, or `m:Message`).
    package var name: String
    /// The character data directly inside the element (between its children too), as the parser delivered it.
    package var text: String
    /// The child elements, in document order.
    package var children: [MNSXMLElement]

    /// Creates an element.
    package init(name: String, text: String = "", children: [MNSXMLElement] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The name without a namespace prefix: what MNS's element names are compared by.
    package var localName: Substring {
        guard let colon = name.lastIndex(of: ":") else { return name[...] }
        let local = name[name.index(after: colon)...]
        return local.isEmpty ? name[...] : local
    }

    /// The first child with this local name.
    package func child(_ name: String) -> MNSXMLElement? {
        children.first { $0.localName == name }
    }

    /// Every child with this local name.
    package func children(_ name: String) -> [MNSXMLElement] {
        children.filter { $0.localName == name }
    }

    /// The text of the first child with this local name, whitespace trimmed, or `nil` when there is no such
    /// child or it is blank.
    package func value(_ name: String) -> String? {
        guard let text = child(name)?.text.trimmingXMLWhitespace(), !text.isEmpty else { return nil }
        return text
    }
}

extension String {
    /// The text without XML whitespace (space, tab, line feed, carriage return) at either end.
    func trimmingXMLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
