import AliyunECS
import Foundation

/// The instances DescribeInstances last answered with, by instance ID: the ``ECSInstance`` built for each
/// and the JSON written for it.
///
/// Building an ``ECSInstance`` and writing it through `Codable` cost several microseconds each (some seventy
/// optional fields, each through the encoder's generic machinery), and a fleet being watched is described
/// again and again while it does not change. An instance whose record and time-dependent state are what
/// they were gets the same ``ECSInstance`` back, and an ``ECSInstance`` equal to the one remembered is
/// written from its remembered JSON; any change (status, tags, name, a lock, …) builds and encodes afresh.
/// Touched only under the region's lock.
final class DescribedInstanceMemo {
    /// How many instances are remembered at most; past it the memo starts over.
    static let capacity = 10_000

    /// One remembered instance: a class, so that looking it up copies no `ECSInstance` (a large value).
    private final class Entry {
        let source: SimulatedInstance
        let state: SimulatedInstance.TimedState
        let regionId: String
        let instance: ECSInstance
        var json: [UInt8]?

        init(source: SimulatedInstance, state: SimulatedInstance.TimedState, regionId: String, instance: ECSInstance) {
            self.source = source
            self.state = state
            self.regionId = regionId
            self.instance = instance
        }
    }

    private var entries: [String: Entry] = [:]

    /// The size of the last DescribeInstances answer: the next one's buffer is made that large at once,
    /// instead of growing (and copying, and faulting in fresh pages) a doubling at a time.
    var answerSizeHint = 4096

    /// `source` as DescribeInstances reports it at `time` (``SimulatedInstance/described(at:regionId:)``):
    /// the instance built last time when neither the record nor its state at `time` changed since.
    func described(_ source: SimulatedInstance, at time: Date, regionId: String) -> ECSInstance {
        let state = source.timedState(at: time)
        if let entry = entries[source.id], entry.state == state, entry.regionId == regionId, entry.source == source {
            return entry.instance
        }
        let instance = source.described(state, regionId: regionId)
        if entries.count >= Self.capacity, entries[source.id] == nil { entries.removeAll(keepingCapacity: true) }
        entries[source.id] = Entry(source: source, state: state, regionId: regionId, instance: instance)
        return instance
    }

    /// The JSON last written for an instance equal to `instance`, if any.
    func json(for instance: borrowing ECSInstance) -> [UInt8]? {
        guard let entry = entries[instance.instanceId], let json = entry.json, entry.instance == instance else { return nil }
        return json
    }

    /// Remembers the JSON just written for `instance`, when it is the one remembered for its ID.
    func remember(_ instance: borrowing ECSInstance, json: [UInt8]) {
        guard let entry = entries[instance.instanceId], entry.instance == instance else { return }
        entry.json = json
    }
}
