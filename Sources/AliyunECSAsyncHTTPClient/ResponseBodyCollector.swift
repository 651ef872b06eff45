import AliyunECS
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// Collects a response body into one buffer, within a size cap and the request's deadline, and hands it
/// over as `Data` with at most one copy of each chunk.
enum ResponseBodyCollector {
    /// Bodies up to this size are copied into their `Data`; larger ones are lent without a copy (the `Data`
    /// keeps the buffer alive), where the copy would cost more than the bookkeeping.
    static let copyThreshold = 16 * 1024

    /// The whole body.
    /// - Parameters:
    ///   - body: The streamed body.
    ///   - declaredLength: The `Content-Length`, when the server sent one.
    ///   - limit: The most bytes accepted.
    ///   - deadline: When the whole request must be over.
    /// - Throws: ``ECSTransportError`` (`responseTooLarge` or `timedOut`); whatever the stream throws.
    static func collect(_ body: HTTPClientResponse.Body, declaredLength: Int?, limit: Int, deadline: NIODeadline) async throws -> Data {
        if let declaredLength, declaredLength > limit {
            // Leaving the body unread cancels the request and closes its connection.
            throw tooLarge(limit: limit)
        }
        var collected: ByteBuffer?
        var chunks = 0
        for try await chunk in body {
            chunks += 1
            if chunks == 1 {
                // The first chunk is kept as it is: most ECS answers arrive in one.
                collected = chunk
            } else if var buffer = collected {
                collected = nil
                let total = buffer.readableBytes + chunk.readableBytes
                guard total <= limit else { throw tooLarge(limit: limit) }
                if chunks == 2 {
                    // One buffer sized for the whole body, so later chunks are appended without regrowth.
                    var combined = ByteBufferAllocator().buffer(capacity: max(declaredLength ?? 0, total))
                    combined.writeImmutableBuffer(buffer)
                    buffer = combined
                }
                buffer.writeImmutableBuffer(chunk)
                collected = buffer
            }
            if let collected, collected.readableBytes > limit { throw tooLarge(limit: limit) }
            if NIODeadline.now() > deadline {
                throw ECSTransportError(kind: .timedOut, message: "No complete response within the request timeout")
            }
        }
        guard let collected, collected.readableBytes > 0 else { return Data() }
        let strategy: ByteBuffer.ByteTransferStrategy = collected.readableBytes <= copyThreshold ? .copy : .noCopy
        return collected.getData(at: collected.readerIndex, length: collected.readableBytes, byteTransferStrategy: strategy)
            ?? Data(collected.readableBytesView)
    }

    private static func tooLarge(limit: Int) -> ECSTransportError {
        ECSTransportError(kind: .responseTooLarge, message: "The response body is larger than the transport's limit of \(limit) bytes")
    }
}
