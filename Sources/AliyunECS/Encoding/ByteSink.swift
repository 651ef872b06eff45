/// Somewhere bytes are appended: a `[UInt8]`, or a ``BoundedByteSink`` over memory set aside in advance.
///
/// Percent-encoding and number formatting write through it, so the client's hot path can fill a
/// pre-sized buffer without the uniqueness and capacity checks of an array append per piece.
protocol ByteSink {
    /// Appends one byte.
    mutating func append(_ byte: UInt8)
    /// Appends `bytes`.
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {}

extension ByteSink {
    /// Appends the UTF-8 bytes of `text`.
    mutating func append(utf8 text: String) {
        text.withUTF8Bytes { append(contentsOf: $0) }
    }
}

/// Appends into a fixed buffer. What does not fit is dropped and ``overflowed`` set, so the caller can
/// start again with a bigger buffer (or, having sized the buffer exactly, need not look).
struct BoundedByteSink: ByteSink {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// How many bytes have been written.
    private(set) var count = 0
    /// `true` once something did not fit.
    private(set) var overflowed = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        guard count < buffer.count else {
            overflowed = true
            return
        }
        buffer[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= buffer.count - count else {
            overflowed = true
            return
        }
        guard let source = bytes.baseAddress, let start = buffer.baseAddress else { return }
        Self.copy(UnsafeRawPointer(source), to: UnsafeMutableRawPointer(start + count), count: bytes.count)
        count += bytes.count
    }

    /// Copies `count` bytes. A query is mostly short pieces (names, `=`, IDs), which cost less as one or
    /// two overlapping word moves than as a call to `memcpy`; longer runs go to `memcpy`.
    @inline(__always)
    private static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
        if count >= 8 {
            if count > 16 {
                target.copyMemory(from: source, byteCount: count)
                return
            }
            target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            (target + count - 8).storeBytes(of: (source + count - 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
        } else if count >= 4 {
            target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
            (target + count - 4).storeBytes(of: (source + count - 4).loadUnaligned(as: UInt32.self), as: UInt32.self)
        } else if count > 0 {
            target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
            if count > 1 {
                (target + count - 2).storeBytes(of: (source + count - 2).loadUnaligned(as: UInt16.self), as: UInt16.self)
            }
        }
    }
}
