import ArgumentParser
import RecoveryStudy

/// The recovery study's world-model flags: each changes one number of ``WorldModel``; unset, the published
/// default holds (the study prints every value with its source).
struct WorldModelOptions: ParsableArguments {
    @Option(name: .customLong("fleet-size"), help: "Workload slots in the fleet.")
    var fleetSize: Int?
    @Option(name: .customLong("mean-lifetime"), help: "Hours between two interruptions of a slot, on average.")
    var meanLifetimeHours: Double?
    @Option(name: .customLong("minimum-lifetime"), help: "Minutes between two interruptions of a slot, at least.")
    var minimumLifetimeMinutes: Double?
    @Option(name: .customLong("warm-up"), help: "Hours the fleet runs before the first interruption.")
    var warmUpHours: Double?
    @Option(name: .customLong("burst-size"), help: "Interruptions per burst, on average.")
    var burstSize: Double?
    @Option(name: .customLong("burst-window"), help: "Seconds the marks of one burst spread over.")
    var burstWindowSeconds: Double?
    @Option(name: .customLong("notice"), help: "Seconds from the Recycling mark to the release.")
    var noticeSeconds: Double?
    @Option(name: .customLong("short-notice-share"), help: "Share of notices that are shorter (0-1).")
    var shortNoticeShare: Double?
    @Option(name: .customLong("shortest-notice"), help: "Seconds of the shortest notice.")
    var shortestNoticeSeconds: Double?
    @Option(name: .customLong("disk-size"), help: "System disk, GiB.")
    var diskSize: Int?
    @Option(name: .customLong("disk-used"), help: "Share of the disk holding data (0-1).")
    var diskUsed: Double?
    @Option(name: .customLong("snapshot-rate"), help: "GiB a snapshot copies per minute.")
    var snapshotRate: Double?
    @Option(name: .customLong("change-rate"), help: "Share of the used data that changes per hour (0-1).")
    var changeRate: Double?
    @Option(name: .customLong("image-overhead"), help: "Seconds any image takes besides copying.")
    var imageOverheadSeconds: Double?
    @Option(name: .customLong("image-spread"), help: "Log-normal sigma of image times.")
    var imageSpread: Double?
    @Option(name: .customLong("image-failure-rate"), help: "Share of images that fail on their own (0-1).")
    var imageFailureRate: Double?
    @Option(name: .customLong("pending"), help: "Seconds from RunInstances or StartInstance to Running (median).")
    var pendingSeconds: Double?
    @Option(name: .customLong("pending-spread"), help: "Log-normal sigma of the time to Running.")
    var pendingSpread: Double?
    @Option(name: .customLong("stockout-share"), help: "Chance a burst leaves its zone and type short of capacity (0-1).")
    var stockoutShare: Double?
    @Option(name: .customLong("stockout-minutes"), help: "Minutes such a shortage lasts, on average.")
    var stockoutMinutes: Double?
    @Option(name: .customLong("background-stockout"), help: "Share of time any zone and type is short by itself (0-1).")
    var backgroundStockout: Double?
    @Option(name: .customLong("stale-stock"), help: "Share of shortages DescribeAvailableResource still reports WithStock (0-1).")
    var staleStock: Double?
    @Option(name: .customLong("throttling"), help: "Share of calls answered Throttling.User (0-1).")
    var throttling: Double?
    @Option(name: .customLong("server-errors"), help: "Share of calls answered InternalError (0-1).")
    var serverErrors: Double?
    @Option(name: .customLong("latency-ms"), help: "Milliseconds a call takes (median).")
    var latencyMilliseconds: Double?
    @Option(name: .customLong("latency-spread"), help: "Log-normal sigma of call times.")
    var latencySpread: Double?
    @Option(name: .customLong("event-delay-ms"), help: "Milliseconds from the mark to the event's delivery (median).")
    var eventDelayMilliseconds: Double?
    @Option(name: .customLong("event-loss"), help: "Share of events never delivered (0-1).")
    var eventLoss: Double?

    /// The default model with every flag given applied.
    var model: WorldModel {
        var model = WorldModel()
        func seconds(_ value: Double?) -> Duration? { value.map { .seconds(fractional: $0) } }
        if let fleetSize { model.fleetSize = max(1, fleetSize) }
        if let value = seconds(meanLifetimeHours.map { $0 * 3600 }) { model.meanLifetime = value }
        if let value = seconds(minimumLifetimeMinutes.map { $0 * 60 }) { model.minimumLifetime = value }
        if let value = seconds(warmUpHours.map { $0 * 3600 }) { model.warmUp = value }
        if let burstSize { model.meanBurstSize = max(1, burstSize) }
        if let value = seconds(burstWindowSeconds) { model.burstWindow = value }
        if let value = seconds(noticeSeconds) { model.notice = value }
        if let shortNoticeShare { model.shortNoticeShare = shortNoticeShare }
        if let value = seconds(shortestNoticeSeconds) { model.shortestNotice = value }
        if let diskSize { model.systemDiskGiB = diskSize }
        if let diskUsed { model.diskUsedShare = diskUsed }
        if let snapshotRate { model.snapshotGiBPerMinute = snapshotRate }
        if let changeRate { model.changedSharePerHour = changeRate }
        if let value = seconds(imageOverheadSeconds) { model.imageOverhead = value }
        if let imageSpread { model.imageTimeSpread = imageSpread }
        if let imageFailureRate { model.imageFailureRate = imageFailureRate }
        if let value = seconds(pendingSeconds) { model.pendingMedian = value }
        if let pendingSpread { model.pendingSpread = pendingSpread }
        if let stockoutShare { model.stockoutShare = stockoutShare }
        if let value = seconds(stockoutMinutes.map { $0 * 60 }) { model.stockoutMean = value }
        if let backgroundStockout { model.backgroundStockoutShare = backgroundStockout }
        if let staleStock { model.staleStockShare = staleStock }
        if let throttling { model.throttlingRate = throttling }
        if let serverErrors { model.serverErrorRate = serverErrors }
        if let value = seconds(latencyMilliseconds.map { $0 / 1000 }) { model.latencyMedian = value }
        if let latencySpread { model.latencySpread = latencySpread }
        if let value = seconds(eventDelayMilliseconds.map { $0 / 1000 }) { model.eventDelayMedian = value }
        if let eventLoss { model.eventLossRate = eventLoss }
        return model
    }
}
