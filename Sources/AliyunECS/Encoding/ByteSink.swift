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
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
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
        count += UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(fromContentsOf: bytes)
    }
}
