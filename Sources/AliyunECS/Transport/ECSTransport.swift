import Foundation

/// An HTTP request ready to send: signed, with the query already encoded into the URL.
///
/// The URL is kept as text (``urlString``) and parsed only when a transport asks for ``url``: the client
/// builds it from parts it has already encoded, and parsing it again on every call would be wasted work.
public struct ECSHTTPRequest: Sendable {
    /// `POST` or `GET`.
    public var method: String
    /// The full URL, query included, already percent-encoded.
    public var urlString: String
    /// The headers to send. `host` is among them because it is signed; transports that set the
    /// host from the URL (URLSession) may skip it.
    public var headers: [HTTPHeader]
    /// The body (empty for the ECS actions, which carry everything in the query).
    public var body: Data

    /// Creates a request from URL text.
    public init(method: String, urlString: String, headers: [HTTPHeader], body: Data = Data()) {
        self.method = method
        self.urlString = urlString
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a URL.
    public init(method: String, url: URL, headers: [HTTPHeader], body: Data = Data()) {
        self.init(method: method, urlString: url.absoluteString, headers: headers, body: body)
    }

    /// The URL, parsed from ``urlString`` (`nil` only if that text is not a URL).
    public var url: URL? { URL(string: urlString) }

    /// The percent-encoded query (after `?`), without parsing the whole URL.
    public var percentEncodedQuery: String {
        // Found in the UTF-8 bytes: walking the URL as Characters cost more than the rest of this accessor.
        let bytes = urlString.utf8
        guard let mark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return "" }
        return String(urlString[bytes.index(after: mark)...])
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

    /// The executor on which this transport's exchanges cost least when the caller already runs there (for
    /// the AsyncHTTPClient transport, its event loop), or `nil` (the default) when there is none.
    ///
    /// ``ECSClient/withPreferredExecutor(isolation:_:)`` runs a caller's code on it.
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
    var preferredTaskExecutor: (any TaskExecutor)? { get }
}

extension ECSTransport {
    /// No preferred executor: calls run wherever their caller does.
    @available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
    public var preferredTaskExecutor: (any TaskExecutor)? { nil }
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
