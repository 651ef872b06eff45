import Foundation
import AliyunECS
import SpotRecovery

/// Everything spot-guardian runs with: the fleets it watches per region, how it recovers them, and how it
/// serves its endpoints. Read from a JSON file, then environment overrides, then flags
/// (``GuardianConfigurationLoader``); secrets never come from the file.
public struct GuardianConfiguration: Sendable {
    /// The regions and their fleets.
    public var regions: [RegionConfiguration]
    /// Where the HTTP endpoints listen and what they accept.
    public var http: HTTPConfiguration
    /// Accepted for configuration files written before events were handled as they arrive; it no longer
    /// changes anything. Default: 2 s.
    public var pollInterval: Duration
    /// How often each fleet is polled as a backstop for missed events (marked members, and members an
    /// interruption left stopped). Default: 60 s.
    public var backstopInterval: Duration
    /// How often each region is reconciled with what ECS holds (recoveries cut short, stop-mode instances
    /// left stopped, snapshots left by failed deletions); also once at start. Default: 5 minutes.
    public var reconcileInterval: Duration
    /// How far back reconciliation looks for recoveries cut short. Default: one day.
    public var reconcileWindow: Duration
    /// Where to keep what ECS cannot hold (each member's user data, for faithful replacements after a
    /// restart), one subdirectory per region; `nil` keeps it in memory only (a restart then relaunches
    /// without the user data of instances already released).
    public var stateDirectory: String?
    /// How many events may wait per region for their confirmation and their recovery's first step;
    /// beyond it the endpoints answer `503` so that the sender retries. Default: 256.
    public var maximumPendingEvents: Int
    /// How long recoveries in flight may run after SIGTERM/SIGINT before the process stops them. Default: 2 minutes.
    public var shutdownGracePeriod: Duration
    /// How many instances are recovered at once per region. Default: 16.
    public var maximumConcurrentRecoveries: Int
    /// The shared secret event senders must present; from `SPOT_GUARDIAN_EVENT_TOKEN` or the file
    /// `eventTokenFile` names, never from the configuration file itself. `nil` refuses every event.
    public var eventToken: EventToken?
    /// Detect and plan, but never image, launch, start or delete: log what would be done.
    public var dryRun: Bool

    /// Creates a configuration.
    public init(
        regions: [RegionConfiguration], http: HTTPConfiguration = HTTPConfiguration(), pollInterval: Duration = .seconds(2),
        backstopInterval: Duration = .seconds(60), shutdownGracePeriod: Duration = .seconds(120),
        maximumConcurrentRecoveries: Int = 16, eventToken: EventToken? = nil, dryRun: Bool = false,
        reconcileInterval: Duration = .seconds(300), reconcileWindow: Duration = .seconds(86_400), stateDirectory: String? = nil,
        maximumPendingEvents: Int = 256
    ) {
        self.regions = regions
        self.http = http
        self.pollInterval = pollInterval
        self.backstopInterval = backstopInterval
        self.reconcileInterval = reconcileInterval
        self.reconcileWindow = reconcileWindow
        self.stateDirectory = stateDirectory
        self.maximumPendingEvents = max(1, maximumPendingEvents)
        self.shutdownGracePeriod = shutdownGracePeriod
        self.maximumConcurrentRecoveries = max(1, maximumConcurrentRecoveries)
        self.eventToken = eventToken
        self.dryRun = dryRun
    }
}

/// Where the HTTP endpoints listen.
public struct HTTPConfiguration: Sendable, Hashable {
    /// The address to bind. Default: `127.0.0.1`.
    public var address: String
    /// The port; 0 picks a free one. Default: 8787.
    public var port: Int
    /// The largest event body accepted. Default: 64 KiB.
    public var maximumBodySize: Int
    /// How long a connection may sit without a byte before it is closed (a stalled or half-sent request
    /// included). Default: 30 s.
    public var idleTimeout: Duration

    /// Creates a configuration.
    public init(address: String = "127.0.0.1", port: Int = 8787, maximumBodySize: Int = 64 * 1024, idleTimeout: Duration = .seconds(30)) {
        self.address = address
        self.port = port
        self.maximumBodySize = maximumBodySize
        self.idleTimeout = idleTimeout
    }
}

/// One region and the fleets watched in it.
public struct RegionConfiguration: Sendable {
    /// The region ID, e.g. `cn-hangzhou`.
    public var regionId: String
    /// An endpoint instead of the region's official one (host, host:port or URL).
    public var endpoint: String?
    /// The fleets.
    public var fleets: [FleetConfiguration]
    /// The MNS queue the region's interruption events arrive through, if any.
    public var eventQueue: EventQueueConfiguration?

    /// Creates a region.
    public init(regionId: String, endpoint: String? = nil, fleets: [FleetConfiguration], eventQueue: EventQueueConfiguration? = nil) {
        self.regionId = regionId
        self.endpoint = endpoint
        self.fleets = fleets
        self.eventQueue = eventQueue
    }
}

/// One fleet: which instances, and how they are recovered.
public struct FleetConfiguration: Sendable {
    /// A name for logs and metrics.
    public var name: String
    /// Which instances belong to the fleet.
    public var selector: WatchTarget
    /// Where replacements may go (the planner's policy); `nil` relaunches in the source's place.
    public var placement: PlacementPolicy?
    /// How stop-mode instances are restarted in place.
    public var stopMode: StopModeOptions
    /// Checkpoint images every interval, if set.
    public var checkpointInterval: Duration?
    /// Images kept per instance (checkpoints and notice images); `nil` keeps everything.
    public var retention: RetentionPolicy?
    /// A launch template replacements are launched with (plus the recovery image, the planned placement
    /// and the tags); `nil` copies each replacement from its source.
    public var launchTemplate: LaunchTemplateReference?

    /// Creates a fleet.
    public init(
        name: String, selector: WatchTarget, placement: PlacementPolicy? = nil, stopMode: StopModeOptions = StopModeOptions(),
        checkpointInterval: Duration? = nil, retention: RetentionPolicy? = nil, launchTemplate: LaunchTemplateReference? = nil
    ) {
        self.launchTemplate = launchTemplate
        self.name = name
        self.selector = selector
        self.placement = placement
        self.stopMode = stopMode
        self.checkpointInterval = checkpointInterval
        self.retention = retention
    }
}

/// The shared secret of the event endpoints. Its `description` never shows it.
public struct EventToken: Sendable, CustomStringConvertible {
    let bytes: [UInt8]

    /// Wraps a token (at least 16 characters).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= 16 else { return nil }
        bytes = Array(trimmed.utf8)
    }

    /// `true` when `candidate` is the token, compared in constant time for a given length.
    public func matches(_ candidate: some Collection<UInt8>) -> Bool {
        var difference = UInt8(truncatingIfNeeded: bytes.count ^ candidate.count)
        var index = 0
        for byte in candidate {
            difference |= byte ^ bytes[index % bytes.count]
            index += 1
        }
        return difference == 0 && index == bytes.count
    }

    /// `<redacted>`.
    public var description: String { Redaction.placeholder }

    /// The token as text, for the demo that made it up and prints it once.
    package var text: String { String(decoding: bytes, as: UTF8.self) }
}
