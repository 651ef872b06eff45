import AliyunECS
import AliyunECSAsyncHTTPClient
import Foundation
import Logging

/// What every example needs: a client built the way a user's program would build one.
///
/// Credentials come from the default chain (environment variables first, then the OIDC role, the CLI
/// profile, `~/.alibabacloud/credentials` and the instance's RAM role); the endpoint from
/// `ALIBABA_CLOUD_ECS_ENDPOINT` when set. `ECS_LOG_LEVEL=debug` (or `trace`) logs each call to stderr,
/// with every secret redacted. `ECS_TRANSPORT=asynchttpclient` sends through AsyncHTTPClient instead of
/// URLSession.
public enum ExampleContext {
    /// Sets up logging to stderr at the level named by `ECS_LOG_LEVEL` (default: `warning`).
    public static func bootstrapLogging() {
        let level = ProcessInfo.processInfo.environment["ECS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// A client for `region` with the default credential chain, the environment's endpoint and the
    /// transport `ECS_TRANSPORT` names (`urlsession`, the default, or `asynchttpclient`).
    public static func makeClient(region: String, logger: Logger = Logger(label: "aliyun.ecs")) throws -> ECSClient {
        let transport: any ECSTransport
        switch ProcessInfo.processInfo.environment["ECS_TRANSPORT"]?.lowercased() {
        case "asynchttpclient", "ahc": transport = .asyncHTTPClient()
        default: transport = URLSessionTransport.shared
        }
        return try ECSClient(region: region, credentials: DefaultCredentialChain(), transport: transport, logger: logger)
    }
}
