import AliyunECS
import AliyunMNS
import Foundation
import SpotRecovery

/// Reads spot-guardian's configuration: a JSON file, then `SPOT_GUARDIAN_*` environment overrides, then
/// command-line flags, validated at once with one problem per line, each naming its key.
///
/// Hand-written rather than a generic configuration library because the promise is precise: every unknown
/// key, bad duration, fleet without a selector or zone without a vSwitch is reported by its path, all in one
/// go, and a secret written into the file is refused (secrets come from the environment or a file path only).
///
/// ```json
/// {
///   "regions": [{"regionId": "cn-hangzhou", "fleets": [{
///     "name": "batch", "selector": {"tag": {"key": "team", "value": "batch"}},
///     "placement": {"zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-…"}], "instanceTypes": ["ecs.g7.large"]},
///     "checkpoints": {"interval": "1h"}, "retention": {"keep": 2}
///   }]}],
///   "http": {"address": "0.0.0.0", "port": 8787},
///   "eventTokenFile": "/etc/spot-guardian/event-token"
/// }
/// ```
public struct GuardianConfigurationLoader: Sendable {
    /// Values given on the command line, which win over the file and the environment.
    public struct Overrides: Sendable {
        /// `--address`.
        public var address: String?
        /// `--port`.
        public var port: Int?
        /// `--dry-run`.
        public var dryRun: Bool?

        /// Creates overrides.
        public init(address: String? = nil, port: Int? = nil, dryRun: Bool? = nil) {
            self.address = address
            self.port = port
            self.dryRun = dryRun
        }
    }

    /// The environment variables read (`SPOT_GUARDIAN_*`).
    public let environment: [String: String]
    private let readFile: @Sendable (String) -> Data?

    /// Creates a loader over the process environment and file system, or over given ones (tests).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: @escaping @Sendable (String) -> Data? = { FileManager.default.contents(atPath: $0) }
    ) {
        self.environment = environment
        self.readFile = readFile
    }

    /// Loads and validates the file at `path`.
    /// - Throws: ``ConfigurationError`` listing every problem.
    public func load(path: String, overrides: Overrides = Overrides()) throws(ConfigurationError) -> GuardianConfiguration {
        guard let data = readFile(path) else {
            throw ConfigurationError(problems: [ConfigurationProblem(key: path, message: "no configuration file here")])
        }
        return try load(json: data, source: path, overrides: overrides)
    }

    /// Loads and validates a JSON document.
    /// - Throws: ``ConfigurationError`` listing every problem.
    public func load(json data: Data, source: String = "configuration", overrides: Overrides = Overrides()) throws(ConfigurationError) -> GuardianConfiguration {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigurationError(problems: [ConfigurationProblem(key: source, message: "not valid JSON")])
        }
        var reader = ConfigurationReader()
        let configuration = reader.root(object, environment: environment, readFile: readFile, overrides: overrides)
        if let configuration, reader.problems.isEmpty { return configuration }
        throw ConfigurationError(problems: reader.problems)
    }
}

/// Walks the JSON, collecting problems instead of stopping at the first.
struct ConfigurationReader {
    private(set) var problems: [ConfigurationProblem] = []

    /// Keys that hold secrets: refused in the file wherever they appear.
    static let secretKeys: Set<String> = ["eventtoken", "token", "accesskeyid", "accesskeysecret", "securitytoken", "password", "secret"]

    mutating func problem(_ key: String, _ message: String) {
        problems.append(ConfigurationProblem(key: key, message: message))
    }

