/// The calls a region has handled, in order, kept up to a limit (the oldest forgotten first).
struct CallHistory {
    /// The most calls kept; `nil` keeps every call.
    let limit: Int?
    /// The kept calls are `storage[start...]`: forgetting one moves `start`, and the storage is compacted
    /// once most of it is forgotten, so each call is moved at most once.
    private var storage: [SimulatedCall] = []
    private var start = 0
    /// The calls handled since the history was last cleared, kept or not.
    private(set) var count = 0

    /// An empty history.
    init(limit: Int?) {
        self.limit = limit
    }

    /// The calls kept, oldest first.
    var calls: [SimulatedCall] { Array(storage[start...]) }

    /// Records one call, forgetting the oldest one when the history is full.
    mutating func append(_ call: SimulatedCall) {
        count += 1
        guard let limit else {
            storage.append(call)
            return
        }
        guard limit > 0 else { return }
        storage.append(call)
        if storage.count - start > limit { start += 1 }
        if start >= 1024, start * 2 >= storage.count {
            storage.removeFirst(start)
            start = 0
        }
    }

    /// Forgets every call, and starts counting again.
    mutating func removeAll() {
        storage.removeAll()
        start = 0
        count = 0
    }
}
