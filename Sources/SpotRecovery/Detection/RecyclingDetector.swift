import AliyunECS

/// A way to notice spot interruptions: by asking ECS about a fleet (``FleetRecyclingDetector``) or, from
/// code running on the instance itself, by asking its metadata service (``InstanceMetadataRecyclingDetector``).
///
/// ``SpotRecoverer`` drives a detector: it calls ``prepare()`` once, then ``poll()`` every interval,
/// reports each instance once, and never polls in a busy loop.
public protocol RecyclingDetector: Sendable {
    /// Work to do once before the first poll, such as fetching a fleet's descriptions.
    func prepare() async throws

    /// One look: the instances that are marked for recycling now (the watcher drops repeats).
    func poll() async throws -> [RecyclingNotice]

    /// The instance IDs being watched, when the set is fixed; the watch ends once all are reported.
    var fixedInstanceIds: Set<String>? { get }

    /// Waits before the next poll: `interval` on `clock`, or less when the detector has something to report
    /// sooner (an event that just arrived).
    func waitForNextPoll(_ interval: Duration, on clock: any ECSClock) async throws
}

extension RecyclingDetector {
    /// Nothing to prepare.
    public func prepare() async throws {}

    /// The watched set is open-ended.
    public var fixedInstanceIds: Set<String>? { nil }

    /// The whole interval.
    public func waitForNextPoll(_ interval: Duration, on clock: any ECSClock) async throws {
        try await clock.sleep(for: interval)
    }
}
