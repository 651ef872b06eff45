import Foundation

/// A request that flattens itself into query parameters without going through `Encoder`.
///
/// The conformances are generated (`Codegen/generate`, for the actions of `Codegen/actions.txt`) from
/// the API model's wire names and types, and a parity test checks that they write exactly what the `Codable` path writes.
/// ``QueryEncoder`` uses them when a type has one.
protocol QueryWritable {
    /// Appends this value's parameters, each name prefixed with `prefix` (e.g. `DataDisk.1.`); in
    /// canonical-query mode the writer keeps the prefix itself and `prefix` is empty.
    func writeQuery(to writer: inout QueryWriter, prefix: String)
}

/// Collects flattened parameters: `nil` values are skipped, lists are numbered from 1.
///
/// It writes either a list of parameters or, for the client's hot path, the canonical query itself
/// (`Name=value&…`, percent-encoded): the generated writers emit parameters in wire-name order, so the
/// query comes out already sorted unless a list has ten elements or more (`Name.10` sorts before
/// `Name.2`) or a name prefix is too long to keep inline, which ``inCanonicalOrder`` reports.
struct QueryWriter {
    /// What the writer produces.
    enum Output {
        case parameters
        case canonicalQuery
    }

    /// Values the client fills in without copying the request: its region when the request names none,
    /// and the call's ClientToken when the caller gave none. Only the generated writers of top-level
    /// request types read them, in place of their own `RegionId` / `ClientToken`.
    struct Overrides {
        var regionId: String?
        var clientToken: String?

        /// Nothing to fill in.
        static let none = Overrides()
    }

    let output: Output
    let overrides: Overrides
    private(set) var parameters: [QueryParameter] = []
    /// In canonical-query mode, where the query goes: memory the caller set aside (see
    /// ``QueryEncoder/canonicalQuery(of:overrides:)``), written without per-append array checks.
    private(set) var query = BoundedByteSink(UnsafeMutableBufferPointer(start: nil, count: 0))
    /// In canonical-query mode, the name prefix of the structure being written (`DataDisk.1.`), kept as
    /// bytes so that nesting costs no `String` building; the `prefix` arguments stay empty in this mode.
    private var namePrefix = QueryNamePrefix()
    /// `false` once the canonical query cannot be written as it goes: a parameter may have been written
    /// out of canonical order, or a name prefix was too long to keep inline. The encoder then collects the
    /// parameters and sorts them instead.
    private(set) var inCanonicalOrder = true

    /// A writer that collects parameters.
    init(overrides: Overrides = .none) {
        output = .parameters
        self.overrides = overrides
        parameters.reserveCapacity(32)
    }

    /// A writer of the canonical query into `buffer`; ``query`` reports how much was written and
    /// whether it all fitted.
    init(canonicalQueryInto buffer: UnsafeMutableBufferPointer<UInt8>, overrides: Overrides) {
        output = .canonicalQuery
        self.overrides = overrides
        query = BoundedByteSink(buffer)
    }

    /// Starts a parameter of the canonical query: `&`, the prefix, the name, `.N` for a list element,
    /// and `=`. Wire names are plain ASCII letters, digits and dots, which percent-encoding leaves as
    /// they are.
    @inline(__always)
    private mutating func beginQueryParameter(_ name: StaticString, number: Int? = nil) {
        if query.count > 0 { query.append(UInt8(ascii: "&")) }
        namePrefix.write(to: &query)
        query.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        if let number {
            query.append(UInt8(ascii: "."))
            Self.appendDecimal(number, to: &query)
        }
        query.append(UInt8(ascii: "="))
    }

    @inline(__always)
    private mutating func appendParameter(_ prefix: String, _ name: StaticString, _ value: String) {
        let fullName = prefix.isEmpty ? name.description : prefix + name.description
        parameters.append(QueryParameter(name: fullName, value: value))
    }

    // The optional overloads are inlined so that an absent field (most of a request's eighty) costs one
    // test in the generated writer rather than a call; the present ones are written out of line.

    @inline(__always)
    mutating func add(_ prefix: String, _ name: StaticString, _ value: String?) {
        guard let value else { return }
        add(prefix, name, string: value)
    }

    @inline(never)
    mutating func add(_ prefix: String, _ name: StaticString, string value: String) {
        switch output {
        case .parameters:
            appendParameter(prefix, name, value)
        case .canonicalQuery:
            beginQueryParameter(name)
            PercentEncoding.append(value, to: &query)
        }
    }

