import Foundation

/// An HTTP request ready to send: signed, with the query already encoded into the URL.
public struct ECSHTTPRequest: Sendable {
    /// `POST` or `GET`.
    public var method: String
    /// The full URL, query included.
    public var url: URL
    /// The headers to send. `host` is among them because it is signed; transports that set the
    /// host from the URL (URLSession) may skip it.
    public var headers: [HTTPHeader]
    /// The body (empty for the ECS actions, which carry everything in the query).
    public var body: Data

    /// Creates a request.
    public init(method: String, url: URL, headers: [HTTPHeader], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response as a transport received it.
public struct ECSHTTPResponse: Sendable {
    /// The status code.
    public var statusCode: Int
    /// The response headers.
    public var headers: [HTTPHeader]
    /// The complete body.
    public var body: Data

    /// Creates a response.
    public init(statusCode: Int, headers: [HTTPHeader] = [], body: Data) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }
}

/// Sends one HTTP request and returns the complete response: the seam between the client and the network.
///
/// The default is ``URLSessionTransport``; tests plug in a closure (``ClosureTransport``) or the simulator
/// from `AliyunECSTesting`, and a server can wrap AsyncHTTPClient in a few lines. Throw
/// ``ECSTransportError`` to tell the client a failure is a lost connection or a timeout; any other error
/// is treated as a failed connection too. Honour task cancellation by throwing `CancellationError`.
public protocol ECSTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status code.
    func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse
}

/// A transport made from a closure: the quickest mock.
public struct ClosureTransport: ECSTransport {
    private let handler: @Sendable (ECSHTTPRequest) async throws -> ECSHTTPResponse

    /// Creates a transport that answers with `handler`.
    public init(_ handler: @escaping @Sendable (ECSHTTPRequest) async throws -> ECSHTTPResponse) {
        self.handler = handler
    }

    /// Calls the closure.
    public func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse {
        try await handler(request)
    }
}
