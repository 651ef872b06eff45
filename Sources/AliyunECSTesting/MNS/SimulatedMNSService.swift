import AliyunECS
import AliyunMNS
import Foundation
import Logging

/// An in-memory MNS (Simple Message Queue) service: queues by name, visibility timeouts, receipt handles
/// that change on every receive and on every visibility change, dequeue counts, long polling on its clock,
/// signatures checked, and MNS's error codes.
///
/// ```swift
/// let region = SimulatedRegion(clock: clock)
/// let mns = SimulatedMNSService(region: region)      // the region's keys and clock
/// mns.createQueue(named: "spot-events", visibilityTimeout: .seconds(60))
/// mns.publishInterruptions(of: region, to: "spot-events")
/// let queue = try mns.makeClient(queue: "spot-events")
/// let messages = try await queue.receiveMessages(max: 16, waitSeconds: 20)
/// ```
///
/// Put it behind an `MNSQueueClient` with ``makeClient(queue:retryPolicy:logger:)`` (or its ``transport``);
/// `ECSEmulatorServer` serves it over HTTP beside a region. Give it a ``VirtualClock`` to play out
/// visibility timeouts and long polls in milliseconds.
public final class SimulatedMNSService: @unchecked Sendable {
    /// Identity, keys and timings.
    public let configuration: SimulatedMNSConfiguration
    /// The service's time source: visibility, long polls and the `Date` check follow it.
    public let clock: any ECSClock

    // All mutable state is touched only while holding `lock`.
    private let lock = NSLock()
    private var queues: [String: SimulatedMNSQueue] = [:]
    private var faults: [SimulatedMNSFault] = []
    private var publications: [InterruptionPublication] = []
    private var recordedCalls: [SimulatedMNSCall] = []
    private var counter: UInt64 = 0

    /// The most calls ``calls`` keeps (the oldest are forgotten first).
    public static let callHistoryLimit = 10_000

    /// Creates a service.
    /// - Parameters:
    ///   - configuration: Identity, keys and timings.
    ///   - clock: The time source. Default: a new ``VirtualClock``.
    public init(configuration: SimulatedMNSConfiguration = SimulatedMNSConfiguration(), clock: any ECSClock = VirtualClock()) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Creates a service beside `region`: its region ID, its keys and its clock.
    public convenience init(region: SimulatedRegion) {
        self.init(
            configuration: SimulatedMNSConfiguration(regionId: region.regionId, credentials: region.configuration.credentials),
            clock: region.clock)
    }

    private func withState<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Setting the scene

    /// Creates a queue (a queue that exists keeps its messages and takes the new visibility timeout).
    /// - Parameters:
    ///   - name: The queue's name.
    ///   - visibilityTimeout: How long a received message stays invisible. Default: the configuration's.
    public func createQueue(named name: String, visibilityTimeout: Duration? = nil) {
        let timeout = visibilityTimeout ?? configuration.defaultVisibilityTimeout
        withState {
            if queues[name] == nil {
                queues[name] = SimulatedMNSQueue(visibilityTimeout: timeout)
            } else {
                queues[name]?.visibilityTimeout = timeout
            }
        }
    }

    /// Deletes a queue and its messages; requests naming it get `404 QueueNotExist`.
    public func deleteQueue(named name: String) {
        withState { _ = queues.removeValue(forKey: name) }
    }

    /// The queues, by name.
    public var queueNames: [String] { withState { queues.keys.sorted() } }

    /// Sends a message directly, without going through the API.
    /// - Returns: The message ID, or `nil` when the queue does not exist.
    @discardableResult
    public func send(_ body: String, to queue: String, delay: Duration = .zero, priority: Int = 8) -> String? {
        let now = clock.now
        return withState { enqueue(body, to: queue, at: now.addingTimeInterval(max(0, delay.inSeconds)), sentAt: now, priority: priority) }
    }

    /// Publishes every interruption `region` announces, now and later, into `queue` as CloudMonitor's
    /// `Instance:PreemptibleInstanceInterruption` event, once each.
    ///
    /// Nothing runs on the clock for it: whenever the queue is looked at (a receive, ``messages(in:)``), the
    /// interruptions the region announced by the service's current time are added first, each enqueued at
    /// the time of its `Recycling` lock. So on a ``VirtualClock`` the queue settles exactly with time.
    /// - Parameters:
    ///   - region: The region whose interruptions are published.
    ///   - queue: The queue they go into (create it first).
    ///   - encoding: How the event's JSON is written into the body. Default: base64.
    public func publishInterruptions(of region: SimulatedRegion, to queue: String, encoding: SimulatedEventEncoding = .base64) {
        withState { publications.append(InterruptionPublication(region: region, queue: queue, encoding: encoding)) }
    }