    @inline(__always)
    mutating func add(_ prefix: String, _ name: StaticString, _ value: Int?) {
        guard let value else { return }
        add(prefix, name, integer: value)
    }

    @inline(never)
    mutating func add(_ prefix: String, _ name: StaticString, integer value: Int) {
        switch output {
        case .parameters:
            appendParameter(prefix, name, String(value))
        case .canonicalQuery:
            beginQueryParameter(name)
            Self.appendDecimal(value, to: &query)
        }
    }

    @inline(__always)
    mutating func add(_ prefix: String, _ name: StaticString, _ value: Int64?) {
        guard let value else { return }
        add(prefix, name, string: String(value))
    }

    @inline(__always)
    mutating func add(_ prefix: String, _ name: StaticString, _ value: Double?) {
        guard let value else { return }
        add(prefix, name, string: QueryScalar.string(value))
    }

    @inline(__always)
    mutating func add(_ prefix: String, _ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        add(prefix, name, string: QueryScalar.string(value))
    }

    @inline(__always)
    mutating func add(_ prefix: String, _ name: StaticString, _ value: Date?) {
        guard let value else { return }
        add(prefix, name, string: ECSTimestamp.string(from: value))
    }

    @inline(__always)
    mutating func add<Value: ECSStringEnum>(_ prefix: String, _ name: StaticString, _ value: Value?) {
        guard let value else { return }
        add(prefix, name, string: value.rawValue)
    }

    /// Decimal digits straight into the query (digits and `-` need no percent-encoding).
    static func appendDecimal(_ value: Int, to output: inout some ByteSink) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // Room for the 20 digits of the largest magnitude; the tuple's memory is bound to `UInt8`.
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.assumingMemoryBound(to: UInt8.self)
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// A list of scalars: `Name.1`, `Name.2`, …
    @inline(__always)
    mutating func add(_ prefix: String, _ name: StaticString, _ values: [String]?) {
        guard let values else { return }
        add(prefix, name, strings: values)
    }

    @inline(never)
    mutating func add(_ prefix: String, _ name: StaticString, strings values: [String]) {
        if values.count >= 10 { inCanonicalOrder = false }
        switch output {
        case .parameters:
            let listPrefix = prefix + name.description + "."
            for (offset, value) in values.enumerated() {
                parameters.append(QueryParameter(name: listPrefix + String(offset + 1), value: value))
            }
        case .canonicalQuery:
            for index in values.indices {
                beginQueryParameter(name, number: index + 1)
                PercentEncoding.append(values[index], to: &query)
            }
        }
    }

    /// One nested structure: `Name.Field`.
    @inline(__always)
    mutating func add(_ prefix: String, _ name: StaticString, _ value: (some QueryWritable)?) {
        guard let value else { return }
        add(prefix, name, structure: value)
    }

    @inline(never)
    mutating func add(_ prefix: String, _ name: StaticString, structure value: some QueryWritable) {
        switch output {
        case .parameters:
            value.writeQuery(to: &self, prefix: prefix + name.description + ".")
        case .canonicalQuery:
            let outer = pushPrefix(name, number: nil)
            value.writeQuery(to: &self, prefix: "")
            popPrefix(to: outer)
        }
    }

    /// A list of structures: `Name.1.Field`, `Name.2.Field`, …
    @inline(__always)
    mutating func add<Value: QueryWritable>(_ prefix: String, _ name: StaticString, _ values: [Value]?) {
        guard let values else { return }
        add(prefix, name, structures: values)
    }

    @inline(never)
    mutating func add<Value: QueryWritable>(_ prefix: String, _ name: StaticString, structures values: [Value]) {
        if values.count >= 10 { inCanonicalOrder = false }
        for index in values.indices {
            switch output {
            case .parameters:
                values[index].writeQuery(to: &self, prefix: prefix + name.description + "." + String(index + 1) + ".")
            case .canonicalQuery:
                let outer = pushPrefix(name, number: index + 1)
                values[index].writeQuery(to: &self, prefix: "")
                popPrefix(to: outer)
            }
        }
    }

    /// Extends the name prefix with `Name.` or `Name.N.` and returns its length before.
    private mutating func pushPrefix(_ name: StaticString, number: Int?) -> Int {
        let outer = namePrefix.count
        if !namePrefix.push(name, number: number) { inCanonicalOrder = false }
        return outer
    }

    /// Cuts the name prefix back to what it was before the matching ``pushPrefix(_:number:)``.
    private mutating func popPrefix(to outer: Int) {
        namePrefix.pop(to: outer)
    }
}
