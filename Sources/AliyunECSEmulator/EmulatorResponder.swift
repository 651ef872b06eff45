import AliyunECS
import AliyunECSTesting
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers each HTTP request with the simulated region: the request as the region expects it, the
/// region's latency faults waited out on its clock, its answer (or, for a lost request or response, a
/// connection closed without an answer).
@available(macOS 14, iOS 17, tvOS 17, *)
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    /// The region requests go to.
    let region: SimulatedRegion
    /// The largest body read; a larger one is refused with 413.
    let maximumBodySize: Int

    /// Thrown after the connection was closed on purpose: no answer is to be written.
    struct ConnectionDropped: Error {}

    func respond(to request: Request, context: Context) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maximumBodySize {
            return Self.refusal(.contentTooLarge)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodySize)
        } catch is NIOTooManyBytesError {
            return Self.refusal(.contentTooLarge)
        }
        let incoming = Self.ecsRequest(request, body: body)
        // The same order as the in-memory transport: latency first (on the region's clock), then the answer.
        let delay = region.takeLatency(for: incoming.headers[header: "x-acs-action"] ?? "")
        if delay > .zero {
            try await region.clock.sleep(for: delay)
        }
        // `handle` is synchronous and short (it takes the region's lock); this task runs on the
        // concurrency pool, not on an event loop, so it holds up no connection but its own.
        guard let answer = region.handle(incoming) else {
            try? await context.channel.close()
            throw ConnectionDropped()
        }
        return Self.response(answer)
    }

    /// The request in the form the region reads: method, URL text, headers (with `host`, which HTTP types
    /// keep apart as the authority, because the signature covers it) and body.
    static func ecsRequest(_ request: Request, body: ByteBuffer) -> ECSHTTPRequest {
        let authority = request.head.authority ?? ""
        var headers: [HTTPHeader] = []
        headers.reserveCapacity(request.headers.count + 1)
        if !authority.isEmpty { headers.append(HTTPHeader(name: "host", value: authority)) }
        for field in request.headers {
            headers.append(HTTPHeader(name: field.name.rawName, value: field.value))
        }
        let path = request.head.path ?? "/"
        return ECSHTTPRequest(
            method: request.method.rawValue, urlString: "http://" + authority + path, headers: headers,
            body: body.readableBytes == 0 ? Data() : Data(body.readableBytesView))
    }

    /// The region's answer as an HTTP response.
    static func response(_ answer: ECSHTTPResponse) -> Response {
        var fields = HTTPFields()
        for header in answer.headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        var buffer = ByteBufferAllocator().buffer(capacity: answer.body.count)
        buffer.writeBytes(answer.body)
        return Response(status: HTTPResponse.Status(code: answer.statusCode), headers: fields, body: ResponseBody(byteBuffer: buffer))
    }

    /// An empty refusal that closes the connection (the rest of the request is not read).
    static func refusal(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.connection: "close"], body: ResponseBody())
    }
}
