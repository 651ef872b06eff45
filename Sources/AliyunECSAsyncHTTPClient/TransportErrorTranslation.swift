import AliyunECS
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns what AsyncHTTPClient and SwiftNIO throw into `ECSTransportError` kinds the retry policy
/// understands, and task cancellation into `CancellationError`.
enum TransportErrorTranslation {
    /// The error the transport throws for `error`.
    static func translate(_ error: any Error) -> any Error {
        if error is CancellationError || error is ECSTransportError { return error }
        if let client = error as? HTTPClientError { return translate(client) }
        if error is NIOConnectionError {
            return ECSTransportError(kind: .cannotConnect, message: "Cannot connect (\(error))")
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout:
                return ECSTransportError(kind: .cannotConnect, message: "The connection attempt timed out")
            default:
                return ECSTransportError(kind: .connectionLost, message: "The connection failed (\(channel))")
            }
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
                return ECSTransportError(kind: .cannotConnect, message: "Cannot connect (\(io.description))")
            default:
                return ECSTransportError(kind: .connectionLost, message: "The connection failed (\(io.description))")
            }
        }
        if error is NIOSSLError || error is BoringSSLError {
            return ECSTransportError(kind: .cannotConnect, message: "The TLS handshake failed (\(error))")
        }
        if error is HTTPParserError {
            return ECSTransportError(kind: .connectionLost, message: "The response was not valid HTTP")
        }
        if Task.isCancelled { return CancellationError() }
        return ECSTransportError(kind: .other, message: "The request failed (\(type(of: error)))")
    }

    private static func translate(_ error: HTTPClientError) -> any Error {
        switch error {
        case .cancelled, .requestStreamCancelled:
            // AsyncHTTPClient reports a cancelled task this way (its own deadline is `deadlineExceeded`).
            return CancellationError()
        case .deadlineExceeded:
            return ECSTransportError(kind: .timedOut, message: "No complete response within the request timeout")
        case .readTimeout, .writeTimeout:
            return ECSTransportError(kind: .timedOut, message: "The connection stalled (\(error))")
        case .connectTimeout, .tlsHandshakeTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
             .getConnectionFromPoolTimeout:
            return ECSTransportError(kind: .cannotConnect, message: "No connection in time (\(error))")
        case .remoteConnectionClosed, .bodyLengthMismatch, .uncleanShutdown:
            return ECSTransportError(kind: .connectionLost, message: "The connection was lost (\(error))")
        default:
            return ECSTransportError(kind: .other, message: "The request failed (\(error))")
        }
    }
}
