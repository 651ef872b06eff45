/// The sorted, percent-encoded query string that both signature versions sign and the client sends.
package enum CanonicalQuery {
    /// Sorts parameters by name in byte order (`DataDisk.1` < `DataDisk.10` < `DataDisk.2`).
    package static func sorted(_ parameters: [QueryParameter]) -> [QueryParameter] {
        // For ASCII names (every ECS parameter name), String's own ordering is byte order and much faster
        // than comparing UTF-8 views element by element.
        guard parameters.allSatisfy({ isASCII($0.name) }) else {
            return parameters.sorted { lhs, rhs in
                lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
                    || (lhs.name == rhs.name && lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8))
            }
        }
        if zip(parameters, parameters.dropFirst()).allSatisfy({ $0.name < $1.name }) { return parameters }
        return parameters.sorted { lhs, rhs in
            lhs.name < rhs.name || (lhs.name == rhs.name && lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8))
        }
    }

    @inline(__always)
    static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// `name=value&…` with both sides percent-encoded, in the given order, as UTF-8 bytes.
    package static func bytes(_ parameters: [QueryParameter]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(parameters.count * 40)
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            PercentEncoding.append(parameter.name, to: &output)
            output.append(UInt8(ascii: "="))
            PercentEncoding.append(parameter.value, to: &output)
        }
        return output
    }

    /// The canonical query string for `parameters`: sorted, then percent-encoded.
    package static func string(_ parameters: [QueryParameter]) -> String {
        String(decoding: bytes(sorted(parameters)), as: UTF8.self)
    }

    /// The parameters of a canonical (or any percent-encoded) query string, in order.
    static func parameters(_ query: [UInt8]) -> [QueryParameter] {
        query.split(separator: UInt8(ascii: "&")).map { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(decoding: parts[0], as: UTF8.self)
            let value = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
            return QueryParameter(
                name: PercentEncoding.decode(name, plusAsSpace: false) ?? name,
                value: PercentEncoding.decode(value, plusAsSpace: false) ?? value)
        }
    }
}
