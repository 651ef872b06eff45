import Crypto
import Foundation

/// Remembers the keyed HMAC state of the last few secrets, so that signing does not re-derive the
/// HMAC key (two hash blocks and a few allocations) on every request.
final class HMACKeyCache<Hash: HashFunction>: @unchecked Sendable {
    // `entries` is guarded by `lock`; at most `capacity` secrets are kept, newest last.
    private let lock = NSLock()
    private var entries: [(secret: String, mac: HMAC<Hash>)] = []
    private let capacity: Int

    init(capacity: Int = 4) {
        self.capacity = capacity
    }

    /// A fresh HMAC keyed with `secret`, ready for `update`/`finalize`.
    func mac(for secret: String) -> HMAC<Hash> {
        lock.lock()
        defer { lock.unlock() }
        if let entry = entries.last(where: { $0.secret == secret }) { return entry.mac }
        let mac = HMAC<Hash>(key: SymmetricKey(data: Array(secret.utf8)))
        entries.append((secret, mac))
        if entries.count > capacity { entries.removeFirst() }
        return mac
    }
}
