import Foundation
import SpotGuardian

/// An environment, command-line overrides and a file system the loader reads the configuration with.
struct Setting: Sendable {
    var name: String
    var environment: [String: String]
    var overrides: GuardianConfigurationLoader.Overrides
    /// What the setting holds that no problem may quote: its event tokens.
    var secrets: [String]

    /// The one file there is: an event token.
    static let tokenFilePath = "/run/secrets/event-token"
    static let fileToken = "file-token-7Hq2Lm9Xw4Cs"

    static let readFile: @Sendable (String) -> Data? = { path in
        path == tokenFilePath ? Data((fileToken + "\n").utf8) : nil
    }

    static let environmentToken = "env-token-Pz8Kd3Vb6Rt1"
    static let shortToken = "short-Jf5Wq9"

    static let all = [
        Setting(name: "no environment", environment: [:], overrides: .init(), secrets: [fileToken]),
        Setting(
            name: "valid overrides",
            environment: [
                "SPOT_GUARDIAN_HTTP_PORT": "8788", "SPOT_GUARDIAN_POLL_INTERVAL": "5s", "SPOT_GUARDIAN_DRY_RUN": "yes",
                "SPOT_GUARDIAN_EVENT_TOKEN": environmentToken,
            ],
            overrides: .init(address: "127.0.0.1", dryRun: true), secrets: [environmentToken, fileToken]),
        Setting(
            name: "wrong overrides",
            environment: [
                "SPOT_GUARDIAN_HTTP_PORT": "eighty", "SPOT_GUARDIAN_BACKSTOP_INTERVAL": "never",
                "SPOT_GUARDIAN_EVENT_TOKEN": shortToken, "SPOT_GUARDIAN_EVENT_TOKEN_FILE": "/nowhere",
            ],
            overrides: .init(port: 70_000), secrets: [shortToken, fileToken]),
    ]
}
