import Foundation

/// What a run learns as it goes: which instance each slot runs, which interruption each instance is in,
/// and what each recovery reported. Written by the harness and by the flows' callbacks, read at the end.
final class RunLedger: @unchecked Sendable {
    /// What one interruption's recovery reported.
    struct Report: Sendable {
        var victim: String?
        var slot: Int?
        var detectedAt: Date?
        var resumption: InterruptionTimeline.Resumption?
        var failure: InterruptionTimeline.FlowFailure?
    }

    // Guarded by `lock`.
    private let lock = NSLock()
    private var slots: [String]
    private var reports: [Report]
    private var openInterruption: [String: Int] = [:]

    init(slots: [String], interruptions: Int) {
        self.slots = slots
        reports = Array(repeating: Report(), count: interruptions)
    }

    /// The instance slot `slot` runs now.
    func instance(inSlot slot: Int) -> String {
        lock.withLock { slots[slot] }
    }

    /// Slot `slot` now runs `instanceId` (a replacement, or a fresh instance the operator made).
    func assign(_ instanceId: String, toSlot slot: Int) {
        lock.withLock { slots[slot] = instanceId }
    }

    /// `instanceId`, in `slot`, is interrupted by interruption `index`: later reports about it go there.
    func open(_ index: Int, victim instanceId: String, slot: Int) {
        lock.withLock {
            reports[index].victim = instanceId
            reports[index].slot = slot
            openInterruption[instanceId] = index
        }
    }

    /// The interruption `instanceId` is in, if any.
    func interruption(of instanceId: String) -> Int? {
        lock.withLock { openInterruption[instanceId] }
    }

    /// Changes interruption `index`'s report.
    func update(_ index: Int, _ change: (inout Report) -> Void) {
        lock.withLock { change(&reports[index]) }
    }

    /// Interruption `index`'s report.
    func report(_ index: Int) -> Report {
        lock.withLock { reports[index] }
    }

    /// Every report, in schedule order.
    var allReports: [Report] {
        lock.withLock { reports }
    }
}
