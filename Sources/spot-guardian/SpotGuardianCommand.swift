import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SpotGuardian
import SpotGuardianDemo
import UnixSignals

/// `spot-guardian`: keeps the configured spot fleets alive around the clock. The service itself is the
/// `SpotGuardian` library; this command reads flags, sets up logging and turns signals into stop requests.
@main
struct SpotGuardianCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spot-guardian",
        abstract: "Watch spot fleets, recover interrupted instances, serve interruption events, metrics and health checks.",
        discussion: """
            Configuration: a JSON file (--config, or SPOT_GUARDIAN_CONFIG), then SPOT_GUARDIAN_* environment \
            variables, then flags. Credentials come from the standard chain (ALIBABA_CLOUD_ACCESS_KEY_ID and \
            ALIBABA_CLOUD_ACCESS_KEY_SECRET, a profile, or the instance's RAM role); the event token from \
            SPOT_GUARDIAN_EVENT_TOKEN or the file eventTokenFile names. SIGTERM or SIGINT stops gracefully; \
            a second one stops at once. See Documentation/SpotGuardian.md.
            """)

    @Option(name: .customLong("config"), help: "The configuration file (JSON). Default: $SPOT_GUARDIAN_CONFIG, else /etc/spot-guardian/config.json.")
    var configPath: String?

    @Option(name: .customLong("check-config"), help: "Validate this configuration file and exit: 0 when valid, else 1 with one line per problem.")
    var checkConfigPath: String?

    @Flag(name: .customLong("dry-run"), help: "Detect and plan, never image, launch, start or delete; log what would be done.")
    var dryRun = false

    @Option(name: .customLong("log-format"), help: "text or json (one JSON object per line).")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "The address the HTTP endpoints bind (overrides http.address).")
    var address: String?

    @Option(help: "The port of the HTTP endpoints, 0 for a free one (overrides http.port).")
    var port: Int?

    @Flag(help: "Run against an embedded ECS emulator with a tagged fleet, interrupt one instance, and keep serving.")
    var demo = false

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535, not \(port).") }
        if demo, configPath != nil || checkConfigPath != nil || address != nil || dryRun {
            throw ValidationError("--demo runs its own configuration on 127.0.0.1; it takes --port and the logging flags only.")
        }
    }

    func run() async throws {
        if let checkConfigPath {
            throw ExitCode(Self.checkConfiguration(at: checkConfigPath))
        }
        let (format, level) = (logFormat, logLevel)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = switch format {
            case .json: JSONLogHandler(label: label)
            case .text: StreamLogHandler.standardError(label: label)
            }
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "spot-guardian")
        let stopRequests = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let exit: GuardianExit
        if demo {
            exit = await GuardianDemo(port: port ?? 0, logger: logger) { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }.run(until: stopRequests)
        } else {
            let path = configPath ?? ProcessInfo.processInfo.environment["SPOT_GUARDIAN_CONFIG"] ?? "/etc/spot-guardian/config.json"
            let configuration: GuardianConfiguration
            do {
                configuration = try GuardianConfigurationLoader().load(
                    path: path, overrides: .init(address: address, port: port, dryRun: dryRun ? true : nil))
            } catch {
                Self.writeError("spot-guardian: the configuration is not usable:\n\(error)")
                throw ExitCode(2)
            }
            let guardian: SpotGuardian
            do {
                guardian = try SpotGuardian(configuration: configuration, logger: logger)
            } catch {
                Self.writeError("spot-guardian: \(error)")
                throw ExitCode(2)
            }
            exit = await guardian.run(until: stopRequests, logger: logger)
        }
        if case .failed = exit { logger.error("spot-guardian \(exit)") } else { logger.notice("spot-guardian \(exit)") }
        if exit != .stopped { throw ExitCode(exit.status) }
    }

    /// `--check-config`: a line when valid, else every problem on a line of its own.
    static func checkConfiguration(at path: String) -> Int32 {
        let check = ConfigurationCheck(path: path)
        for line in check.lines {
            if check.isValid { FileHandle.standardOutput.write(Data((line + "\n").utf8)) } else { writeError(line) }
        }
        return check.exitStatus
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
