import AliyunECS
import Foundation

/// The instances DescribeInstances last answered with, by instance ID: the JSON written for each.
///
/// Building an ``ECSInstance`` and writing it through `Codable` cost several microseconds each (some seventy
/// optional fields, each through the encoder's generic machinery), and a fleet being watched is described
/// again and again while it does not change. An instance whose record and time-dependent state are what
/// they were is answered with the JSON written for it last time, and no ``ECSInstance`` is built, copied or
/// compared for it at all; any change (status, tags, name, a lock, …) builds and writes it afresh.
/// Touched only under the region's lock.
final class DescribedInstanceMemo {
    /// How many instances are remembered at most; past it the memo starts over.
    static let capacity = 10_000

    /// One described instance: what it was described from, and the JSON it was described as. A class, so
    /// that a page of them costs one reference each.
    final class Entry {
        let source: SimulatedInstance
        let state: SimulatedInstance.TimedState
        let regionId: String
        /// The instance's JSON object, as it appears in `Instances.Instance`.
        let json: [UInt8]

        init(source: SimulatedInstance, state: SimulatedInstance.TimedState, regionId: String, json: [UInt8]) {
            self.source = source
            self.state = state
            self.regionId = regionId
            self.json = json
        }
    }

    private var entries: [String: Entry] = [:]

    /// The size of the last DescribeInstances answer: the next one's buffer is made that large at once,
    /// instead of growing (and copying, and faulting in fresh pages) a doubling at a time.
    var answerSizeHint = 4096

    /// `source` as DescribeInstances reports it at `time` (``SimulatedInstance/described(_:regionId:)``):
    /// the entry made last time when neither the record nor its state at `time` changed since.
    /// - Throws: `InternalError` if the instance could not be written as JSON.
    func described(_ source: SimulatedInstance, at time: Date, regionId: String) throws(SimulatedAPIError) -> Entry {
        let state = source.timedState(at: time)
        if let entry = entries[source.id], entry.state == state, entry.regionId == regionId, entry.source == source {
            return entry
        }
        let json: [UInt8]
        do {
            json = try StreamingJSONEncoder.bytes(of: source.described(state, regionId: regionId))
        } catch {
            throw .internalError
        }
        let entry = Entry(source: source, state: state, regionId: regionId, json: json)
        if entries.count >= Self.capacity, entries[source.id] == nil { entries.removeAll(keepingCapacity: true) }
        entries[source.id] = entry
        return entry
    }
}