    /// Adds a fault, played after a request's signature is checked.
    public func inject(_ fault: SimulatedMNSFault) {
        withState { faults.append(fault) }
    }

    /// Removes every pending fault.
    public func clearFaults() {
        withState { faults.removeAll() }
    }

    // MARK: Looking at the state

    /// The messages of `queue` not deleted yet (published interruptions included), oldest first; empty for
    /// a queue that does not exist.
    public func messages(in queue: String) -> [SimulatedMNSMessage] {
        let now = clock.now
        return withState {
            pullPublications(now: now)
            return queues[queue]?.snapshot ?? []
        }
    }

    /// Every request answered so far, in order (the latest ``callHistoryLimit``).
    public var calls: [SimulatedMNSCall] { withState { recordedCalls } }

    /// The requests of one operation.
    public func calls(of action: String) -> [SimulatedMNSCall] { calls.filter { $0.action == action } }

    // MARK: Clients

    /// A transport that delivers requests to this service in memory.
    public var transport: ClosureTransport {
        ClosureTransport { request in await self.handle(request) }
    }

    /// The endpoint clients of this service name (any host works; this one says what it is).
    public var endpoint: String { "https://\(configuration.accountId).mns.\(configuration.regionId).simulated.invalid" }

    /// A client for `queue`, wired to this service: its first key pair, its transport and its clock.
    public func makeClient(queue: String, retryPolicy: RetryPolicy = .default, logger: Logger = ECSClient.silentLogger) throws -> MNSQueueClient {
        guard let credentials = configuration.credentials.first else {
            throw ECSClientError(kind: .credentialsUnavailable, message: "The simulated MNS service has no key pair")
        }
        return try MNSQueueClient(
            endpoint: endpoint, queue: queue, credentials: StaticCredentialProvider(credentials), transport: transport,
            configuration: .init(retryPolicy: retryPolicy, clock: clock), logger: logger)
    }

    // MARK: Handling requests

    /// Answers one HTTP request as MNS would; a receive that finds nothing waits (on the service's clock)
    /// up to its `waitseconds` for a message.
    public func handle(_ request: ECSHTTPRequest) async -> ECSHTTPResponse {
        let parsed = MNSIncomingRequest(request)
        let started = clock.now
        var first = true
        while true {
            let now = clock.now
            let outcome: MNSOutcome = withState {
                let outcome = first ? answerChecked(parsed, now: now) : answerOperation(parsed, now: now)
                if case .answer(let response) = outcome { record(parsed, at: started, response: response) }
                return outcome
            }
            first = false
            switch outcome {
            case .answer(let response):
                return response
            case .wait:
                let deadline = started.addingTimeInterval(TimeInterval(parsed.waitSeconds))
                let remaining = deadline.timeIntervalSince(clock.now)
                guard remaining > 0 else {
                    return withState {
                        let response = Self.error(SimulatedMNSRefusal(status: 404, code: "MessageNotExist", message: "Message not exist."), requestId: newRequestId())
                        record(parsed, at: started, response: response)
                        return response
                    }
                }
                do {
                    try await clock.sleep(for: min(configuration.longPollInterval, .seconds(fractional: remaining)))
                } catch {
                    // The caller went away (a stopping server): end the poll as an empty one.
                    return Self.error(SimulatedMNSRefusal(status: 404, code: "MessageNotExist", message: "Message not exist."), requestId: "cancelled")
                }
            }
        }
    }

    private enum MNSOutcome {
        case answer(ECSHTTPResponse)
        /// A receive found nothing and may wait.
        case wait
    }

    /// The first look at a request: its signature, then the faults, then the operation.
    private func answerChecked(_ request: MNSIncomingRequest, now: Date) -> MNSOutcome {
        let requestId = newRequestId()
        if configuration.verifiesSignatures {
            do {
                try MNSRequestVerifier(credentials: configuration.credentials, maximumSkew: configuration.maximumClockSkew.inSeconds)
                    .verify(method: request.method, resource: request.resource, headers: request.headers, body: request.body, now: now)
            } catch {
                return .answer(Self.error(error, requestId: requestId))
            }
        }
        if let index = faults.firstIndex(where: { $0.action == nil || $0.action == request.action }) {
            let fault = faults[index]
            faults[index].times -= 1
            if faults[index].times <= 0 { faults.remove(at: index) }
            switch fault.effect {
            case .error(let status, let code, let message):
                return .answer(Self.error(SimulatedMNSRefusal(status: status, code: code, message: message), requestId: requestId))
            case .rawBody(let status, let contentType, let body):
                return .answer(ECSHTTPResponse(statusCode: status, headers: [HTTPHeader(name: "Content-Type", value: contentType)], body: Data(body.utf8)))
            }
        }
        return answerOperation(request, now: now, requestId: requestId)
    }

