import AliyunECS
import AliyunECSEmulator
import AliyunECSTesting
import AliyunMNS
import ArgumentParser
import ExampleSupport
import Foundation
import Logging
import ServiceLifecycle

/// A local ECS emulator: the `AliyunECSTesting` simulator served over HTTP on 127.0.0.1 (SwiftNIO, with
/// kept-alive connections), on the wall clock, so that the examples (or any ECS client) can run the whole
/// spot-recovery flow with no account. Ctrl-C (or SIGTERM) stops it cleanly.
///
/// Once it listens it writes, besides the human lines, one JSON line on stderr for scripts:
/// `{"event":"listening","host":"127.0.0.1","pid":1234,"port":8080,"url":"http://127.0.0.1:8080"}`.
///
/// ```
/// swift run ECSEmulator --port 8080 --interrupt-after 20
/// ALIBABA_CLOUD_ECS_ENDPOINT=http://127.0.0.1:8080 ALIBABA_CLOUD_ACCESS_KEY_ID=testid \
///   ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret swift run CreateSpotInstance --vswitch-id vsw-x --security-group-id sg-x
/// ```
///
/// With `--event-queue NAME` it also serves an MNS queue of that name on the same port (`/queues/NAME/messages`,
/// the same keys) and publishes each simulated interruption's CloudMonitor event into it, as a CloudMonitor
/// event subscription would.
@main
struct ECSEmulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ECSEmulator",
        abstract: "Serve a simulated ECS region on 127.0.0.1 (signatures checked, faults on demand).",
        discussion: """
            Prints one line per call on stdout (time, action, attempt, ClientToken, nonce and outcome) unless --quiet, \
            and, once listening, a JSON line on stderr: {"event":"listening","host":…,"pid":…,"port":…,"url":…}.
            """)

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("region-id"), help: "The region the emulator plays.")
    var regionId = "cn-hangzhou"

    @Option(name: .customLong("access-key-id"), help: "The AccessKey ID it accepts.")
    var accessKeyId = "testid"

    @Option(name: .customLong("access-key-secret"), help: "The AccessKey secret it accepts (a test value, not a real key).")
    var accessKeySecret = "testsecret"

    @Option(name: .customLong("interrupt-after"), help: "Mark every new spot instance for recycling this many seconds after launch.")
    var interruptAfter: Seconds?

    @Option(name: .customLong("notice"), help: "Seconds between the recycling mark and the release.")
    var notice = Seconds(300)

    @Option(name: .customLong("pending-seconds"), help: "Seconds a new instance stays Pending.")
    var pendingSeconds = Seconds(5)

    @Option(name: .customLong("image-seconds"), help: "Seconds an image takes to become Available.")
    var imageSeconds = Seconds(20)

    @Option(name: .customLong("throttle"), help: "ACTION:N — answer the next N calls of ACTION with Throttling.User (repeatable).")
    var throttles: [String] = []

    @Option(name: .customLong("sold-out"), help: "ZONE or ZONE:TYPE — RunInstances there answers OperationDenied.NoStock (repeatable).")
    var soldOut: [String] = []

    @Option(name: .customLong("fail-images"), help: "Make the next N images end CreateFailed.")
    var failImages = 0

    @Option(name: .customLong("lose-answer"), help: "ACTION:N — the next N calls of ACTION take effect, then their answers are lost (repeatable).")
    var lostAnswers: [String] = []

    @Option(name: .customLong("fleet"), help: """
        KEY=VALUE:N[:Stop] — start with N running spot instances tagged KEY=VALUE, each with two security groups, a key pair, \
        a RAM role, user data and a resource group, interrupted as --interrupt-after says (repeatable).
        """)
    var fleets: [String] = []

    @Option(name: .customLong("spot-interruption-event"), help: """
        Record each spot interruption in DescribeInstanceHistoryEvents as this event type (ECS documents none; default: not recorded).
        """)
    var spotInterruptionEvent: String?

    @Option(name: .customLong("state-file"), help: "Rewrite this JSON file after every call: every instance (released ones too) and image, user data as its SHA-256.")
    var stateFile: String?
    @Option(name: .customLong("event-queue"), help: "Serve an MNS queue of this name on the same port and publish each interruption's CloudMonitor event into it.")
    var eventQueue: String?

    @Option(name: .customLong("event-encoding"), help: "How events are written into queue messages: base64 or json.")
    var eventEncoding = "base64"

    @Option(name: .customLong("queue-visibility-timeout"), help: "Seconds a received queue message stays invisible.")
    var queueVisibilityTimeout = Seconds(30)

    @Flag(help: "Do not print a line per call (for benchmarks).")
    var quiet = false

    func validate() throws {
        for throttle in throttles where throttle.split(separator: ":").count != 2 || Int(throttle.split(separator: ":")[1]) == nil {
            throw ValidationError("--throttle must be ACTION:N, not \(throttle).")
        }
        for lost in lostAnswers where ActionCount(parsing: lost) == nil {
            throw ValidationError("--lose-answer must be ACTION:N with N > 0, not \(lost).")
        }
        for fleet in fleets where EmulatorFleet(parsing: fleet) == nil {
            throw ValidationError("--fleet must be KEY=VALUE:N or KEY=VALUE:N:Stop, not \(fleet).")
        }
        if let eventQueue, !MNSQueueClient.isValidQueueName(eventQueue) {
            throw ValidationError("--event-queue must be a letter followed by letters, digits or hyphens (at most 120), not \(eventQueue).")
        }
        if SimulatedEventEncoding(rawValue: eventEncoding) == nil {
            throw ValidationError("--event-encoding must be base64 or json, not \(eventEncoding).")
        }
    }

    func run() async throws {
        let region = SimulatedRegion(
            configuration: SimulatedRegionConfiguration(
                regionId: regionId,
                credentials: [ECSCredentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret)],
                zones: ["\(regionId)-i", "\(regionId)-j", "\(regionId)-k"],
                vSwitches: ["i", "j", "k"].map { SimulatedVSwitch(id: "vsw-sim-\($0)", zoneId: "\(regionId)-\($0)") },
                pendingDuration: pendingSeconds.duration,
                imageCreationDuration: imageSeconds.duration,
                interruptionNotice: notice.duration,
                // Nothing reads the history here (each call is printed as it happens instead): a server
                // left running keeps no record per request it answered.
                callHistoryLimit: 0,
                spotInterruptionEventType: spotInterruptionEvent.map(SystemEventType.init(rawValue:))),
            clock: SystemClock())
        region.interruptSpotInstances(afterLaunch: interruptAfter?.duration)
        for throttle in throttles {
            let parts = throttle.split(separator: ":")
            region.inject(.throttling(action: String(parts[0]), times: Int(parts[1]) ?? 1))
        }
        for entry in soldOut {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            region.setSoldOut(zoneId: parts[0], instanceType: parts.count > 1 ? parts[1] : nil)
        }
        if failImages > 0 { region.failImages(count: failImages) }
        for lost in lostAnswers.compactMap(ActionCount.init(parsing:)) {
            region.inject(.responseLostAfterEffect(action: lost.action, times: lost.count))
        }
        for fleet in fleets.compactMap(EmulatorFleet.init(parsing:)) {
            let ids = fleet.add(to: region)
            ExampleOutput.errorLine("fleet \(fleet.tag.key)=\(fleet.tag.value) (\(fleet.behavior)): \(ids.joined(separator: ", "))")
        }
        let state = stateFile.map(EmulatorStateFile.init(path:))
        try state?.write(region)
        if !quiet || state != nil {
            let quiet = quiet
            region.observeCalls { [weak region] call in
                if let state, let region {
                    do { try state.write(region) } catch { ExampleOutput.errorLine("error: the state file could not be written: \(error)") }
                }
                guard !quiet else { return }
                let outcome: String
                switch call.outcome {
                case .success: outcome = "ok"
                case .error(let code): outcome = code
                case .rawBody: outcome = "non-JSON \(call.httpStatus ?? 0)"
                case .responseLost: outcome = "response lost"
                case .connectionLost: outcome = "connection lost"
                }
                let token = call.clientToken.map { " token=\($0)" } ?? ""
                ExampleOutput.line("\(ECSTimestamp.string(from: call.time)) \(call.action) attempt=\(call.attempt) nonce=\(call.nonce ?? "-")\(token) -> \(outcome)")
            }
        }

        var messageQueues: SimulatedMNSService?
        if let eventQueue {
            let service = SimulatedMNSService(region: region)
            service.createQueue(named: eventQueue, visibilityTimeout: queueVisibilityTimeout.duration)
            service.publishInterruptions(of: region, to: eventQueue, encoding: SimulatedEventEncoding(rawValue: eventEncoding) ?? .base64)
            messageQueues = service
        }
        let server = ECSEmulatorServer(region: region, messageQueues: messageQueues, configuration: .init(port: port))
        let (servedRegion, acceptedKeyId, servedQueue) = (regionId, accessKeyId, eventQueue)
        let announcement = Task {
            guard let endpoint = try? await server.waitUntilRunning() else { return }
            ExampleOutput.errorLine("ECS emulator for \(servedRegion) listening on \(endpoint.url)")
            ExampleOutput.errorLine("  export ALIBABA_CLOUD_ECS_ENDPOINT=\(endpoint.url) ALIBABA_CLOUD_ACCESS_KEY_ID=\(acceptedKeyId) ALIBABA_CLOUD_ACCESS_KEY_SECRET=<the --access-key-secret value>")
            ExampleOutput.errorLine("  vSwitches: vsw-sim-i, vsw-sim-j, vsw-sim-k (any other ID is accepted too). Stop with Ctrl-C.")
            if let servedQueue {
                ExampleOutput.errorLine("  MNS queue \(servedQueue): endpoint \(endpoint.url), each interruption's CloudMonitor event published into it")
            }
            ExampleOutput.errorLine(Self.listeningLine(endpoint))
        }
        defer { announcement.cancel() }
        var configuration = ServiceGroupConfiguration(
            services: [server], gracefulShutdownSignals: [.sigint, .sigterm], logger: Logger(label: "ECSEmulator", factory: { _ in SwiftLogNoOpLogHandler() }))
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            ExampleOutput.errorLine("error: the emulator could not serve on 127.0.0.1:\(port): \(error)")
            throw ExitCode.failure
        }
    }

    /// The machine-readable line scripts (and ECSBenchmarks) read the bound port from.
    static func listeningLine(_ endpoint: ECSEmulatorEndpoint) -> String {
        let pid = ProcessInfo.processInfo.processIdentifier
        return #"{"event":"listening","host":"\#(endpoint.host)","pid":\#(pid),"port":\#(endpoint.port),"url":"\#(endpoint.url)"}"#
    }
}
