import AliyunECS
import AliyunECSAsyncHTTPClient
import AliyunMNS
import Foundation
import Logging
import ServiceLifecycle
import SpotRecovery

/// SpotRecovery as a long-running service: watches the configured fleets of each region, recovers every
/// interrupted instance with its fleet's strategy, takes checkpoints, and serves interruption events,
/// Prometheus metrics and health checks over HTTP.
///
/// ```swift
/// let configuration = try GuardianConfigurationLoader().load(path: "/etc/spot-guardian/config.json")
/// let guardian = try SpotGuardian(configuration: configuration, logger: logger)
/// let group = ServiceGroup(configuration: guardian.serviceGroupConfiguration(logger: logger))
/// try await group.run()
/// ```
///
/// Every ECS call goes through the AsyncHTTPClient transport with the standard credential chain, unless
/// `connection` says otherwise (tests and the demo use the simulator); with ``GuardianConfiguration/dryRun``
/// no call that changes anything is ever sent.
@available(macOS 14, iOS 17, tvOS 17, *)
public struct SpotGuardian: Sendable {
    /// How to reach one region.
    public struct Connection: Sendable {
        /// Where credentials come from.
        public var credentials: any CredentialProvider
        /// How requests travel.
        public var transport: any ECSTransport
        /// The endpoint, or `nil` for the region's (or `ALIBABA_CLOUD_ECS_ENDPOINT`).
        public var endpoint: String?
        /// Signing, retries and clock.
        public var configuration: ECSClient.Configuration
        /// How requests to the region's event queue travel (a long poll waits up to 30 s); `nil` for
        /// ``transport``.
        public var queueTransport: (any ECSTransport)?

        /// Creates a connection.
        public init(
            credentials: any CredentialProvider, transport: any ECSTransport, endpoint: String? = nil,
            configuration: ECSClient.Configuration = .default, queueTransport: (any ECSTransport)? = nil
        ) {
            self.credentials = credentials
            self.transport = transport
            self.endpoint = endpoint
            self.configuration = configuration
            self.queueTransport = queueTransport
        }

        /// The standard chain of credentials over AsyncHTTPClient, to the region's configured endpoint.
        public static func standard(for region: RegionConfiguration) -> Connection {
            Connection(credentials: DefaultCredentialChain(), transport: .asyncHTTPClient(), endpoint: region.endpoint)
        }
    }

    /// The configuration in force.
    public let configuration: GuardianConfiguration
    /// The recovery engine (a `Service`).
    public let engine: GuardianEngine
    /// The metrics `GET /metrics` serves.
    public var metrics: GuardianMetrics { engine.metrics }
    let server: GuardianHTTPServer

    /// Assembles the service.
    /// - Parameters:
    ///   - configuration: What to watch and how.
    ///   - connection: How to reach each region. Default: ``Connection/standard(for:)``.
    ///   - logger: Where to log (recoveries carry a `recovery` correlation ID in their metadata).
    /// - Throws: `ECSClientError` for a region or endpoint that cannot be used; `RecoveryJournalError` for a
    ///   ``GuardianConfiguration/stateDirectory`` that cannot be created or secured.
    public init(
        configuration: GuardianConfiguration, connection: @Sendable (RegionConfiguration) throws -> Connection = Connection.standard,
        logger: Logger
    ) throws {
        self.configuration = configuration
        let metrics = GuardianMetrics()
        let readiness = GuardianReadiness(regions: configuration.regions.map(\.regionId))
        let regions = try configuration.regions.map { region in
            let reach = try connection(region)
            let measured = MeasuredTransport(base: reach.transport, metrics: metrics)
            // Dry run outside the measurement: a change it keeps from being sent is no API call.
            let transport: any ECSTransport = configuration.dryRun ? DryRunTransport(base: measured, metrics: metrics) : measured
            let client = try ECSClient(
                region: region.regionId, credentials: reach.credentials, transport: transport, endpoint: reach.endpoint,
                configuration: reach.configuration, logger: logger)
            let journal = try configuration.stateDirectory.map { directory in
                try RecoveryJournal(directory: URL(fileURLWithPath: directory).appendingPathComponent(region.regionId))
            }
            let queue = try region.eventQueue.map { settings in
                try MNSQueueClient(
                    endpoint: settings.endpoint, queue: settings.queue, credentials: reach.credentials,
                    transport: reach.queueTransport ?? reach.transport,
                    configuration: MNSQueueClient.Configuration(retryPolicy: reach.configuration.retryPolicy, clock: reach.configuration.clock),
                    logger: logger)
            }
            return RegionGuardian(
                region: region, client: client, credentials: reach.credentials, journal: journal, eventQueue: queue, settings: configuration,
                metrics: metrics, readiness: readiness, logger: logger)
        }
        engine = GuardianEngine(
            regions: regions, metrics: metrics, readiness: readiness, eventToken: configuration.eventToken,
            gracePeriod: configuration.shutdownGracePeriod, clock: regions.first?.recoverer.clock ?? SystemClock(), logger: logger)
        server = GuardianHTTPServer(engine: engine, configuration: configuration.http, logger: logger)
    }

    /// The services to run, the HTTP server first so that it shuts down last: `/metrics` and the health
    /// checks keep answering while the recoveries in flight finish.
    public var services: [any Service] { [server, engine] }

    /// A service group configuration for ``services``. The engine enforces the grace period itself, on the
    /// ECS clock; the group cancels everything 30 seconds of real time after it, should anything hang.
    /// Signals are left to the caller (the command handles a second signal).
    public func serviceGroupConfiguration(logger: Logger) -> ServiceGroupConfiguration {
        var group = ServiceGroupConfiguration(services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }, logger: logger)
        group.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod + .seconds(30)
        return group
    }

    /// The port the HTTP endpoints listen on, once they do.
    public func listeningPort() async throws -> Int {
        try await server.listening.wait()
    }
}
