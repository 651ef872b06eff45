import Foundation

/// The bytes of one JSON answer, written into one block of memory that the answer's `Data` then owns.
///
/// An `Array` would have to be copied into the `Data` at the end: for a 100-instance DescribeInstances page
/// (about 150 KB) that copy, with the page faults of the fresh block it went into, was about 6 % of the
/// emulator's time per request.
final class JSONOutputBuffer {
    // Only the one encoding that owns the buffer touches these, one call at a time: the dynamic exclusivity
    // checks of a class's stored properties would cost more than the writing.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0
    /// Set once `data()` has handed the block to a `Data`, which frees it.
    @exclusivity(unchecked) private var handedOver = false

    /// An empty buffer with room for `capacity` bytes before it grows.
    init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        if !handedOver { base.deallocate() }
    }

    /// Appends one byte.
    func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Appends the bytes of `bytes`.
    func append<Bytes: Collection<UInt8>>(contentsOf bytes: Bytes) {
        let appended: Void? = bytes.withContiguousStorageIfAvailable { append(buffer: $0) }
        if appended == nil {
            for byte in bytes { append(byte) }
        }
    }

    /// The bytes from `start` to the end, as an array.
    func bytes(from start: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + start, count: count - start))
    }

    /// Hands the bytes written to a `Data` that frees them; the buffer is not to be written afterwards.
    func data() -> Data {
        handedOver = true
        return Data(bytesNoCopy: base, count: count, deallocator: .custom { pointer, _ in pointer.deallocate() })
    }

    private func append(buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
        if count + buffer.count > capacity { grow(toHold: count + buffer.count) }
        (base + count).initialize(from: source, count: buffer.count)
        count += buffer.count
    }

    private func grow(toHold needed: Int) {
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(needed, capacity * 2))
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = max(needed, capacity * 2)
    }
}