    /// The object at `key`, with its unknown keys (and secrets) reported.
    mutating func object(_ value: Any?, _ key: String, allowed: Set<String>) -> [String: Any]? {
        guard let value else { return nil }
        guard let object = value as? [String: Any] else {
            problem(key, "expected an object")
            return nil
        }
        for name in object.keys.sorted() where !allowed.contains(name) {
            // An empty key is still named, so that the problem says where it is.
            let shown = name.isEmpty ? #""""# : name
            let path = key.isEmpty ? shown : "\(key).\(shown)"
            if Self.secretKeys.contains(name.lowercased()) {
                problem(path, "secrets are not read from the configuration file; set SPOT_GUARDIAN_EVENT_TOKEN or eventTokenFile for the event token, and use the standard credential chain (environment, CLI profile, RAM role) for access keys")
            } else {
                problem(path, "unknown key (allowed here: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
        return object
    }

    mutating func string(_ value: Any?, _ key: String) -> String? {
        guard let value else { return nil }
        guard let text = value as? String, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            problem(key, "expected a non-empty string")
            return nil
        }
        return text
    }

    mutating func integer(_ value: Any?, _ key: String, range: ClosedRange<Int>) -> Int? {
        guard let value else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
              let integer = Int(exactly: number.doubleValue), range.contains(integer) else {
            problem(key, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return integer
    }

    mutating func number(_ value: Any?, _ key: String) -> Double? {
        guard let value else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c", number.doubleValue >= 0 else {
            problem(key, "expected a number, 0 or more")
            return nil
        }
        return number.doubleValue
    }

    mutating func bool(_ value: Any?, _ key: String) -> Bool? {
        guard let value else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else {
            problem(key, "expected true or false")
            return nil
        }
        return number.boolValue
    }

    mutating func duration(_ value: Any?, _ key: String) -> Duration? {
        guard let value else { return nil }
        let text = (value as? String) ?? (value as? NSNumber).map { "\($0)" } ?? ""
        guard let duration = DurationText.parse(text), duration > .zero else {
            problem(key, "\"\(text)\" is not a duration (use 30s, 5m, 1h30m or a number of seconds)")
            return nil
        }
        guard duration <= .seconds(366 * 86_400) else {
            problem(key, "\"\(text)\" is longer than a year")
            return nil
        }
        return duration
    }

    mutating func strings(_ value: Any?, _ key: String) -> [String]? {
        guard let value else { return nil }
        guard let list = value as? [Any], !list.isEmpty else {
            problem(key, "expected a non-empty list of strings")
            return nil
        }
        return list.enumerated().compactMap { index, item in string(item, "\(key)[\(index)]") }
    }

    mutating func list(_ value: Any?, _ key: String) -> [Any]? {
        guard let value else { return nil }
        guard let list = value as? [Any] else {
            problem(key, "expected a list")
            return nil
        }
        return list
    }

    // MARK: The schema

    mutating func root(
        _ value: Any, environment: [String: String], readFile: (String) -> Data?, overrides: GuardianConfigurationLoader.Overrides
    ) -> GuardianConfiguration? {
        // Checked here, so that a document that is not an object is one problem, named for the whole file.
        guard value is [String: Any], let root = object(value, "", allowed: [
            "regions", "http", "pollInterval", "backstopInterval", "shutdownGracePeriod", "maximumConcurrentRecoveries",
            "eventTokenFile", "dryRun", "stateDirectory", "reconcileInterval", "reconcileWindow", "maximumPendingEvents",
        ]) else {
            problem("configuration", "expected a JSON object")
            return nil
        }
        var regions: [RegionConfiguration] = []
        if let list = list(root["regions"], "regions") {
            if list.isEmpty { problem("regions", "at least one region is needed") }
            for (index, item) in list.enumerated() {
                guard let region = region(item, "regions[\(index)]") else { continue }
                if regions.contains(where: { $0.regionId == region.regionId }) {
                    problem("regions[\(index)].regionId", "\(region.regionId) is listed twice; give each region once, with all its fleets")
                }
                regions.append(region)
            }
        } else if root["regions"] == nil {
            problem("regions", "missing: at least one region with its fleets is needed")
        }
        var http = HTTPConfiguration()
        if let object = object(root["http"], "http", allowed: ["address", "port", "maximumBodySize", "idleTimeout"]) {
            http.address = string(object["address"], "http.address") ?? http.address
            http.port = integer(object["port"], "http.port", range: 0...65535) ?? http.port
            http.maximumBodySize = integer(object["maximumBodySize"], "http.maximumBodySize", range: 1024...(16 << 20)) ?? http.maximumBodySize
            http.idleTimeout = duration(object["idleTimeout"], "http.idleTimeout") ?? http.idleTimeout
        }
        var configuration = GuardianConfiguration(regions: regions, http: http)
        configuration.pollInterval = duration(root["pollInterval"], "pollInterval") ?? configuration.pollInterval
        configuration.backstopInterval = duration(root["backstopInterval"], "backstopInterval") ?? configuration.backstopInterval
        configuration.shutdownGracePeriod = duration(root["shutdownGracePeriod"], "shutdownGracePeriod") ?? configuration.shutdownGracePeriod
        configuration.maximumConcurrentRecoveries = integer(root["maximumConcurrentRecoveries"], "maximumConcurrentRecoveries", range: 1...1000)
            ?? configuration.maximumConcurrentRecoveries
        configuration.dryRun = bool(root["dryRun"], "dryRun") ?? false
        configuration.reconcileInterval = duration(root["reconcileInterval"], "reconcileInterval") ?? configuration.reconcileInterval
        configuration.reconcileWindow = duration(root["reconcileWindow"], "reconcileWindow") ?? configuration.reconcileWindow
        configuration.stateDirectory = string(root["stateDirectory"], "stateDirectory")
        configuration.maximumPendingEvents = integer(root["maximumPendingEvents"], "maximumPendingEvents", range: 1...100_000)
            ?? configuration.maximumPendingEvents
        var tokenFile = string(root["eventTokenFile"], "eventTokenFile")

        // Environment overrides.
        func variable(_ name: String) -> String? {
            guard let value = environment["SPOT_GUARDIAN_" + name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        if let address = variable("HTTP_ADDRESS") { configuration.http.address = address }
        if let port = variable("HTTP_PORT") {
            if let parsed = Int(port), (0...65535).contains(parsed) { configuration.http.port = parsed } else {
                problem("SPOT_GUARDIAN_HTTP_PORT", "expected a port number from 0 to 65535")
            }
        }
        for (name, path) in [("POLL_INTERVAL", \GuardianConfiguration.pollInterval), ("BACKSTOP_INTERVAL", \.backstopInterval),
                             ("SHUTDOWN_GRACE_PERIOD", \.shutdownGracePeriod), ("RECONCILE_INTERVAL", \.reconcileInterval)] {
            if let text = variable(name), let parsed = duration(text, "SPOT_GUARDIAN_" + name) { configuration[keyPath: path] = parsed }
        }
        if let dryRun = variable("DRY_RUN") { configuration.dryRun = ["1", "true", "yes"].contains(dryRun.lowercased()) }
        if let file = variable("EVENT_TOKEN_FILE") { tokenFile = file }
        if let directory = variable("STATE_DIRECTORY") { configuration.stateDirectory = directory }

        // Flags.
        if let address = overrides.address { configuration.http.address = address }
        if let port = overrides.port {
            if (0...65535).contains(port) { configuration.http.port = port } else { problem("--port", "expected a port number from 0 to 65535") }
        }
        if let dryRun = overrides.dryRun, dryRun { configuration.dryRun = true }

        // The event token: the environment, else the file named (never the configuration itself).
        if let text = environment["SPOT_GUARDIAN_EVENT_TOKEN"], !text.isEmpty {
            guard let token = EventToken(text) else {
                problem("SPOT_GUARDIAN_EVENT_TOKEN", "the event token must be at least 16 characters")
                return nil
            }
            configuration.eventToken = token
        } else if let tokenFile {
            if let data = readFile(tokenFile), let token = EventToken(String(decoding: data, as: UTF8.self)) {
                configuration.eventToken = token
            } else {
                problem("eventTokenFile", "cannot read an event token of at least 16 characters from \(tokenFile)")
            }
        }
        return configuration
    }

    mutating func region(_ value: Any, _ key: String) -> RegionConfiguration? {
        guard let object = object(value, key, allowed: ["regionId", "endpoint", "fleets", "eventQueue"]) else { return nil }
        let regionId = string(object["regionId"], "\(key).regionId")
        if object["regionId"] == nil { problem("\(key).regionId", "missing") }
        let endpoint = string(object["endpoint"], "\(key).endpoint")
        let eventQueue = eventQueue(object["eventQueue"], "\(key).eventQueue")
        var fleets: [FleetConfiguration] = []
        if let list = list(object["fleets"], "\(key).fleets") {
            if list.isEmpty { problem("\(key).fleets", "at least one fleet is needed") }
            for (index, item) in list.enumerated() {
                if let fleet = fleet(item, "\(key).fleets[\(index)]") { fleets.append(fleet) }
            }
        } else if object["fleets"] == nil {
            problem("\(key).fleets", "missing: at least one fleet is needed")
        }
        let names = fleets.map(\.name)
        for name in Set(names) where names.filter({ $0 == name }).count > 1 {
            problem("\(key).fleets", "two fleets are named \(name)")
        }
        guard let regionId else { return nil }
        return RegionConfiguration(regionId: regionId, endpoint: endpoint, fleets: fleets, eventQueue: eventQueue)
    }

    mutating func eventQueue(_ value: Any?, _ key: String) -> EventQueueConfiguration? {
        guard let object = object(value, key, allowed: ["endpoint", "queue", "waitSeconds", "visibilityTimeout", "maximumDequeues"]) else {
            return nil
        }
        var endpoint = string(object["endpoint"], "\(key).endpoint")
        if object["endpoint"] == nil { problem("\(key).endpoint", "missing: the account's MNS endpoint, e.g. https://<account-id>.mns.<region>.aliyuncs.com") }
        if let text = endpoint, (try? MNSEndpoint(text)) == nil {
            problem("\(key).endpoint", "expected an http(s) URL without a path, e.g. https://<account-id>.mns.<region>.aliyuncs.com")
            endpoint = nil
        }
        var queue = string(object["queue"], "\(key).queue")
        if object["queue"] == nil { problem("\(key).queue", "missing: the queue's name") }
        if let name = queue, !MNSQueueClient.isValidQueueName(name) {
            problem("\(key).queue", "a queue name is a letter followed by letters, digits or hyphens, at most 120 characters")
            queue = nil
        }
        let range = EventQueueConfiguration.waitSecondsRange
        let waitSeconds = integer(object["waitSeconds"], "\(key).waitSeconds", range: range)
        var visibilityTimeout = duration(object["visibilityTimeout"], "\(key).visibilityTimeout")
        if let timeout = visibilityTimeout, !EventQueueConfiguration.visibilityTimeoutRange.contains(timeout) {
            problem("\(key).visibilityTimeout", "expected a duration from 1s to 12h, as MNS allows")
            visibilityTimeout = nil
        }
        let maximumDequeues = integer(object["maximumDequeues"], "\(key).maximumDequeues", range: 1...1000)
        guard let endpoint, let queue else { return nil }
        var configuration = EventQueueConfiguration(endpoint: endpoint, queue: queue)
        configuration.waitSeconds = waitSeconds ?? configuration.waitSeconds
        configuration.visibilityTimeout = visibilityTimeout ?? configuration.visibilityTimeout
        configuration.maximumDequeues = maximumDequeues ?? configuration.maximumDequeues
        return configuration
    }

    mutating func fleet(_ value: Any, _ key: String) -> FleetConfiguration? {
        guard let object = object(value, key, allowed: [
            "name", "selector", "placement", "stopMode", "checkpoints", "retention", "launchTemplate",
        ]) else { return nil }
        let name = string(object["name"], "\(key).name")
        if object["name"] == nil { problem("\(key).name", "missing") }
        let selector = selector(object["selector"], "\(key).selector")
        let placement = placement(object["placement"], "\(key).placement")
        var stopMode = StopModeOptions()
        if let mode = self.object(object["stopMode"], "\(key).stopMode", allowed: ["restartInPlace", "stopTimeout", "restartDeadline"]) {
            stopMode.restartInPlace = bool(mode["restartInPlace"], "\(key).stopMode.restartInPlace") ?? stopMode.restartInPlace
            stopMode.stopTimeout = duration(mode["stopTimeout"], "\(key).stopMode.stopTimeout") ?? stopMode.stopTimeout
            stopMode.restartDeadline = duration(mode["restartDeadline"], "\(key).stopMode.restartDeadline") ?? stopMode.restartDeadline
        }
        var checkpointInterval: Duration?
        if let checkpoints = self.object(object["checkpoints"], "\(key).checkpoints", allowed: ["interval"]) {
            checkpointInterval = duration(checkpoints["interval"], "\(key).checkpoints.interval")
            if checkpoints["interval"] == nil { problem("\(key).checkpoints.interval", "missing") }
        }
        var retention: RetentionPolicy?
        if let object = self.object(object["retention"], "\(key).retention", allowed: ["keep"]) {
            retention = integer(object["keep"], "\(key).retention.keep", range: 1...100).map(RetentionPolicy.init(keep:))
            if object["keep"] == nil { problem("\(key).retention.keep", "missing") }
        }
        let launchTemplate = launchTemplate(object["launchTemplate"], "\(key).launchTemplate")
        guard let name, let selector else { return nil }
        return FleetConfiguration(
            name: name, selector: selector, placement: placement, stopMode: stopMode, checkpointInterval: checkpointInterval,
            retention: retention, launchTemplate: launchTemplate)
    }

    /// `{"id": "lt-…"}` or `{"name": "…"}`, with an optional `version` (the default version otherwise).
    mutating func launchTemplate(_ value: Any?, _ key: String) -> LaunchTemplateReference? {
        guard let object = object(value, key, allowed: ["id", "name", "version"]) else { return nil }
        let id = string(object["id"], "\(key).id")
        let name = string(object["name"], "\(key).name")
        let version = integer(object["version"], "\(key).version", range: 1...Int(Int32.max))
        switch (id, name) {
        case (let id?, nil): return .id(id, version: version)
        case (nil, let name?): return .named(name, version: version)
        case (nil, nil):
            if object["id"] == nil, object["name"] == nil { problem(key, "give the template's id or its name") }
        default:
            problem(key, "give either id or name, not both")
        }
        return nil
    }

    mutating func selector(_ value: Any?, _ key: String) -> WatchTarget? {
        guard let value else {
            problem(key, "a fleet needs a selector: {\"tag\": {\"key\": …, \"value\": …}} or {\"instanceIds\": […]}")
            return nil
        }
        guard let object = object(value, key, allowed: ["tag", "instanceIds"]) else { return nil }
        switch (object["tag"], object["instanceIds"]) {
        case (let tag?, nil):
            guard let tag = self.object(tag, "\(key).tag", allowed: ["key", "value"]),
                  let tagKey = string(tag["key"], "\(key).tag.key") else {
                if (object["tag"] as? [String: Any])?["key"] == nil { problem("\(key).tag.key", "missing") }
                return nil
            }
            return .tagged(key: tagKey, value: string(tag["value"], "\(key).tag.value"))
        case (nil, let ids?):
            return strings(ids, "\(key).instanceIds").map(WatchTarget.instances)
        case (nil, nil):
            problem(key, "a fleet needs a selector: tag or instanceIds")
        default:
            problem(key, "give either tag or instanceIds, not both")
        }
        return nil
    }

    mutating func placement(_ value: Any?, _ key: String) -> PlacementPolicy? {
        guard let object = object(value, key, allowed: [
            "zones", "instanceTypes", "requirements", "maximumHourlyPrice", "interruptionPenalty", "interruptedCooldown",
            "noStockCooldown", "cacheLifetime",
        ]) else { return nil }
        var zones: [Placement] = []
        if let list = list(object["zones"], "\(key).zones"), !list.isEmpty {
            for (index, item) in list.enumerated() {
                let zoneKey = "\(key).zones[\(index)]"
                guard let zone = self.object(item, zoneKey, allowed: ["zoneId", "vSwitchId"]) else { continue }
                let zoneId = string(zone["zoneId"], "\(zoneKey).zoneId")
                if zone["zoneId"] == nil { problem("\(zoneKey).zoneId", "missing") }
                let vSwitchId = string(zone["vSwitchId"], "\(zoneKey).vSwitchId")
                if zone["vSwitchId"] == nil { problem(zoneKey, "a zone needs its vSwitchId") }
                if let zoneId, let vSwitchId { zones.append(Placement(zoneId: zoneId, vSwitchId: vSwitchId)) }
            }
        } else {
            problem("\(key).zones", "at least one zone with its vSwitchId is needed")
        }
        var types: InstanceTypeSelection?
        switch (object["instanceTypes"], object["requirements"]) {
        case (let list?, nil):
            types = strings(list, "\(key).instanceTypes").map(InstanceTypeSelection.types)
        case (nil, let requirements?):
            if let requirements = self.object(requirements, "\(key).requirements", allowed: ["cores", "memoryGiB", "families"]) {
                let cores = integer(requirements["cores"], "\(key).requirements.cores", range: 1...1024)
                let memory = number(requirements["memoryGiB"], "\(key).requirements.memoryGiB")
                let families = requirements["families"] == nil ? [] : (strings(requirements["families"], "\(key).requirements.families") ?? [])
                if let cores, let memory {
                    types = .requirements(cores: cores, memoryGiB: memory, families: families)
                } else {
                    problem("\(key).requirements", "needs cores and memoryGiB")
                }
            }
        case (nil, nil):
            problem(key, "give instanceTypes or requirements")
        default:
            problem(key, "give either instanceTypes or requirements, not both")
        }
        var policy = PlacementPolicy(placements: zones, instanceTypes: types ?? .types([]))
        policy.maximumHourlyPrice = number(object["maximumHourlyPrice"], "\(key).maximumHourlyPrice")
        policy.interruptionPenalty = number(object["interruptionPenalty"], "\(key).interruptionPenalty") ?? policy.interruptionPenalty
        policy.interruptedCooldown = duration(object["interruptedCooldown"], "\(key).interruptedCooldown") ?? policy.interruptedCooldown
        policy.noStockCooldown = duration(object["noStockCooldown"], "\(key).noStockCooldown") ?? policy.noStockCooldown
        policy.cacheLifetime = duration(object["cacheLifetime"], "\(key).cacheLifetime") ?? policy.cacheLifetime
        return types == nil || zones.isEmpty ? nil : policy
    }
}
