import AliyunECS
import Foundation

/// The times the world model draws: how long an instance takes to run, how long an image takes, and the
/// faults and delays of each call. Every draw is keyed (``KeyedDraw``), never taken from a sequence.
extension RegionState {
    var draw: KeyedDraw { KeyedDraw(seed: configuration.seed) }

    /// What an instance's draws are keyed by: its name (its ID when it has none) and the ten minutes `time`
    /// falls in. Names carry over to replacements, so two runs that launch or image the same workload at
    /// about the same time draw the same times, whatever IDs their instances got.
    static func drawKey(name: String?, id: String, at time: Date) -> String {
        "\(name ?? id) \(Int((time.timeIntervalSince1970 / 600).rounded(.down)))"
    }

    /// When an instance named `name` started (launched or started again, the `start`-th time) at `now` is
    /// `Running`.
    func runningAt(of instanceId: String, named name: String?, start: Int, from now: Date) -> Date {
        let key = "pending \(start) " + Self.drawKey(name: name, id: instanceId, at: now)
        return now.addingTimeInterval(configuration.pendingDuration.inSeconds * draw.spread(configuration.pendingDurationSpread, key))
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
        let key = "image \(previous == nil ? "full" : "incremental") " + Self.drawKey(name: instances[instanceId]?.name, id: instanceId, at: now)
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
    /// signature), the attempt and the time, hashed.
    static func callKey(action: String, query: String, attempt: String?, at now: Date) -> UInt64 {
        var hash = KeyedDraw.Hash()
        hash.add(action)
        var query = query
        query.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                let pair = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if !volatileParameters.contains(where: { pair.starts(with: $0) }) { hash.add(pair) }
                start = end + 1
            }
        }
        hash.add(attempt ?? "1")
        hash.add(now.timeIntervalSince1970.bitPattern)
        return hash.value
    }

    private static let volatileParameters: [[UInt8]] = ["ClientToken=", "SignatureNonce=", "Timestamp=", "Signature="].map { Array($0.utf8) }

    /// The delay the random faults add to a call.
    func randomLatency(callKey: UInt64) -> Duration {
        guard let faults = configuration.randomFaults, faults.latencyMedian > .zero else { return .zero }
        return .seconds(fractional: faults.latencyMedian.inSeconds * draw.spread(faults.latencySpread, "latency \(callKey)"))
    }

    /// The error the random faults answer a call with, if any.
    func randomError(callKey: UInt64) -> SimulatedAPIError? {
        guard let faults = configuration.randomFaults else { return nil }
        let roll = draw.unit("fault \(callKey)")
        if roll < faults.throttlingRate {
            return SimulatedAPIError(status: 400, code: "Throttling.User", message: "Request was denied due to user flow control.")
        }
        if roll < faults.throttlingRate + faults.serverErrorRate { return .internalError }
        return nil
    }
}
