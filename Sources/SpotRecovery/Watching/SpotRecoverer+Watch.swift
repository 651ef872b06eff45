import AliyunECS
import Foundation
import Logging

extension SpotRecoverer {
    /// Waits until at least one watched instance is marked for recycling.
    /// - Parameters:
    ///   - target: The instances to watch (by ID, or by tag).
    ///   - options: Interval, jitter, timeout.
    /// - Returns: Every instance found marked by the poll that first found one.
    /// - Throws: ``SpotRecoveryError`` (`watchTimedOut`) after the timeout, `CancellationError` when
    ///   cancelled, or the ECS error that made polling impossible.
    public func waitForRecycling(_ target: WatchTarget, options: WatchOptions = WatchOptions()) async throws -> [RecyclingNotice] {
        try await waitForRecycling(using: detector(for: target, options: options), options: options)
    }

    /// Waits until `detector` reports at least one marked instance.
    public func waitForRecycling(using detector: some RecyclingDetector, options: WatchOptions = WatchOptions()) async throws -> [RecyclingNotice] {
        var first: [RecyclingNotice] = []
        try await watch(detector, options: options) { notices in
            first = notices
            return false
        }
        guard !first.isEmpty else {
            throw SpotRecoveryError(kind: .watchTimedOut, message: "No watched instance was marked for recycling in time")
        }
        return first
    }

    /// Streams each interruption of a watched instance once, as soon as it is marked for recycling (an
    /// instance started again in place and interrupted again is reported again).
    ///
    /// The stream ends when every instance of a fixed set has been reported, when the timeout passes
    /// (normally, not as an error), or with the error that made polling impossible. Cancelling the
    /// consuming task stops the polling.
    public func recyclingNotices(_ target: WatchTarget, options: WatchOptions = WatchOptions()) -> AsyncThrowingStream<RecyclingNotice, any Error> {
        recyclingNotices(using: detector(for: target, options: options), options: options)
    }

    /// Streams each interruption `detector` reports, once.
    public func recyclingNotices(using detector: some RecyclingDetector, options: WatchOptions = WatchOptions()) -> AsyncThrowingStream<RecyclingNotice, any Error> {
        recyclingNotices(using: detector, options: options, deduplicates: true)
    }

    /// Streams what `detector` reports: each interruption once, or every report when `deduplicates` is
    /// off (a service that keeps its own ledger, and must see an interruption again to retry it).
    package func recyclingNotices(
        using detector: some RecyclingDetector, options: WatchOptions, deduplicates: Bool
    ) -> AsyncThrowingStream<RecyclingNotice, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await watch(detector, options: options, endsAtTimeout: true, deduplicates: deduplicates) { notices in
                        for notice in notices { continuation.yield(notice) }
                        return true
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The polling loop behind every watch. `onNotices` gets each poll's notices (with `deduplicates`, only
    /// interruptions not reported before: by ``InterruptionIdentity`` when the notice says it, else by
    /// instance) and says whether to keep watching. Never polls without sleeping in between.
    func watch(
        _ detector: some RecyclingDetector, options: WatchOptions, endsAtTimeout: Bool = false, deduplicates: Bool = true,
        onNotices: ([RecyclingNotice]) async throws -> Bool
    ) async throws {
        let started = clock.now
        let deadline = options.timeout.map { started.addingTimeInterval($0.inSeconds) }
        let fixed = detector.fixedInstanceIds
        var consecutiveFailures = 0
        var polls = 0
        var reportedInterruptions: Set<String> = []
        var reportedInstances: Set<String> = []
        try await detector.prepare()
        while true {
            try Task.checkCancellation()
            polls += 1
            do {
                let notices = try await detector.poll().filter { notice in
                    let fresh = reportedInterruptions.insert(notice.identity?.key ?? notice.instanceId).inserted
                    reportedInstances.insert(notice.instanceId)
                    return fresh || !deduplicates
                }
                consecutiveFailures = 0
                if !notices.isEmpty {
                    for notice in notices where deduplicates {
                        logger.info("Spot instance marked for recycling", metadata: [
                            "spot.instance": "\(notice.instanceId)", "spot.source": "\(notice.source)", "spot.poll": "\(polls)",
                        ])
                    }
                    guard try await onNotices(notices) else { return }
                }
                if let fixed, !fixed.isEmpty, fixed.isSubset(of: reportedInstances) { return }
            } catch let error as CancellationError {
                throw error
            } catch {
                guard client.configuration.retryPolicy.isRetryable(error) else { throw error }
                consecutiveFailures += 1
                logger.warning("Spot watch poll failed; will poll again", metadata: [
                    "spot.failures": "\(consecutiveFailures)", "spot.error": "\(error)",
                ])
                if let limit = options.maximumConsecutiveFailures, consecutiveFailures >= limit { throw error }
            }
            var wait = options.nextInterval(random: client.configuration.randomUnit())
            if let deadline {
                let remaining = deadline.timeIntervalSince(clock.now)
                if remaining <= 0 {
                    if endsAtTimeout { return }
                    throw SpotRecoveryError(kind: .watchTimedOut, message: "No watched instance was marked for recycling within \(options.timeout.map { "\($0)" } ?? "")")
                }
                wait = min(wait, .seconds(fractional: remaining))
            }
            try await detector.waitForNextPoll(wait, on: clock)
        }
    }
}
