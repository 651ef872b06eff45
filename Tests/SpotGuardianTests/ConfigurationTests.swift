import AliyunECS
import Foundation
import SpotGuardian
import SpotRecovery
import Testing

/// The configuration file, its environment overrides and flags: every problem reported at once, each by its
/// key; secrets only from the environment or a file path.
@Suite("Configuration")
struct ConfigurationTests {
    static let valid = """
        {
          "regions": [{
            "regionId": "cn-hangzhou",
            "fleets": [{
              "name": "batch",
              "selector": {"tag": {"key": "team", "value": "batch"}},
              "placement": {
                "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-j"}, {"zoneId": "cn-hangzhou-k", "vSwitchId": "vsw-k"}],
                "instanceTypes": ["ecs.g7.large", "ecs.c7.large"],
                "maximumHourlyPrice": 0.3
              },
              "stopMode": {"restartInPlace": true, "restartDeadline": "10m"},
              "checkpoints": {"interval": "1h"},
              "retention": {"keep": 2}
            }, {
              "name": "pinned",
              "selector": {"instanceIds": ["i-one", "i-two"]}
            }]
          }],
          "http": {"address": "0.0.0.0", "port": 9090},
          "pollInterval": "5s",
          "backstopInterval": "2m",
          "shutdownGracePeriod": "90s",
          "eventTokenFile": "/run/secrets/event-token"
        }
        """

    static let token = "a-shared-secret-of-32-characters"

    func loader(_ environment: [String: String] = [:], files: [String: String] = ["/run/secrets/event-token": token + "\n"]) -> GuardianConfigurationLoader {
        GuardianConfigurationLoader(environment: environment) { path in files[path].map { Data($0.utf8) } }
    }

    func problems(_ json: String, environment: [String: String] = [:]) -> [ConfigurationProblem] {
        do {
            _ = try loader(environment).load(json: Data(json.utf8))
            return []
        } catch {
            return error.problems
        }
    }

    /// The valid document with one edit.
    func edited(_ replace: String, with replacement: String) -> String {
        Self.valid.replacingOccurrences(of: replace, with: replacement)
    }

