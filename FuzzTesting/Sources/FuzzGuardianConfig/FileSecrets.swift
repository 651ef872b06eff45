import Foundation
import FuzzSupport

/// The secrets a configuration file holds where it must not (values under a secret key), as Foundation
/// reads the file (the loader reads it with Foundation too), and every other text of the file.
struct FileSecrets {
    /// The keys the documentation names as secrets, compared in lower case.
    static let secretKeys: Set<String> = ["eventtoken", "token", "accesskeyid", "accesskeysecret", "securitytoken", "password", "secret"]

    /// Every fixed text of the loader's problems: a "secret" that is part of them proves nothing.
    static let wording = """
        configuration spot-guardian.json: not valid JSON; expected a JSON object; expected an object; \
        secrets are not read from the configuration file; set SPOT_GUARDIAN_EVENT_TOKEN or eventTokenFile for the \
        event token, and use the standard credential chain (environment, CLI profile, RAM role) for access keys; \
        unknown key (allowed here: backstopInterval, dryRun, eventTokenFile, http, maximumConcurrentRecoveries, \
        pollInterval, regions, shutdownGracePeriod) (allowed here: address, idleTimeout, maximumBodySize, port) \
        (allowed here: endpoint, fleets, regionId) (allowed here: checkpoints, name, placement, retention, selector, \
        stopMode) (allowed here: restartDeadline, restartInPlace, stopTimeout) (allowed here: interval) \
        (allowed here: keep) (allowed here: instanceIds, tag) (allowed here: key, value) (allowed here: cacheLifetime, \
        instanceTypes, interruptedCooldown, interruptionPenalty, maximumHourlyPrice, noStockCooldown, requirements, \
        zones) (allowed here: vSwitchId, zoneId) (allowed here: cores, families, memoryGiB); \
        expected a non-empty string; expected a whole number from 0 to 65535; from 1024 to 16777216; from 1 to 1000; \
        from 1 to 100; from 1 to 1024; expected a number, 0 or more; expected true or false; is not a duration \
        (use 30s, 5m, 1h30m or a number of seconds); is longer than a year; expected a non-empty list of strings; \
        expected a list; at least one region is needed; is listed twice; give each region once, with all its fleets; \
        missing: at least one region with its fleets is needed; regions; http.address http.port http.maximumBodySize \
        http.idleTimeout pollInterval backstopInterval shutdownGracePeriod maximumConcurrentRecoveries dryRun \
        eventTokenFile; SPOT_GUARDIAN_HTTP_PORT: expected a port number from 0 to 65535; SPOT_GUARDIAN_POLL_INTERVAL \
        SPOT_GUARDIAN_BACKSTOP_INTERVAL SPOT_GUARDIAN_SHUTDOWN_GRACE_PERIOD --port SPOT_GUARDIAN_EVENT_TOKEN: \
        the event token must be at least 16 characters; cannot read an event token of at least 16 characters from; \
        regionId endpoint fleets: at least one fleet is needed; missing: at least one fleet is needed; \
        two fleets are named; name selector placement stopMode.restartInPlace stopMode.stopTimeout \
        stopMode.restartDeadline checkpoints.interval retention.keep; a fleet needs a selector: \
        {"tag": {"key": …, "value": …}} or {"instanceIds": […]}; tag.key tag.value instanceIds; \
        a fleet needs a selector: tag or instanceIds; give either tag or instanceIds, not both; \
        zones zoneId vSwitchId: a zone needs its vSwitchId; at least one zone with its vSwitchId is needed; \
        instanceTypes requirements.cores requirements.memoryGiB requirements.families requirements: \
        needs cores and memoryGiB; give instanceTypes or requirements; give either instanceTypes or requirements, \
        not both; maximumHourlyPrice interruptionPenalty interruptedCooldown noStockCooldown cacheLifetime
        """

    /// Secret-looking values under secret keys: eight characters or more, without the brackets of key paths.
    private(set) var values: [String] = []
    /// Every other text of the file: keys, values outside secret keys, numbers as the loader writes them.
    private var others: [String] = []

    init(_ file: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: file, options: [.fragmentsAllowed]) else { return }
        walk(object, underSecretKey: false)
        values = values.filter { $0.count >= 8 && !$0.containsBytes(of: "[") && !$0.containsBytes(of: "]") && !Self.wording.containsBytes(of: $0) }
    }

    /// Whether `secret` is also part of the file's other texts or of a setting (where a problem may name it).
    func elsewhere(_ secret: String, setting: Setting) -> Bool {
        others.contains { $0.containsBytes(of: secret) }
            || setting.environment.contains { $0.key.containsBytes(of: secret) || (!setting.secrets.contains($0.value) && $0.value.containsBytes(of: secret)) }
            || Setting.tokenFilePath.containsBytes(of: secret) || Self.wording.containsBytes(of: secret)
    }

    private mutating func walk(_ value: Any, underSecretKey: Bool) {
        switch value {
        case let object as [String: Any]:
            for (key, element) in object {
                others.append(key)
                walk(element, underSecretKey: underSecretKey || Self.secretKeys.contains(key.lowercased()))
            }
        case let list as [Any]:
            for element in list { walk(element, underSecretKey: underSecretKey) }
        case let text as String:
            if underSecretKey { values.append(text) } else { others.append(text) }
        case let number as NSNumber:
            others.append("\(number)")
        default:
            break
        }
    }
}
