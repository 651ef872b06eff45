/// The calls a region has handled, in order, kept up to a limit (the oldest forgotten first).
struct CallHistory {
    /// The most calls kept; `nil` keeps every call.
    let limit: Int?
    private var kept = OldestFirstQueue<SimulatedCall>()
    /// The calls handled since the history was last cleared, kept or not.
    private(set) var count = 0

    /// An empty history.
    init(limit: Int?) {
        self.limit = limit
    }

    /// The calls kept, oldest first.
    var calls: [SimulatedCall] { kept.elements }

    /// Records one call, forgetting the oldest one when the history is full.
    mutating func append(_ call: SimulatedCall) {
        count += 1
        if let limit, limit <= 0 { return }
        kept.append(call)
        if let limit, kept.count > limit { kept.dropFirst() }
    }

    /// Forgets every call, and starts counting again.
    mutating func removeAll() {
        kept.removeAll()
        count = 0
    }
}
