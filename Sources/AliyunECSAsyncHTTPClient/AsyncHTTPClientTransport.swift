import AliyunECS
import AsyncHTTPClient
import EventLoopTaskExecutor
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A transport built on AsyncHTTPClient (SwiftNIO): pooled keep-alive connections, TLS by default,
/// timeouts, real cancellation and a cap on what it collects from a response.
///
/// ```swift
/// let ecs = try ECSClient(region: "cn-hangzhou", transport: .asyncHTTPClient())
/// ```
///
/// By default every transport with the same connect timeout and connection limit shares one `HTTPClient` per
/// process (made on first use, on SwiftNIO's shared event loops, never shut down), so connections are reused
/// across clients.
/// Pass your own `HTTPClient` to ``init(httpClient:configuration:)`` to control its pool, TLS or proxy; you
/// shut it down. Failures become `ECSTransportError` (`cannotConnect`, `connectionLost`, `timedOut`,
/// `responseTooLarge`), which the client's retry policy understands; task cancellation cancels the request
/// on the wire and ends the call with `CancellationError`.
public struct AsyncHTTPClientTransport: ECSTransport {
    /// The `HTTPClient` requests go through.
    public let httpClient: HTTPClient
    /// The limits in force.
    public let configuration: Configuration
    /// The event loop this transport's exchanges run on (`EventLoopTaskExecutor`, where task executors exist).
    private let executor: (any Sendable)?

    /// Creates a transport that uses the process-wide `HTTPClient` made for `configuration`.
    /// - Parameter configuration: Timeouts, connection limit and the response cap.
    public init(configuration: Configuration = .default) {
        self.init(httpClient: SharedHTTPClients.client(for: configuration), configuration: configuration)
    }

    /// Creates a transport on an `HTTPClient` you own.
    ///
    /// The connect timeout and connection limit are then those of `httpClient`'s own configuration; the
    /// request timeout and the response cap come from `configuration`.
    /// - Parameters:
    ///   - httpClient: The client to send through (for example `HTTPClient.shared`). You shut it down.
    ///   - configuration: The request timeout and the response cap.
    public init(httpClient: HTTPClient, configuration: Configuration = .default) {
        self.httpClient = httpClient
        self.configuration = configuration
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) {
            // One loop per transport: a caller's calls in a row find their kept-alive connection on it.
            executor = EventLoopTaskExecutor(eventLoop: httpClient.eventLoopGroup.next())
        } else {
            executor = nil
        }
    }

    /// The event loop this transport sends a caller's exchanges from, as a task executor: code run there
    /// (`ECSClient.withPreferredExecutor`) sends each request and receives its answer on its own thread.
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
    public var preferredTaskExecutor: (any TaskExecutor)? {
        executor as? EventLoopTaskExecutor
    }

    /// Sends the request and collects the whole response.
    /// - Throws: `ECSTransportError` when no complete response arrived in time or it was larger than
    ///   ``Configuration/maximumResponseBodySize``; `CancellationError` when the task was cancelled.
    public func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse {
        let current = httpClient.eventLoopGroup.any()
        if current.inEventLoop {
            // The caller already runs on one of the client's loops (SwiftNIO installed as the concurrency
            // executor, `ECSClient.withPreferredExecutor`, or a handler of a server on the same loops): the
            // exchange stays on this thread, and no other thread is woken for it, when the pool has an idle
            // connection on this loop. The loop is preferred, not required: AsyncHTTPClient serves a request
            // that requires a loop without an idle connection there with a connection of its own, closed
            // after that one request, which would open a connection per call.
            return try await exchange(request, on: .delegate(on: current))
        }
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *), let executor = executor as? EventLoopTaskExecutor {
            // Run the exchange on the loop its answer is delivered on: no thread wakes another in between.
            return try await withTaskExecutorPreference(executor) {
                try await exchange(request, on: .delegate(on: executor.eventLoop))
            }
        }
        return try await exchange(request, on: .delegate(on: current))
    }

    /// One exchange through AsyncHTTPClient's delegate API, whose deadline covers the whole request (the
    /// body included), with no task or actor of its own per request.
    private func exchange(_ request: ECSHTTPRequest, on eventLoop: HTTPClient.EventLoopPreference) async throws -> ECSHTTPResponse {
        let outgoing: HTTPClient.Request
        do {
            outgoing = try Self.outgoing(request)
        } catch {
            throw ECSTransportError(kind: .other, message: "The request could not be built (\(error))")
        }
        let task = httpClient.execute(
            request: outgoing, delegate: ResponseCollector(limit: configuration.maximumResponseBodySize),
            eventLoop: eventLoop, deadline: .now() + configuration.requestTimeout.timeAmount)
        do {
            return try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch {
            throw TransportErrorTranslation.translate(error)
        }
    }

    /// The AsyncHTTPClient request: the URL text as it is (AsyncHTTPClient parses it once), the headers
    /// copied straight across, a body only when there is one.
    static func outgoing(_ request: ECSHTTPRequest) throws -> HTTPClient.Request {
        let method: HTTPMethod
        switch request.method {
        case "POST": method = .POST
        case "GET": method = .GET
        default: method = HTTPMethod(rawValue: request.method)
        }
        var headers = HTTPHeaders()
        headers.reserveCapacity(request.headers.count)
        for header in request.headers {
            headers.add(name: header.name, value: header.value)
        }
        let body: HTTPClient.Body? = request.body.isEmpty ? nil : .byteBuffer(ByteBuffer(data: request.body))
        return try HTTPClient.Request(url: request.urlString, method: method, headers: headers, body: body)
    }
}
