extension ECSInstance {
    /// One lock ECS holds on an instance (`OperationLocks.LockReason[]`).
    public struct OperationLock: Codable, Sendable, Hashable {
        /// Why the instance is locked, e.g. `financial`, `security` or `recycling` (a spot reclaim notice).
        public var lockReason: LockReason?
        /// ECS's free-text explanation of the lock; often empty.
        public var lockMessage: String?

        /// Creates a lock.
        public init(lockReason: LockReason? = nil, lockMessage: String? = nil) {
            self.lockReason = lockReason
            self.lockMessage = lockMessage
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case lockReason = "LockReason"
            case lockMessage = "LockMsg"
        }
    }
}
