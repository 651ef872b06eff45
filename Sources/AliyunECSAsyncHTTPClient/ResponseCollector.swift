import AliyunECS
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Collects one response as AsyncHTTPClient delivers it: the head, then the body into one buffer with at
/// most one copy of each part, within a size cap; the whole answer is handed over as an `ECSHTTPResponse`.
///
/// AsyncHTTPClient calls it on the request's event loop, one call at a time, which is what makes its
/// mutable state safe to share.
final class ResponseCollector: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = ECSHTTPResponse

    /// Bodies up to this size are copied into their `Data`; larger ones are lent without a copy (the `Data`
    /// keeps the buffer alive), where the copy would cost more than the bookkeeping.
    static let copyThreshold = 16 * 1024

    private let limit: Int
    private var status = 0
    private var headers = HTTPHeaders()
    private var declaredLength = 0
    private var body: ByteBuffer?
    private var parts = 0

    /// A collector that accepts at most `limit` bytes of body.
    init(limit: Int) {
        self.limit = limit
    }

    func didReceiveHead(task: HTTPClient.Task<ECSHTTPResponse>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        status = Int(head.status.code)
        headers = head.headers
        if let declared = head.headers.first(name: "content-length").flatMap({ Int($0) }) {
            // Failing here cancels the request and closes its connection before the body is read.
            guard declared <= limit else { return task.eventLoop.makeFailedFuture(Self.tooLarge(limit: limit)) }
            declaredLength = declared
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<ECSHTTPResponse>, _ part: ByteBuffer) -> EventLoopFuture<Void> {
        parts += 1
        guard var collected = body else {
            // The first part is kept as it is: most ECS answers arrive in one.
            guard part.readableBytes <= limit else { return task.eventLoop.makeFailedFuture(Self.tooLarge(limit: limit)) }
            body = part
            return task.eventLoop.makeSucceededVoidFuture()
        }
        body = nil
        let total = collected.readableBytes + part.readableBytes
        guard total <= limit else { return task.eventLoop.makeFailedFuture(Self.tooLarge(limit: limit)) }
        if parts == 2 {
            // One buffer sized for the whole body, so later parts are appended without regrowth.
            var combined = ByteBufferAllocator().buffer(capacity: max(declaredLength, total))
            combined.writeImmutableBuffer(collected)
            collected = combined
        }
        collected.writeImmutableBuffer(part)
        body = collected
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<ECSHTTPResponse>) throws -> ECSHTTPResponse {
        var converted: [HTTPHeader] = []
        converted.reserveCapacity(headers.count)
        for (name, value) in headers {
            converted.append(HTTPHeader(name: name, value: value))
        }
        return ECSHTTPResponse(statusCode: status, headers: converted, body: Self.data(body))
    }

    /// The body as `Data`: copied when small, lent when large.
    static func data(_ buffer: ByteBuffer?) -> Data {
        guard let buffer, buffer.readableBytes > 0 else { return Data() }
        let strategy: ByteBuffer.ByteTransferStrategy = buffer.readableBytes <= copyThreshold ? .copy : .noCopy
        return buffer.getData(at: buffer.readerIndex, length: buffer.readableBytes, byteTransferStrategy: strategy)
            ?? Data(buffer.readableBytesView)
    }

    static func tooLarge(limit: Int) -> ECSTransportError {
        ECSTransportError(kind: .responseTooLarge, message: "The response body is larger than the transport's limit of \(limit) bytes")
    }
}
