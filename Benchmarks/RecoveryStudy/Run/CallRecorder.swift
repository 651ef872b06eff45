import AliyunECS
import Foundation

/// What a call was made for: the cost the report puts it under.
enum CallPurpose: Sendable, Hashable {
    /// Watching the fleet for marks.
    case watch
    /// Recovering an interruption: imaging, planning, launching, restarting, confirming an event, pruning
    /// after a relaunch.
    case recovery
    /// The checkpoint schedule and its retention.
    case checkpoint

    /// What the calls of the current task are for, when the caller says (the checkpoint schedule, the Java
    /// sample's watchers); otherwise a call is classified by what it asks.
    @TaskLocal static var declared: CallPurpose?

    /// A DescribeInstances that filters on the `Recycling` lock, or lists a tagged fleet, is a watch; anything
    /// else a recovery.
    static func classify(action: String, query: String) -> CallPurpose {
        guard action == "DescribeInstances" else { return .recovery }
        if query.contains("LockReason=") { return .watch }
        let listsFleet = query.contains("Tag.1.Key=") && !query.contains("InstanceIds=") && !query.contains("ImageId=")
        return listsFleet ? .watch : .recovery
    }
}

/// Counts a run's calls by purpose, and remembers when each instance's notice image was asked for.
final class CallRecorder: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var counts: [CallPurpose: Int] = [:]
    private var noticeImageRequests: [String: [Date]] = [:]

    /// Records one call (every attempt is one), sent at `time`; `query` is its query or its whole URL.
    func record(action: String, query: String, at time: Date) {
        let purpose = CallPurpose.declared ?? CallPurpose.classify(action: action, query: query)
        let noticeImageOf = action == "CreateImage" && purpose != .checkpoint && !query.contains("checkpoint")
            ? Self.parameter("InstanceId", in: query) : nil
        lock.withLock {
            counts[purpose, default: 0] += 1
            if let instanceId = noticeImageOf { noticeImageRequests[instanceId, default: []].append(time) }
        }
    }

    /// The calls made for `purpose`.
    func count(_ purpose: CallPurpose) -> Int {
        lock.withLock { counts[purpose] ?? 0 }
    }

    /// When CreateImage was first sent for a notice image of `instanceId` at or after `time`.
    func firstNoticeImageRequest(of instanceId: String, notBefore time: Date) -> Date? {
        lock.withLock { noticeImageRequests[instanceId]?.filter { $0 >= time }.min() }
    }

    /// A parameter's value in a percent-encoded query or URL (IDs need no decoding).
    static func parameter(_ name: String, in query: String) -> String? {
        for pair in query.split(whereSeparator: { $0 == "&" || $0 == "?" }) where pair.hasPrefix(name + "=") {
            return String(pair.dropFirst(name.count + 1))
        }
        return nil
    }
}

/// Records each request on its way to the real transport.
struct RecordingTransport: ECSTransport {
    let base: any ECSTransport
    let recorder: CallRecorder
    let clock: any ECSClock

    func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse {
        // The URL holds the query after the endpoint, which names no parameter: the checks read it whole.
        recorder.record(action: request.headers[header: "x-acs-action"] ?? "", query: request.urlString, at: clock.now)
        return try await base.send(request)
    }
}
