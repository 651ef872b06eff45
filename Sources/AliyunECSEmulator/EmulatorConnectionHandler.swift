import AliyunECS
import AliyunECSTesting
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Answers the requests of one connection from the region, on the connection's event loop.
///
/// NIO's HTTP/1.1 pipeline in front of it parses the bytes and hands over one request at a time, even when a
/// client pipelines them; bytes that are not HTTP/1.1 are answered with a 400 and close the connection. Each
/// request is collected within the body limit (over it: a 413, then the connection closes), then answered
/// by the region synchronously: the region holds one lock for a short while, and answering on the loop
/// that read the request costs no hand-off to another thread. A latency fault is the one wait: it runs on
/// the region's clock in a task, and the answer is written when it ends. MNS requests (`/queues/…`) go to
/// the simulated queue service, when there is one, in such a task too: a long poll waits on its clock.
final class EmulatorConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Between requests.
        case idle
        /// Collecting the body of a request.
        case receiving(HTTPRequestHead, ByteBuffer?)
        /// The request is being answered (a latency fault may be running); nothing else is read meanwhile.
        case answering
        /// The request was refused; the rest of it is ignored while the connection closes.
        case refused
    }

    private let region: SimulatedRegion
    private let messageQueues: SimulatedMNSService?
    private let maximumBodySize: Int
    private let latencyWaits: LatencyWaits
    private let logger: Logger
    private var state = State.idle

    /// A handler answering from `region` (and MNS paths from `messageQueues`), accepting bodies of at most
    /// `maximumBodySize` bytes, running latency faults and long polls in `latencyWaits`, logging refusals to
    /// `logger` at `debug`.
    init(region: SimulatedRegion, messageQueues: SimulatedMNSService?, maximumBodySize: Int, latencyWaits: LatencyWaits, logger: Logger) {
        self.region = region
        self.messageQueues = messageQueues
        self.maximumBodySize = maximumBodySize
        self.latencyWaits = latencyWaits
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard case .idle = state else { return }
            if let declared = head.headers.first(name: "content-length").flatMap({ Int($0) }), declared > maximumBodySize {
                return refuse(.payloadTooLarge, because: "declared body over the limit", context: context)
            }
            state = .receiving(head, nil)
        case .body(let part):
            guard case .receiving(let head, let collected) = state else { return }
            state = .answering  // Releases the buffer held in the state, so that appending does not copy it.
            guard var body = collected else {
                guard part.readableBytes <= maximumBodySize else {
                    return refuse(.payloadTooLarge, because: "body over the limit", context: context)
                }
                state = .receiving(head, part)
                return
            }
            guard body.readableBytes + part.readableBytes <= maximumBodySize else {
                return refuse(.payloadTooLarge, because: "body over the limit", context: context)
            }
            body.writeImmutableBuffer(part)
            state = .receiving(head, body)
        case .end:
            guard case .receiving(let head, let body) = state else { return }
            state = .answering
            answer(head: head, body: body, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is IdleStateHandler.IdleStateEvent else {
            return context.fireUserInboundEventTriggered(event)
        }
        switch state {
        case .idle, .receiving:
            // Nothing arrived for the idle timeout while the client was due to send: cut it off.
            logger.debug("Closing an idle connection", metadata: ["peer": "\(context.remoteAddress.map { "\($0)" } ?? "")"])
            context.close(promise: nil)
        case .answering, .refused:
            // The client is waiting for us (a latency fault), or the connection is closing already.
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .idle, .receiving:
            // Bytes that are not HTTP/1.1 (a bad request line or Content-Length, headers over the limits,
            // input ending inside a request) are answered with a 400.
            if let error = error as? HTTPParserError {
                return refuse(.badRequest, because: "not HTTP/1.1 (\(error))", context: context)
            }
        case .answering, .refused:
            // An answer is under way or the connection is closing: no second answer.
            break
        }
        state = .refused
        context.close(promise: nil)
    }

    /// Waits out the region's latency for the action, if any, then writes the region's answer.
    private func answer(head: HTTPRequestHead, body: ByteBuffer?, context: ChannelHandlerContext) {
        let request = Self.ecsRequest(head, body: body)
        if let messageQueues, head.uri.hasPrefix("/queues/") {
            return answer(request, from: messageQueues, head: head, context: context)
        }
        // The same order as the in-memory transport: latency first (on the region's clock), then the answer.
        let delay = region.takeLatency(for: request.headers[header: "x-acs-action"] ?? "")
        guard delay > .zero else {
            return respond(to: request, head: head, context: context)
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        let clock = region.clock
        latencyWaits.start {
            do {
                try await clock.sleep(for: delay)
            } catch {
                return  // The server is stopping.
            }
            loop.execute {
                let (handler, context) = bound.value
                guard context.channel.isActive else { return }
                handler.respond(to: request, head: head, context: context)
            }
        }
    }

    /// Answers an MNS request from the queue service in a task (a receive may long-poll), then writes the
    /// answer on the loop; a stopping server cancels the wait, which ends the poll as an empty one.
    private func answer(_ request: ECSHTTPRequest, from service: SimulatedMNSService, head: HTTPRequestHead, context: ChannelHandlerContext) {
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        latencyWaits.start {
            let answer = await service.handle(request)
            loop.execute {
                let (handler, context) = bound.value
                guard context.channel.isActive else { return }
                handler.writeAnswer(answer, head: head, context: context)
            }
        }
    }

    /// Writes the region's answer to `request`, or closes the connection unanswered when the region lost
    /// the request or its response.
    private func respond(to request: ECSHTTPRequest, head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard let answer = region.handle(request) else {
            state = .refused
            context.close(promise: nil)
            return
        }
        writeAnswer(answer, head: head, context: context)
    }

    /// Writes `answer`, keeping the connection open when the client asked for it.
    private func writeAnswer(_ answer: ECSHTTPResponse, head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(answer.headers.count + 2)
        for header in answer.headers where !Self.framingHeaders.contains(header.name.lowercased()) {
            headers.add(name: header.name, value: header.value)
        }
        headers.add(name: "content-length", value: String(answer.body.count))
        let keepAlive = head.isKeepAlive
        if !keepAlive {
            headers.add(name: "connection", value: "close")
        } else if head.version.minor == 0 {
            // An HTTP/1.0 client that asked to keep the connection is told it is kept.
            headers.add(name: "connection", value: "keep-alive")
        }
        let status = HTTPResponseStatus(statusCode: answer.statusCode)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if !answer.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: answer.body.count)
            buffer.writeBytes(answer.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        guard keepAlive else {
            state = .refused
            // After the write, not at once: a large answer may take more than one write to leave.
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        state = .idle
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Answers `status` with no body and closes the connection.
    private func refuse(_ status: HTTPResponseStatus, because reason: String, context: ChannelHandlerContext) {
        state = .refused
        logger.debug("Refusing a request", metadata: ["status": "\(status.code)", "reason": "\(reason)"])
        var headers = HTTPHeaders()
        headers.add(name: "connection", value: "close")
        headers.add(name: "content-length", value: "0")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        // At once, not when the write completes: the rest of the request may already be on its way, and its
        // end (or a malformed remainder) must not draw a second answer. The answer is a few bytes, written
        // by the flush above.
        context.close(promise: nil)
    }

    /// Headers the server sets itself from the answer it writes.
    private static let framingHeaders: Set<String> = ["content-length", "transfer-encoding", "connection"]

    /// The request as the region reads it: the URL from the `Host` header and the request target, every
    /// header as it was sent.
    static func ecsRequest(_ head: HTTPRequestHead, body: ByteBuffer?) -> ECSHTTPRequest {
        var headers: [HTTPHeader] = []
        headers.reserveCapacity(head.headers.count)
        for (name, value) in head.headers {
            headers.append(HTTPHeader(name: name, value: value))
        }
        let authority = head.headers.first(name: "host") ?? ""
        let data: Data
        if let body, body.readableBytes > 0 {
            data = Data(body.readableBytesView)
        } else {
            data = Data()
        }
        return ECSHTTPRequest(method: head.method.rawValue, urlString: "http://" + authority + head.uri, headers: headers, body: data)
    }
}
