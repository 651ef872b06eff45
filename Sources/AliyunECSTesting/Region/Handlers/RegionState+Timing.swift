import AliyunECS
import Foundation

/// The times the world model draws: how long an instance takes to run, how long an image takes, and the
/// faults and delays of each call. Every draw is keyed (``KeyedDraw``), never taken from a sequence.
extension RegionState {
    var draw: KeyedDraw { KeyedDraw(seed: configuration.seed) }

    /// When an instance started (launched or started again) at `now` is `Running`.
    func runningAt(of instanceId: String, start: Int, from now: Date) -> Date {
        let factor = draw.spread(configuration.pendingDurationSpread, "pending \(instanceId) \(start)")
        return now.addingTimeInterval(configuration.pendingDuration.inSeconds * factor)
    }

    /// The system disk an instance's images snapshot.
    static func systemDiskId(of instanceId: String) -> String { "d-" + instanceId.dropFirst(2) }

    /// How an image of `instanceId` requested at `now` plays out: when it is available, when it fails on its
    /// own (if it does), and what its snapshot copies. With a snapshot model, a disk with a complete snapshot
    /// still kept gets an incremental one.
    func imageTiming(of instanceId: String, at now: Date) -> (availableAt: Date, failsAt: Date?, copiedGiB: Double) {
        let diskGiB = Double(configuration.systemDiskSizeGiB)
        guard let model = configuration.snapshotModel else {
            return (now.addingTimeInterval(configuration.imageCreationDuration.inSeconds), nil, diskGiB)
        }
        let previous = (diskSnapshots[Self.systemDiskId(of: instanceId)] ?? [])
            .compactMap { snapshots[$0] }
            .filter { $0.status(at: now) == .accomplished }
            .map(\.createdAt)
            .max()
        let copied = model.copiedGiB(diskGiB: diskGiB, sinceLastSnapshot: previous.map { now.timeIntervalSince($0) })
        let key = "image \(instanceId) \(now.timeIntervalSince1970)"
        let seconds = model.typicalDuration(copying: copied).inSeconds * draw.spread(model.spread, key)
        let failsAt = draw.unit("fails " + key) < model.failureRate
            ? now.addingTimeInterval(seconds * draw.unit("fails at " + key)) : nil
        return (now.addingTimeInterval(seconds), failsAt, copied)
    }

    /// The one rule for an unfinished image whose source is released: a disk released with its instance
    /// takes the unfinished snapshot with it, so the image fails at the release. (With the `Stop` behaviour
    /// the instance is only stopped and its disks stay.)
    static func losingUnfinishedSnapshot(_ image: SimulatedImage, of source: SimulatedInstance) -> SimulatedImage {
        guard source.spotInterruptionBehavior != .stop, let release = source.releasedAt, release < image.availableAt else { return image }
        var image = image
        image.failsAt = min(image.failsAt ?? release, release)
        return image
    }

    // MARK: Random faults

    /// What a call is, for its draws: the action, the query without what changes between identical calls
    /// (the ClientToken, which a client may make up at random, and the RPC scheme's nonce, time and
    /// signature), the attempt and the time.
    static func callKey(action: String, query: String, attempt: String?, at now: Date) -> String {
        var key = action
        for part in query.split(separator: "&") {
            let name = part.prefix { $0 != "=" }
            if volatileParameters.contains(String(name)) { continue }
            key += "&" + part
        }
        return key + " #\(attempt ?? "1") @\(now.timeIntervalSince1970)"
    }

    private static let volatileParameters: Set<String> = ["ClientToken", "SignatureNonce", "Timestamp", "Signature"]

    /// The delay the random faults add to a call.
    func randomLatency(callKey: String) -> Duration {
        guard let faults = configuration.randomFaults, faults.latencyMedian > .zero else { return .zero }
        return .seconds(fractional: faults.latencyMedian.inSeconds * draw.spread(faults.latencySpread, "latency " + callKey))
    }

    /// The error the random faults answer a call with, if any.
    func randomError(callKey: String) -> SimulatedAPIError? {
        guard let faults = configuration.randomFaults else { return nil }
        let roll = draw.unit("fault " + callKey)
        if roll < faults.throttlingRate {
            return SimulatedAPIError(status: 400, code: "Throttling.User", message: "Request was denied due to user flow control.")
        }
        if roll < faults.throttlingRate + faults.serverErrorRate { return .internalError }
        return nil
    }
}