    /// The operation itself (a long poll looks again here).
    private func answerOperation(_ request: MNSIncomingRequest, now: Date, requestId: String? = nil) -> MNSOutcome {
        let requestId = requestId ?? newRequestId()
        pullPublications(now: now)
        do {
            guard let name = request.queue else {
                throw SimulatedMNSRefusal(status: 400, code: "InvalidArgument", message: "The simulated service serves /queues/<name>/messages only.")
            }
            guard queues[name] != nil else {
                throw SimulatedMNSRefusal(status: 404, code: "QueueNotExist", message: "The queue name you provided does not exist.")
            }
            switch request.action {
            case "ReceiveMessage", "BatchReceiveMessage":
                let count = try request.integer("numOfMessages", in: 1...16, default: 1)
                let messages = queues[name]?.receive(count: count, now: now) { self.newReceiptHandle(messageId: $0) } ?? []
                guard !messages.isEmpty else {
                    if request.waitSeconds > 0 { return .wait }
                    throw SimulatedMNSRefusal(status: 404, code: "MessageNotExist", message: "Message not exist.")
                }
                let root = request.action == "ReceiveMessage"
                    ? messages[0].xml : MNSXMLElement(name: "Messages", children: messages.map(\.xml))
                return .answer(Self.xml(200, root, requestId: requestId))
            case "DeleteMessage":
                guard let handle = request.query["ReceiptHandle"], !handle.isEmpty else {
                    throw SimulatedMNSRefusal(status: 400, code: "MissingReceiptHandle", message: "The ReceiptHandle parameter is missing.")
                }
                try queues[name]?.delete(handle: handle, now: now)
                return .answer(Self.empty(204, requestId: requestId))
            case "BatchDeleteMessage":
                return .answer(try batchDelete(request, queue: name, now: now, requestId: requestId))
            case "ChangeMessageVisibility":
                guard let handle = request.query["ReceiptHandle"], !handle.isEmpty else {
                    throw SimulatedMNSRefusal(status: 400, code: "MissingReceiptHandle", message: "The ReceiptHandle parameter is missing.")
                }
                guard request.query["VisibilityTimeout"] != nil else {
                    throw SimulatedMNSRefusal(status: 400, code: "MissingVisibilityTimeout", message: "The VisibilityTimeout parameter is missing.")
                }
                let seconds = try request.integer("VisibilityTimeout", in: 1...43_200, default: 30)
                guard let change = try queues[name]?.changeVisibility(handle: handle, seconds: seconds, now: now, newHandle: { self.newReceiptHandle(messageId: $0) }) else {
                    throw SimulatedMNSRefusal(status: 404, code: "QueueNotExist", message: "The queue name you provided does not exist.")
                }
                return .answer(Self.xml(200, change.xml, requestId: requestId))
            case "SendMessage":
                return .answer(try sendMessage(request, queue: name, now: now, requestId: requestId))
            default:
                throw SimulatedMNSRefusal(status: 400, code: "InvalidArgument", message: "The operation is not supported by the simulated service.")
            }
        } catch let refusal as SimulatedMNSRefusal {
            return .answer(Self.error(refusal, requestId: requestId))
        } catch {
            return .answer(Self.error(SimulatedMNSRefusal(status: 500, code: "InternalError", message: "Internal error."), requestId: requestId))
        }
    }

    private func batchDelete(_ request: MNSIncomingRequest, queue name: String, now: Date, requestId: String) throws -> ECSHTTPResponse {
        guard let root = try? MNSXMLReader.parse(request.body), root.localName == "ReceiptHandles" else {
            throw SimulatedMNSRefusal(status: 400, code: "MalformedXML", message: "The XML you provided was not well-formed.")
        }
        let handles = root.children("ReceiptHandle").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard (1...16).contains(handles.count) else {
            throw SimulatedMNSRefusal(status: 400, code: "InvalidArgument", message: "A batch deletes 1 to 16 messages.")
        }
        var failures: [MNSDeleteFailure] = []
        for handle in handles {
            do {
                try queues[name]?.delete(handle: handle, now: now)
            } catch {
                failures.append(MNSDeleteFailure(receiptHandle: handle, code: error.code, message: error.message))
            }
        }
        // An <Errors> list, with a 404, when any handle failed: the status is an inference; the list is what counts.
        return failures.isEmpty ? Self.empty(204, requestId: requestId) : Self.xml(404, MNSDeleteFailure.xml(failures), requestId: requestId)
    }

