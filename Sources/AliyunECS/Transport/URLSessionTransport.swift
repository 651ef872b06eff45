import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The default transport: Foundation's `URLSession` (FoundationNetworking on Linux).
///
/// Two limits apply: ``Configuration/connectTimeout`` bounds how long the transport waits without
/// receiving anything (which covers a connect that hangs), and ``Configuration/requestTimeout`` bounds
/// the whole exchange. Task cancellation cancels the underlying data task at once.
///
/// Transports made with ``init(configuration:)`` share one `URLSession` per process for each distinct
/// configuration (made on first use), so every `ECSClient`, credential source and metadata client that
/// uses the default transport reuses the same connections. Pass your own session to
/// ``init(session:configuration:)`` to keep it apart.
public final class URLSessionTransport: ECSTransport {
    /// Timeouts and connection limits.
    public struct Configuration: Sendable, Hashable {
        /// The longest wait for a connection or for the next bytes of the response.
        public var connectTimeout: Duration
        /// The longest a whole request may take, from sending to the last byte of the response.
        public var requestTimeout: Duration
        /// How many connections to one host may be open at once.
        public var maximumConnectionsPerHost: Int

        /// Creates a configuration.
        public init(connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60), maximumConnectionsPerHost: Int = 8) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
        }

        /// 10 seconds to connect, 60 seconds for the whole request.
        public static let `default` = Configuration()
    }

    /// The timeouts in force.
    public let configuration: Configuration
    let session: URLSession

    /// The transport with the default configuration, shared by the whole process.
    public static let shared = URLSessionTransport()

    /// Creates a transport on the process-wide `URLSession` made for `configuration` (one per distinct
    /// configuration, made on first use and never invalidated).
    public init(configuration: Configuration = .default) {
        self.configuration = configuration
        session = SharedURLSessions.session(for: configuration)
    }

    /// Creates a transport on a session you own (you invalidate it).
    /// - Parameters:
    ///   - session: The session to send through. Its own limits apply (connections per host, caching);
    ///     the timeouts of `configuration` are applied to each request.
    ///   - configuration: The connect and whole-request timeouts.
    public init(session: URLSession, configuration: Configuration = .default) {
        self.configuration = configuration
        self.session = session
    }

    /// Sends the request; network failures become ``ECSTransportError``.
    public func send(_ request: ECSHTTPRequest) async throws -> ECSHTTPResponse {
        guard let url = request.url else {
            throw ECSTransportError(kind: .other, message: "The request URL is not valid")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = configuration.connectTimeout.timeInterval
        for header in request.headers where header.name.lowercased() != "host" {
            // URLSession derives Host from the URL, exactly as it was signed.
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty || request.method == "POST" {
            urlRequest.httpBody = request.body
        }
        let deadline = configuration.requestTimeout
        let prepared = urlRequest
        return try await withThrowingTaskGroup(of: ECSHTTPResponse.self) { group in
            group.addTask { try await self.perform(prepared) }
            group.addTask {
                try await Task.sleep(for: deadline)
                throw ECSTransportError(kind: .timedOut, message: "No complete response within \(deadline)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else {
                throw ECSTransportError(kind: .other, message: "The request produced no result")
            }
            return first
        }
    }

    private func perform(_ urlRequest: URLRequest) async throws -> ECSHTTPResponse {
        let handle = DataTaskHandle()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ECSHTTPResponse, any Error>) in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    if let error {
                        continuation.resume(throwing: Self.translate(error))
                        return
                    }
                    guard let http = response as? HTTPURLResponse else {
                        continuation.resume(throwing: ECSTransportError(kind: .other, message: "The response was not HTTP"))
                        return
                    }
                    var headers: [HTTPHeader] = []
                    for (name, value) in http.allHeaderFields {
                        headers.append(HTTPHeader(name: "\(name)", value: "\(value)"))
                    }
                    continuation.resume(returning: ECSHTTPResponse(statusCode: http.statusCode, headers: headers, body: data ?? Data()))
                }
                handle.start(task)
            }
        } onCancel: {
            handle.cancel()
        }
    }

    static func translate(_ error: any Error) -> any Error {
        guard let urlError = error as? URLError else {
            return ECSTransportError(kind: .other, message: "\(type(of: error))")
        }
        switch urlError.code {
        case .cancelled:
            return CancellationError()
        case .timedOut:
            return ECSTransportError(kind: .timedOut, message: "The request timed out")
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse, .zeroByteResource,
             .resourceUnavailable:
            return ECSTransportError(kind: .connectionLost, message: "The connection was lost (URLError \(urlError.code.rawValue))")
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
             .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return ECSTransportError(kind: .cannotConnect, message: "Cannot connect (URLError \(urlError.code.rawValue))")
        default:
            return ECSTransportError(kind: .other, message: "URLError \(urlError.code.rawValue)")
        }
    }
}

/// Lets the cancellation handler reach a data task that the operation creates.
private final class DataTaskHandle: @unchecked Sendable {
    // Guarded by `lock`: the task is set on one thread and may be cancelled from another.
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func start(_ task: URLSessionDataTask) {
        lock.lock()
        self.task = task
        let alreadyCancelled = cancelled
        lock.unlock()
        task.resume()
        if alreadyCancelled { task.cancel() }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let task = task
        lock.unlock()
        task?.cancel()
    }
}

extension Duration {
    /// The duration in seconds, as Foundation expresses timeouts.
    var timeInterval: TimeInterval { inSeconds }
}
