import AliyunMNS
import Crypto
import Foundation

/// One simulated queue: its messages, their visibility, and the receipt handles in force.
struct SimulatedMNSQueue {
    struct StoredMessage {
        var id: String
        var body: String
        var enqueueTime: Date
        var firstDequeueTime: Date?
        var nextVisibleTime: Date
        var dequeueCount = 0
        var priority: Int
        var receiptHandle: String?
    }

    var visibilityTimeout: Duration
    /// In the order they were sent.
    private(set) var messages: [StoredMessage] = []
    /// Every handle ever given, to the message it was given for (a stale handle is told from an unknown one).
    private var handles: [String: String] = [:]

    init(visibilityTimeout: Duration) {
        self.visibilityTimeout = visibilityTimeout
    }

    mutating func append(_ message: StoredMessage) {
        messages.append(message)
    }

    func contains(messageId: String) -> Bool {
        messages.contains { $0.id == messageId }
    }

    /// Up to `count` visible messages, highest priority first, then oldest first; each becomes invisible
    /// for the visibility timeout and gets a new receipt handle.
    mutating func receive(count: Int, now: Date, newHandle: (String) -> String) -> [MNSMessage] {
        let visible = messages.indices
            .filter { messages[$0].nextVisibleTime <= now }
            .sorted { (messages[$0].priority, messages[$0].enqueueTime) < (messages[$1].priority, messages[$1].enqueueTime) }
            .prefix(count)
        return visible.map { index in
            messages[index].dequeueCount += 1
            messages[index].firstDequeueTime = messages[index].firstDequeueTime ?? now
            messages[index].nextVisibleTime = now.addingTimeInterval(visibilityTimeout.inSeconds)
            let handle = newHandle(messages[index].id)
            messages[index].receiptHandle = handle
            handles[handle] = messages[index].id
            let message = messages[index]
            return MNSMessage(
                messageId: message.id, body: message.body, bodyMD5: Self.md5(message.body), receiptHandle: handle,
                enqueueTime: message.enqueueTime, firstDequeueTime: message.firstDequeueTime, nextVisibleTime: message.nextVisibleTime,
                dequeueCount: message.dequeueCount, priority: message.priority)
        }
    }

    /// The index of the message `handle` is in force for, or why the handle cannot be used.
    private func index(of handle: String, now: Date) throws(SimulatedMNSRefusal) -> Int {
        guard let id = handles[handle] else {
            throw SimulatedMNSRefusal(status: 400, code: "ReceiptHandleError", message: "The receipt handle you provide is not valid.")
        }
        guard let index = messages.firstIndex(where: { $0.id == id }) else {
            throw SimulatedMNSRefusal(status: 404, code: "MessageNotExist", message: "The message you request does not exist.")
        }
        guard messages[index].receiptHandle == handle, messages[index].nextVisibleTime > now else {
            throw SimulatedMNSRefusal(status: 400, code: "ReceiptHandleError", message: "The receipt handle you provide has expired or was replaced.")
        }
        return index
    }

    mutating func delete(handle: String, now: Date) throws(SimulatedMNSRefusal) {
        let index = try index(of: handle, now: now)
        messages.remove(at: index)
    }

    mutating func changeVisibility(handle: String, seconds: Int, now: Date, newHandle: (String) -> String) throws(SimulatedMNSRefusal) -> MNSVisibilityChange {
        let index = try index(of: handle, now: now)
        let replacement = newHandle(messages[index].id)
        messages[index].receiptHandle = replacement
        messages[index].nextVisibleTime = now.addingTimeInterval(TimeInterval(seconds))
        handles[replacement] = messages[index].id
        return MNSVisibilityChange(receiptHandle: replacement, nextVisibleTime: messages[index].nextVisibleTime)
    }

    /// What a test sees of the messages not deleted yet.
    var snapshot: [SimulatedMNSMessage] {
        messages.map { message in
            SimulatedMNSMessage(
                messageId: message.id, body: message.body, enqueueTime: message.enqueueTime, firstDequeueTime: message.firstDequeueTime,
                nextVisibleTime: message.nextVisibleTime, dequeueCount: message.dequeueCount, priority: message.priority,
                receiptHandle: message.receiptHandle)
        }
    }

    /// The upper-case hex MD5 of a body, as MNS reports it.
    static func md5(_ body: String) -> String {
        Insecure.MD5.hash(data: Data(body.utf8)).map { String(format: "%02X", $0) }.joined()
    }
}

/// An MNS error answer the simulated service gives.
struct SimulatedMNSRefusal: Error {
    var status: Int
    var code: String
    var message: String
}