    private func sendMessage(_ request: MNSIncomingRequest, queue name: String, now: Date, requestId: String) throws -> ECSHTTPResponse {
        guard let root = try? MNSXMLReader.parse(request.body), root.localName == "Message", let body = root.child("MessageBody")?.text else {
            throw SimulatedMNSRefusal(status: 400, code: "MalformedXML", message: "The XML you provided was not well-formed.")
        }
        let delay = Int(root.value("DelaySeconds") ?? "0") ?? -1
        let priority = Int(root.value("Priority") ?? "8") ?? -1
        guard (0...604_800).contains(delay), (1...16).contains(priority) else {
            throw SimulatedMNSRefusal(status: 400, code: "InvalidArgument", message: "DelaySeconds or Priority is out of range.")
        }
        guard let id = enqueue(body, to: name, at: now.addingTimeInterval(TimeInterval(delay)), sentAt: now, priority: priority) else {
            throw SimulatedMNSRefusal(status: 404, code: "QueueNotExist", message: "The queue name you provided does not exist.")
        }
        return Self.xml(201, MNSSentMessage(messageId: id, bodyMD5: SimulatedMNSQueue.md5(body)).xml, requestId: requestId)
    }

    // MARK: State helpers (called with the lock held)

    private func enqueue(_ body: String, to queue: String, at visibleTime: Date, sentAt now: Date, priority: Int, id: String? = nil) -> String? {
        guard queues[queue] != nil else { return nil }
        counter += 1
        let messageId = id ?? String(format: "%016llX%016llX", 0x5A5A_0000_0000_0000 | counter, counter &* 0x9E37_79B9_7F4A_7C15)
        queues[queue]?.append(.init(
            id: messageId, body: body, enqueueTime: now, nextVisibleTime: visibleTime, priority: min(max(priority, 1), 16)))
        return messageId
    }

    /// Adds the interruptions the publishing regions announced by `now`.
    private func pullPublications(now: Date) {
        for index in publications.indices {
            let publication = publications[index]
            for event in publication.region.interruptionEvents(through: now) where !publications[index].published.contains(event.eventId) {
                publications[index].published.insert(event.eventId)
                let id = event.eventId.replacingOccurrences(of: "-", with: "")
                _ = enqueue(publication.encoding.body(event.cloudMonitorPayload), to: publication.queue, at: event.time, sentAt: event.time, priority: 8, id: id)
            }
        }
    }

    /// A new receipt handle: unique, and with `+`, `/` and `=` in it, as MNS's base64-looking handles have,
    /// so that a client that does not percent-encode it is caught.
    private func newReceiptHandle(messageId: String) -> String {
        counter += 1
        var bytes: [UInt8] = [0xFB, 0xEF, 0xFF]
        bytes += Array("\(messageId):\(counter)".utf8)
        while bytes.count % 3 != 1 { bytes.append(UInt8(ascii: "#")) }
        return "\(counter)-" + Data(bytes).base64EncodedString()
    }

    private func newRequestId() -> String {
        counter += 1
        return String(format: "5F3A%08llX-SIM0-MNS0-%012llX", counter, counter)
    }

    private func record(_ request: MNSIncomingRequest, at time: Date, response: ECSHTTPResponse) {
        var code: String?
        if response.statusCode >= 300, let root = try? MNSXMLReader.parse(response.body) {
            code = root.value("Code") ?? root.children("Error").first?.value("ErrorCode")
        }
        recordedCalls.append(SimulatedMNSCall(action: request.action, queue: request.queue, time: time, status: response.statusCode, code: code))
        if recordedCalls.count > Self.callHistoryLimit { recordedCalls.removeFirst(recordedCalls.count - Self.callHistoryLimit) }
    }

    // MARK: Answers

    private static func xml(_ status: Int, _ root: MNSXMLElement, requestId: String) -> ECSHTTPResponse {
        ECSHTTPResponse(
            statusCode: status,
            headers: [
                HTTPHeader(name: "Content-Type", value: "text/xml;charset=utf-8"), HTTPHeader(name: "x-mns-request-id", value: requestId),
                HTTPHeader(name: "x-mns-version", value: "2015-06-06"),
            ],
            body: Data(MNSXMLWriter.document(root).utf8))
    }

    private static func empty(_ status: Int, requestId: String) -> ECSHTTPResponse {
        ECSHTTPResponse(statusCode: status, headers: [HTTPHeader(name: "x-mns-request-id", value: requestId)], body: Data())
    }

    private static func error(_ refusal: SimulatedMNSRefusal, requestId: String) -> ECSHTTPResponse {
        xml(refusal.status, MNSServiceError(
            action: "", httpStatus: refusal.status, code: refusal.code, message: refusal.message, requestId: requestId,
            hostId: "mns.simulated.invalid").xml, requestId: requestId)
    }
}
