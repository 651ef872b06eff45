/// The name prefix of the nested structure a ``QueryWriter`` is writing (`DataDisk.1.`,
/// `SystemDisk.`), kept in 64 bytes of inline storage: pushing and popping a level costs no allocation.
///
/// The modelled requests nest two levels at most, with prefixes of about twenty bytes; a prefix that
/// would not fit is refused, and the writer then takes its general (collect and sort) path.
struct QueryNamePrefix {
    /// How many bytes the prefix can hold.
    static let capacity = 64

    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many bytes of the prefix are in use.
    private(set) var count = 0

    /// Appends `Name.` or `Name.N.` and returns `true`, or returns `false` and changes nothing when the
    /// result would not fit.
    mutating func push(_ name: StaticString, number: Int?) -> Bool {
        // `Int.max` has 19 digits.
        let longest = name.utf8CodeUnitCount + 1 + (number == nil ? 0 : 20)
        guard count + longest <= Self.capacity else { return false }
        let start = count
        let added = withUnsafeMutableBytes(of: &storage) { raw in
            raw.withMemoryRebound(to: UInt8.self) { bytes in
                var sink = BoundedByteSink(UnsafeMutableBufferPointer(rebasing: bytes[start...]))
                sink.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
                sink.append(UInt8(ascii: "."))
                if let number {
                    QueryWriter.appendDecimal(number, to: &sink)
                    sink.append(UInt8(ascii: "."))
                }
                return sink.count
            }
        }
        count = start + added
        return true
    }

    /// Goes back to an earlier length (the ``count`` before a ``push(_:number:)``).
    mutating func pop(to earlierCount: Int) {
        count = earlierCount
    }

    /// Appends the prefix to `sink`.
    func write(to sink: inout BoundedByteSink) {
        guard count > 0 else { return }
        withUnsafeBytes(of: storage) { raw in
            raw.withMemoryRebound(to: UInt8.self) { sink.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count])) }
        }
    }
}
