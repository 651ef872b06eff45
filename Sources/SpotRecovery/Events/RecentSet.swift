/// A set that remembers the most recent `capacity` members, forgetting the oldest first.
package struct RecentSet: Sendable {
    private let capacity: Int
    private var members: Set<String> = []
    private var order: [String] = []
    private var head = 0

    package init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Whether `member` is remembered.
    package func contains(_ member: String) -> Bool { members.contains(member) }

    /// Adds `member`; `false` when it was already there.
    package mutating func insert(_ member: String) -> Bool {
        guard members.insert(member).inserted else { return false }
        if order.count < capacity {
            order.append(member)
        } else {
            members.remove(order[head])
            order[head] = member
            head = (head + 1) % capacity
        }
        return true
    }
}