    @Test("Reconciliation, the state directory, the event bound and a fleet's launch template are read")
    func durabilityKeys() throws {
        let document = edited(#""backstopInterval": "2m""#, with: #""backstopInterval": "2m", "reconcileInterval": "3m", "reconcileWindow": "12h", "stateDirectory": "/var/lib/spot-guardian", "maximumPendingEvents": 64"#)
            .replacingOccurrences(of: #""retention": {"keep": 2}"#, with: #""retention": {"keep": 2}, "launchTemplate": {"name": "workers", "version": 4}"#)
        let configuration = try loader().load(json: Data(document.utf8))
        #expect(configuration.reconcileInterval == .seconds(180) && configuration.reconcileWindow == .seconds(43_200))
        #expect(configuration.stateDirectory == "/var/lib/spot-guardian" && configuration.maximumPendingEvents == 64)
        #expect(configuration.regions[0].fleets[0].launchTemplate == .named("workers", version: 4))
        let defaults = try loader().load(json: Data(Self.valid.utf8))
        #expect(defaults.reconcileInterval == .seconds(300) && defaults.stateDirectory == nil && defaults.regions[0].fleets[1].launchTemplate == nil)
        let fromEnvironment = try loader(["SPOT_GUARDIAN_STATE_DIRECTORY": "/srv/state"]).load(json: Data(Self.valid.utf8))
        #expect(fromEnvironment.stateDirectory == "/srv/state")
    }

    @Test("A complete file is read into the configuration it describes")
    func validFile() throws {
        let configuration = try loader().load(json: Data(Self.valid.utf8))
        #expect(configuration.regions.map(\.regionId) == ["cn-hangzhou"])
        let fleets = configuration.regions[0].fleets
        #expect(fleets.map(\.name) == ["batch", "pinned"])
        #expect(fleets[0].selector == .tagged(key: "team", value: "batch"))
        #expect(fleets[1].selector == .instances(["i-one", "i-two"]))
        #expect(fleets[0].placement?.placements.map(\.vSwitchId) == ["vsw-j", "vsw-k"])
        #expect(fleets[0].placement?.maximumHourlyPrice == 0.3)
        #expect(fleets[0].stopMode.restartDeadline == .seconds(600))
        #expect(fleets[0].checkpointInterval == .seconds(3600))
        #expect(fleets[0].retention?.keep == 2)
        #expect(fleets[1].placement == nil)
        #expect(configuration.http == HTTPConfiguration(address: "0.0.0.0", port: 9090))
        #expect(configuration.pollInterval == .seconds(5))
        #expect(configuration.backstopInterval == .seconds(120))
        #expect(configuration.shutdownGracePeriod == .seconds(90))
        #expect(configuration.eventToken?.matches(Array(Self.token.utf8)) == true, "read from the file, trailing newline trimmed")
        #expect(configuration.dryRun == false)
    }

    @Test("Each bad configuration gives its own problem, naming the key", arguments: [
        (#""pollInterval": "5s""#, #""pollIntervall": "5s""#, "pollIntervall", "unknown key"),
        (#""pollInterval": "5s""#, #""pollInterval": "5 minutes""#, "pollInterval", "is not a duration"),
        (#""pollInterval": "5s""#, #""pollInterval": "-5s""#, "pollInterval", "is not a duration"),
        (#""pollInterval": "5s""#, #""pollInterval": "9999999999999h""#, "pollInterval", "longer than a year"),
        (#""selector": {"tag": {"key": "team", "value": "batch"}},"#, "", "regions[0].fleets[0].selector", "needs a selector"),
        (#""selector": {"instanceIds": ["i-one", "i-two"]}"#, #""selector": {}"#, "regions[0].fleets[1].selector", "tag or instanceIds"),
        (#"{"zoneId": "cn-hangzhou-k", "vSwitchId": "vsw-k"}"#, #"{"zoneId": "cn-hangzhou-k"}"#, "regions[0].fleets[0].placement.zones[1]", "needs its vSwitchId"),
        (#""restartDeadline": "10m""#, #""restartDeadline": "soon""#, "regions[0].fleets[0].stopMode.restartDeadline", "is not a duration"),
        (#""keep": 2"#, #""keep": 0"#, "regions[0].fleets[0].retention.keep", "from 1 to 100"),
        (#""port": 9090"#, #""port": 70000"#, "http.port", "from 0 to 65535"),
        (#""regionId": "cn-hangzhou","#, "", "regions[0].regionId", "missing"),
        (#""name": "pinned""#, #""name": "batch""#, "regions[0].fleets", "two fleets are named batch"),
        (#""eventTokenFile": "/run/secrets/event-token""#, #""eventTokenFile": "/nowhere""#, "eventTokenFile", "cannot read"),
        (#""backstopInterval": "2m""#, #""backstopInterval": "2m", "reconcileInterval": "often""#, "reconcileInterval", "is not a duration"),
        (#""backstopInterval": "2m""#, #""backstopInterval": "2m", "maximumPendingEvents": 0"#, "maximumPendingEvents", "from 1 to 100000"),
        (#""backstopInterval": "2m""#, #""backstopInterval": "2m", "stateDirectory": "  ""#, "stateDirectory", "non-empty string"),
        (#""retention": {"keep": 2}"#, #""retention": {"keep": 2}, "launchTemplate": {"version": 2}"#, "regions[0].fleets[0].launchTemplate", "id or its name"),
        (#""retention": {"keep": 2}"#, #""retention": {"keep": 2}, "launchTemplate": {"id": "lt-1", "name": "w"}"#, "regions[0].fleets[0].launchTemplate", "not both"),
        (#""retention": {"keep": 2}"#, #""retention": {"keep": 2}, "launchTemplate": {"name": "w", "versoin": 2}"#, "regions[0].fleets[0].launchTemplate.versoin", "unknown key"),
    ])
    func badConfiguration(original: String, replacement: String, key: String, message: String) throws {
        let document = edited(original, with: replacement)
        #expect(document != Self.valid, "the edit applies")
        let found = problems(document)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.key == key, "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test("A secret written into the file is refused, and its value is never repeated")
    func secretsRefused() {
        for key in ["eventToken", "accessKeySecret", "AccessKeyId"] {
            let document = edited(#""pollInterval": "5s""#, with: #""pollInterval": "5s", "\#(key)": "s3cr3t-value-never-shown""#)
            let found = problems(document)
            #expect(found.map(\.key) == [key])
            #expect(found.first?.message.contains("secrets are not read from the configuration file") == true)
            #expect(!"\(found)".contains("s3cr3t-value-never-shown"))
        }
    }

    @Test("Several problems are all reported in one go")
    func everyProblemAtOnce() {
        let document = edited(#""pollInterval": "5s""#, with: #""pollInterval": "often", "colour": "blue""#)
            .replacingOccurrences(of: #", "vSwitchId": "vsw-j""#, with: "")
        let found = problems(document)
        #expect(Set(found.map(\.key)) == ["pollInterval", "colour", "regions[0].fleets[0].placement.zones[0]"])
        #expect(ConfigurationError(problems: found).description.split(separator: "\n").count == 3, "one line per problem")
    }

    @Test("Not JSON, no regions, an empty fleet list: each named")
    func structuralProblems() {
        #expect(problems("regions:\n  - cn-hangzhou").map(\.key) == ["configuration"])
        #expect(problems("{}").map(\.key) == ["regions"])
        // Found by the guardianconfig fuzzer: `[]` gave a second problem, with an empty key.
        #expect(problems("[]") == [ConfigurationProblem(key: "configuration", message: "expected a JSON object")])
        #expect(problems(#""text""#).map(\.key) == ["configuration"])
        #expect(problems(#"{"regions": [{"regionId": "cn-hangzhou", "fleets": []}]}"#).map(\.key) == ["regions[0].fleets"])
        #expect(problems(#"{"regions": [{"regionId": "a", "fleets": [{"name": "f", "selector": {"instanceIds": ["i-1"]}}]}, {"regionId": "a", "fleets": [{"name": "g", "selector": {"instanceIds": ["i-2"]}}]}]}"#).map(\.key) == ["regions[1].regionId"])
    }

    /// A fuzz finding (`Tests/Fixtures/fuzz-regressions/guardianconfig-*`), replayed.
    static func fuzzFinding(_ name: String) throws -> String {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: folder.appendingPathComponent("Fixtures/fuzz-regressions/\(name)"), encoding: .utf8)
    }

    @Test("A key with a line break or a control character is reported on one line, escaped")
    func keyWithLineBreak() throws {
        // Found by the guardianconfig fuzzer: a key `backstop\nterval` printed a problem over two lines.
        let found = problems(try Self.fuzzFinding("guardianconfig-key-with-line-break"))
        #expect(found.map(\.key) == [#"backstop\nterval"#, #"poll\u{2028}Interval"#])
        let printed = ConfigurationError(problems: found).description
        #expect(printed.split(whereSeparator: \.isNewline).count == 2, "one line per problem: \(printed.debugDescription)")
        #expect(ConfigurationProblem(key: "a\u{7}b", message: "x\r\ny").description == #"a\u{7}b: x\r\ny"#)
    }

    @Test("An empty key is named, not reported against nothing")
    func emptyKey() throws {
        // Found by the guardianconfig fuzzer: `{"": …}` at the top gave a problem with an empty key.
        let found = problems(try Self.fuzzFinding("guardianconfig-empty-key"))
        #expect(found.contains { $0.key == #""""# && $0.message.hasPrefix("unknown key") })
        #expect(found.allSatisfy { !$0.key.isEmpty })
        #expect(problems(#"{"regions": [{"regionId": "a", "": 1, "fleets": [{"name": "f", "selector": {"instanceIds": ["i-1"]}}]}]}"#)
            .map(\.key) == [#"regions[0]."""#])
    }

    @Test("The environment overrides the file, flags override the environment; the token may come from the environment")
    func overrides() throws {
        let environment = [
            "SPOT_GUARDIAN_HTTP_PORT": "7000", "SPOT_GUARDIAN_HTTP_ADDRESS": "127.0.0.1", "SPOT_GUARDIAN_POLL_INTERVAL": "10s",
            "SPOT_GUARDIAN_EVENT_TOKEN": "environment-token-0123456789", "SPOT_GUARDIAN_DRY_RUN": "true",
        ]
        let fromEnvironment = try loader(environment).load(json: Data(Self.valid.utf8))
        #expect(fromEnvironment.http == HTTPConfiguration(address: "127.0.0.1", port: 7000))
        #expect(fromEnvironment.pollInterval == .seconds(10))
        #expect(fromEnvironment.dryRun)
        #expect(fromEnvironment.eventToken?.matches(Array("environment-token-0123456789".utf8)) == true)

        let fromFlags = try loader(environment).load(json: Data(Self.valid.utf8), overrides: .init(address: "::1", port: 0))
        #expect(fromFlags.http == HTTPConfiguration(address: "::1", port: 0))

        #expect(problems(Self.valid, environment: ["SPOT_GUARDIAN_HTTP_PORT": "eighty"]).map(\.key) == ["SPOT_GUARDIAN_HTTP_PORT"])
        #expect(problems(Self.valid, environment: ["SPOT_GUARDIAN_EVENT_TOKEN": "short"]).map(\.key) == ["SPOT_GUARDIAN_EVENT_TOKEN"])
        #expect(problems(Self.valid, environment: ["SPOT_GUARDIAN_BACKSTOP_INTERVAL": "never"]).map(\.key) == ["SPOT_GUARDIAN_BACKSTOP_INTERVAL"])
    }

    @Test("--check-config: one line and status 0 when valid; one line per problem and status 1 otherwise; a missing file is named")
    func checkConfig() {
        let files = ["/etc/good.json": Self.valid, "/etc/bad.json": edited(#""pollInterval": "5s""#, with: #""pollInterval": "x", "y": 1"#),
                     "/run/secrets/event-token": Self.token]
        let good = ConfigurationCheck(path: "/etc/good.json", loader: loader(files: files))
        #expect(good.exitStatus == 0)
        #expect(good.lines == ["/etc/good.json: valid (1 region(s), 2 fleet(s))"])

        let bad = ConfigurationCheck(path: "/etc/bad.json", loader: loader(files: files))
        #expect(bad.exitStatus == 1)
        #expect(bad.lines.count == 2)
        #expect(bad.lines.contains { $0.hasPrefix("pollInterval: ") })
        #expect(bad.lines.contains { $0.hasPrefix("y: unknown key") })

        let missing = ConfigurationCheck(path: "/etc/missing.json", loader: loader(files: files))
        #expect(missing.exitStatus == 1)
        #expect(missing.lines == ["/etc/missing.json: no configuration file here"])
    }

    @Test("The event token never shows in descriptions and is matched exactly")
    func eventToken() throws {
        let token = try #require(EventToken("  exactly-this-token-please \n"))
        #expect("\(token)" == "<redacted>")
        #expect(String(reflecting: token).contains("exactly") == false)
        #expect(token.matches(Array("exactly-this-token-please".utf8)))
        #expect(!token.matches(Array("exactly-this-token-pleasE".utf8)))
        #expect(!token.matches(Array("exactly-this-token-pleas".utf8)))
        #expect(!token.matches(Array("exactly-this-token-please!".utf8)))
        #expect(!token.matches([UInt8]()))
        #expect(EventToken("too-short") == nil)
    }

    @Test("The example configuration in the documentation is valid")
    func documentedExample() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Documentation/spot-guardian.example.json").path
        let check = ConfigurationCheck(path: path, loader: GuardianConfigurationLoader(environment: ["SPOT_GUARDIAN_EVENT_TOKEN": Self.token]))
        #expect(check.isValid, "\(check.lines)")
    }
}
