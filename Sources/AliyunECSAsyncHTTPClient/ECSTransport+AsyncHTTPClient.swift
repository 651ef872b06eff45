import AliyunECS
import AsyncHTTPClient

extension ECSTransport where Self == AsyncHTTPClientTransport {
    /// The AsyncHTTPClient transport on the process-wide `HTTPClient` for `configuration`:
    /// `ECSClient(region: "cn-hangzhou", transport: .asyncHTTPClient())`.
    /// - Parameter configuration: Timeouts, connection limit and the response cap.
    /// - Returns: The transport.
    public static func asyncHTTPClient(configuration: AsyncHTTPClientTransport.Configuration = .default) -> AsyncHTTPClientTransport {
        AsyncHTTPClientTransport(configuration: configuration)
    }

    /// The AsyncHTTPClient transport on an `HTTPClient` you own (for example `HTTPClient.shared`).
    /// - Parameters:
    ///   - httpClient: The client to send through. You shut it down.
    ///   - configuration: The request timeout and the response cap.
    /// - Returns: The transport.
    public static func asyncHTTPClient(
        _ httpClient: HTTPClient, configuration: AsyncHTTPClientTransport.Configuration = .default
    ) -> AsyncHTTPClientTransport {
        AsyncHTTPClientTransport(httpClient: httpClient, configuration: configuration)
    }
}
