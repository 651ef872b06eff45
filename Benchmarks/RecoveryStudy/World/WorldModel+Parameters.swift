import Foundation

/// One number of the world model, with its flag and where it comes from.
public struct WorldParameter: Sendable, Hashable {
    /// Where a number comes from.
    public enum Source: String, Sendable, Hashable {
        /// Alibaba's documentation or the official SDK's model.
        case documentation = "doc"
        /// The official Java sample.
        case sample
        /// An assumption: no published figure was found; change it with its flag.
        case assumption
        /// A choice of the study's method, not a claim about ECS.
        case method
    }

    /// What it is.
    public var name: String
    /// The `ECSBenchmarks --recovery` flag that sets it.
    public var flag: String
    /// Its value, with its unit.
    public var value: String
    /// Where it comes from.
    public var source: Source
    /// Why, or which document.
    public var basis: String
}

extension WorldModel {
    /// Every number of the model, in the order the documentation lists them.
    public var parameters: [WorldParameter] {
        func seconds(_ duration: Duration) -> String {
            let value = duration.inSeconds
            if value >= 3600, value.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(value / 3600)) h" }
            if value >= 60, value.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(value / 60)) min" }
            if value < 1 { return "\(Int((value * 1000).rounded())) ms" }
            return "\(Self.format(value)) s"
        }
        func share(_ value: Double) -> String { Self.format(value * 100) + " %" }
        return [
            WorldParameter(
                name: "Fleet", flag: "--fleet-size", value: "\(fleetSize) slots, spread over 3 zones × 3 types", source: .assumption,
                basis: "each slot's zone and type are its Java sample's fixed ones; with the lifetime, it sets how often a zone and type is reclaimed"),
            WorldParameter(
                name: "Time between interruptions of a slot", flag: "--mean-lifetime", value: "mean \(seconds(meanLifetime))", source: .assumption,
                basis: "no published lifetime; DescribeSpotAdvice gives only rate bands"),
            WorldParameter(
                name: "Shortest time between interruptions of a slot", flag: "--minimum-lifetime", value: seconds(minimumLifetime), source: .method,
                basis: "so one slot's recoveries never overlap"),
            WorldParameter(
                name: "Warm-up before the first interruption", flag: "--warm-up", value: seconds(warmUp), source: .method,
                basis: "the fleet has had its first checkpoints"),
            WorldParameter(
                name: "Interruptions per burst", flag: "--burst-size, --burst-window", value: "mean \(Self.format(meanBurstSize)), marks within \(seconds(burstWindow))",
                source: .assumption, basis: "ECS reclaims capacity in one zone and type, several instances at a time"),
            WorldParameter(
                name: "Notice (mark to release)", flag: "--notice", value: seconds(notice), source: .documentation,
                basis: "RunInstances SpotDuration: released 5 minutes after the notice"),
            WorldParameter(
                name: "Short notices", flag: "--short-notice-share, --shortest-notice",
                value: "\(share(shortNoticeShare)), uniform \(seconds(shortestNotice))–\(seconds(notice))", source: .assumption,
                basis: "the mark is best effort and can come late (spot-facts, lesson 5)"),
            WorldParameter(
                name: "System disk", flag: "--disk-size", value: "\(systemDiskGiB) GiB", source: .documentation,
                basis: "RunInstances SystemDisk.Size default max{40, ImageSize}"),
            WorldParameter(
                name: "Used share of the disk", flag: "--disk-used", value: share(diskUsedShare), source: .assumption,
                basis: "what a full snapshot copies"),
            WorldParameter(
                name: "Snapshot copy rate", flag: "--snapshot-rate", value: "\(Self.format(snapshotGiBPerMinute)) GiB/min", source: .assumption,
                basis: "not published; about 100 MiB/s, below ESSD PL0's documented 180 MB/s"),
            WorldParameter(
                name: "Data changed per hour", flag: "--change-rate", value: share(changedSharePerHour) + " of the used data", source: .assumption,
                basis: "what an incremental snapshot copies; first snapshot of a disk full, later ones incremental (doc)"),
            WorldParameter(
                name: "Image overhead", flag: "--image-overhead", value: seconds(imageOverhead), source: .assumption,
                basis: "what any image takes besides copying"),
            WorldParameter(
                name: "Image time spread", flag: "--image-spread", value: "log-normal σ \(Self.format(imageTimeSpread))", source: .assumption,
                basis: "snapshot speed varies with load"),
            WorldParameter(
                name: "Images failing on their own", flag: "--image-failure-rate", value: share(imageFailureRate), source: .assumption,
                basis: "CreateFailed exists (doc); no rate is published"),
            WorldParameter(
                name: "Unfinished image at the release", flag: "(rule)", value: "fails with the disk", source: .documentation,
                basis: "a system disk released with its instance takes an unfinished snapshot with it; stop mode keeps the disks"),
            WorldParameter(
                name: "RunInstances / StartInstance to Running", flag: "--pending, --pending-spread",
                value: "median \(seconds(pendingMedian)), σ \(Self.format(pendingSpread))", source: .assumption, basis: "no published figure"),
            WorldParameter(
                name: "Shortage after a burst", flag: "--stockout-share, --stockout-minutes",
                value: "\(share(stockoutShare)) of bursts, mean \(seconds(stockoutMean))", source: .assumption,
                basis: "a reclaimed zone and family is short of capacity (issue 24; spot-facts lessons 7, 9, 10)"),
            WorldParameter(
                name: "Shortage elsewhere", flag: "--background-stockout", value: share(backgroundStockoutShare) + " of the time per zone and family",
                source: .assumption, basis: "NoStock happens without interruptions too"),
            WorldParameter(
                name: "Stale stock data", flag: "--stale-stock", value: share(staleStockShare) + " of shortages reported WithStock", source: .assumption,
                basis: "stock data is advisory (doc); stale answers seen by other tools (spot-facts, lesson 9)"),
            WorldParameter(
                name: "Throttling", flag: "--throttling", value: share(throttlingRate) + " of calls", source: .assumption,
                basis: "Throttling.User exists (doc); no rate is published"),
            WorldParameter(
                name: "Server errors", flag: "--server-errors", value: share(serverErrorRate) + " of calls", source: .assumption,
                basis: "InternalError and 5xx exist (doc); no rate is published"),
            WorldParameter(
                name: "API latency", flag: "--latency-ms, --latency-spread",
                value: "median \(seconds(latencyMedian)), σ \(Self.format(latencySpread))", source: .assumption, basis: "no published figure"),
            WorldParameter(
                name: "Event delivery", flag: "--event-delay-ms, --event-loss",
                value: "median \(seconds(eventDelayMedian)), σ \(Self.format(eventDelaySpread)); \(share(eventLossRate)) lost",
                source: .assumption, basis: "CloudMonitor retries a callback 3 times (doc); no delay is published"),
        ]
    }

    /// A short decimal: no trailing zeros.
    static func format(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
