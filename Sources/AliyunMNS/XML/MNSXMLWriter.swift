/// Writes MNS request bodies (and the simulator's answers): an XML declaration, then the element tree with
/// MNS's namespace on the root, every character that XML would not keep as it is escaped.
package enum MNSXMLWriter {
    /// MNS's XML namespace.
    package static let namespace = "http://mns.aliyuncs.com/doc/v1/"

    /// The document for `root`.
    package static func document(_ root: MNSXMLElement) -> String {
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        write(root, namespace: namespace, into: &text)
        return text
    }

    private static func write(_ element: MNSXMLElement, namespace: String?, into text: inout String) {
        text += "<\(element.name)"
        if let namespace { text += #" xmlns="\#(namespace)""# }
        text += ">"
        text += escaped(element.text)
        for child in element.children { write(child, namespace: nil, into: &text) }
        text += "</\(element.name)>"
    }

    /// `text` as XML character data: markup characters as entities, and a carriage return as a character
    /// reference (a parser turns a literal one into a line feed).
    package static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
