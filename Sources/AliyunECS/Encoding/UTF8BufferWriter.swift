/// Fills a buffer of known size with UTF-8 text, piece by piece: for strings assembled on the hot path
/// with `String(unsafeUninitializedCapacity:initializingUTF8With:)`, in one allocation and without the
/// storage checks of repeated `String.append`.
struct UTF8BufferWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// How many bytes have been written.
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// Appends `text`, or as much of it as still fits.
    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write(utf8: $0) }
    }

    /// Appends UTF-8 `bytes`, or as many as still fit.
    mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write(utf8: $0) }
    }

    private mutating func write(utf8: UnsafeBufferPointer<UInt8>) {
        let fitting = min(utf8.count, buffer.count - count)
        guard fitting > 0 else { return }
        count += UnsafeMutableBufferPointer(rebasing: buffer[count...])
            .initialize(fromContentsOf: UnsafeBufferPointer(rebasing: utf8[..<fitting]))
    }
}
