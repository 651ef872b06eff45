import AliyunECS
import ArgumentParser
import ExampleSupport
import Foundation
import SpotRecovery

/// The Swift twin of Alibaba's `CreateSpotImage` Java sample: wait for the spot interruption notice,
/// then image every marked instance and wait until each image is available.
///
/// Unlike the sample it sleeps between polls, batches its DescribeInstances calls (one per 100
/// instances, or one per poll for a tag), starts imaging the moment a mark is seen, looks at the image
/// after 2 seconds rather than 6 minutes, and retries throttling without ever making two images.
@main
struct CreateSpotImage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "CreateSpotImage",
        abstract: "Wait for a spot interruption notice, then image every marked instance.",
        discussion: """
        Give instances with --instance-id (repeatable) or a fleet with --tag KEY=VALUE. Credentials come from \
        the default chain; ALIBABA_CLOUD_ECS_ENDPOINT overrides the endpoint. Prints a line per step and \
        "imageID: m-…" per image; with --json, one JSON object at the end and the steps on stderr.
        """)

    @Option(name: .customLong("instance-id"), help: "An instance to watch (repeatable).")
    var instanceIds: [String] = []

    @Option(name: .customLong("tag"), help: "Watch every instance with this tag, as KEY=VALUE.")
    var tag: String?

    @Option(name: .customLong("region-id"), help: "The region.")
    var regionId = "cn-hangzhou"

    @Option(name: .customLong("poll-interval"), help: "Seconds between two looks for the notice.")
    var pollInterval = Seconds(2)

    @Option(name: .customLong("image-poll-interval"), help: "Seconds before the first look at a new image (backs off to 30).")
    var imagePollInterval = Seconds(2)

    @Option(name: .customLong("timeout"), help: "Give up after this many seconds (default: wait for ever).")
    var timeout: Seconds?

    @Option(name: .customLong("keep"), help: "After imaging, keep only the newest K SpotRecovery images of each instance (and delete the older ones' snapshots).")
    var keep: Int?

    @Flag(name: .customLong("json"), help: "Print one JSON object at the end.")
    var json = false

    func validate() throws {
        if instanceIds.isEmpty == (tag == nil) {
            throw ValidationError("Give either --instance-id (one or more) or --tag KEY=VALUE.")
        }
        if let tag, !tag.contains("=") { throw ValidationError("--tag must be KEY=VALUE.") }
        if pollInterval.value <= 0 || imagePollInterval.value <= 0 { throw ValidationError("Intervals must be positive.") }
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1.") }
    }

    func run() async throws {
        ExampleContext.bootstrapLogging()
        let step: @Sendable (String) -> Void = { [json] line in
            json ? ExampleOutput.errorLine(line) : ExampleOutput.line(line)
        }
        do {
            let client = try ExampleContext.makeClient(region: regionId)
            let recoverer = SpotRecoverer(client: client)
            let target = watchTarget
            let started = Date()
            step("Watching \(target) for the spot interruption notice (every \(pollInterval)s)…")
            let notices = try await recoverer.waitForRecycling(
                target, options: WatchOptions(pollInterval: pollInterval.duration, timeout: timeout?.duration))
            let snapshotOptions = SnapshotOptions(
                initialPollInterval: imagePollInterval.duration,
                timeout: remaining(since: started) ?? SnapshotOptions().timeout)
            let results = await withTaskGroup(of: ImageResult.self) { group in
                let retention = keep.map(RetentionPolicy.init(keep:))
                for notice in notices {
                    step("\(notice.instanceId) is marked for recycling; creating its image")
                    group.addTask {
                        let result = await Self.image(notice, recoverer: recoverer, options: snapshotOptions, step: step)
                        if let retention, result.status == ImageStatus.available.rawValue {
                            await Self.prune(notice.instanceId, recoverer: recoverer, retention: retention, step: step)
                        }
                        return result
                    }
                }
                var results: [ImageResult] = []
                for await result in group { results.append(result) }
                return results.sorted { $0.instanceId < $1.instanceId }
            }
            if json {
                try ExampleOutput.json(["images": results])
            }
            if results.contains(where: { $0.status != ImageStatus.available.rawValue }) { throw ExitCode.failure }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            ExampleOutput.errorLine(ExampleOutput.describe(error))
            throw ExitCode.failure
        }
    }

    var watchTarget: WatchTarget {
        guard let tag else { return .instances(instanceIds) }
        let parts = tag.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return .tagged(key: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : nil)
    }

    func remaining(since start: Date) -> Duration? {
        timeout.map { .seconds(fractional: max($0.value - Date().timeIntervalSince(start), 1)) }
    }

    struct ImageResult: Encodable, Sendable {
        var instanceId: String
        var imageId: String?
        var status: String
        var error: String?
    }

    static func prune(_ instanceId: String, recoverer: SpotRecoverer, retention: RetentionPolicy, step: @Sendable (String) -> Void) async {
        do {
            let report = try await recoverer.prune(sourceInstanceId: instanceId, retention: retention)
            step("\(instanceId): kept the newest \(retention.keep) image(s): \(report)")
        } catch {
            ExampleOutput.errorLine(ExampleOutput.describe(error))
        }
    }

    static func image(_ notice: RecyclingNotice, recoverer: SpotRecoverer, options: SnapshotOptions, step: @escaping @Sendable (String) -> Void) async -> ImageResult {
        var imageId: String?
        do {
            let requested = try await recoverer.requestImage(of: notice, options: options)
            imageId = requested
            step("\(notice.instanceId): image \(requested) requested")
            let image = try await recoverer.waitForImage(requested, sourceInstanceId: notice.instanceId, options: options) { progress in
                step("\(notice.instanceId): image \(progress.imageId) \(progress.status) \(progress.percent)%")
            }
            step("imageID: \(image.imageId)")
            return ImageResult(instanceId: notice.instanceId, imageId: image.imageId, status: image.status?.rawValue ?? "Available")
        } catch {
            ExampleOutput.errorLine(ExampleOutput.describe(error))
            return ImageResult(instanceId: notice.instanceId, imageId: imageId, status: "Failed", error: "\(error)")
        }
    }
}
