import Foundation
import FuzzSupport
import SpotGuardian

/// libFuzzer entry point for spot-guardian's configuration file: `GuardianConfigurationLoader.load(json:)`,
/// with an injected environment and `readFile` (see `Setting`), three times: with no environment, with
/// valid overrides and an event token, and with overrides that are all wrong.
///
/// For each input and setting it checks, and stops the fuzzer with a message naming the difference when
/// one fails:
/// - the loader never crashes, and gives a configuration or a `ConfigurationError` (its signature says so)
///   with at least one problem, each naming a non-empty key and saying something, on one line (the
///   `--check-config` output is one problem per line);
/// - no problem quotes a secret: a value of eight characters or more under a secret key of the file
///   (`eventToken`, `token`, `accessKeyId`, `accessKeySecret`, `securityToken`, `password`, `secret`, in any
///   case, at any depth), the environment's event token, or the token file's content (unless the same text
///   is also somewhere else in the file, or part of the loader's fixed wording);
/// - a configuration has at least one region, each with at least one fleet, and its port and limits
///   within their documented ranges.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGuardianConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = size == 0 ? Data() : Data(bytes: UnsafeRawPointer(data.unsafelyUnwrapped), count: size)
    let secrets = FileSecrets(file)
    for setting in Setting.all {
        let loader = GuardianConfigurationLoader(environment: setting.environment, readFile: Setting.readFile)
        let outcome: Result<GuardianConfiguration, ConfigurationError>
        do {
            outcome = .success(try loader.load(json: file, source: "spot-guardian.json", overrides: setting.overrides))
        } catch {
            outcome = .failure(error)
        }
        ConfigurationChecks.check(outcome, file, setting: setting, secrets: secrets)
    }
    return 0
}

/// Stops the fuzzer: libFuzzer saves the input as a reproducer.
func mismatch(_ message: String, _ file: Data, setting: Setting) -> Never {
    let shown = String(decoding: file.prefix(600), as: UTF8.self).debugDescription
    fatalError("FuzzGuardianConfig mismatch (\(setting.name)): \(message)\nfile (\(file.count) bytes): \(shown)")
}

enum ConfigurationChecks {
    static func check(_ outcome: Result<GuardianConfiguration, ConfigurationError>, _ file: Data, setting: Setting, secrets: FileSecrets) {
        switch outcome {
        case .success(let configuration):
            guard !configuration.regions.isEmpty, configuration.regions.allSatisfy({ !$0.fleets.isEmpty }) else {
                mismatch("a configuration without a region, or a region without a fleet", file, setting: setting)
            }
            guard (0...65535).contains(configuration.http.port), (1...1000).contains(configuration.maximumConcurrentRecoveries),
                  (1024...(16 << 20)).contains(configuration.http.maximumBodySize) else {
                mismatch("a configuration with a port or a limit out of its range: \(configuration.http)", file, setting: setting)
            }
        case .failure(let error):
            guard !error.problems.isEmpty else { mismatch("a ConfigurationError without a problem", file, setting: setting) }
            for problem in error.problems {
                guard !problem.key.isEmpty else { mismatch("a problem without a key: \(problem.message)", file, setting: setting) }
                guard !problem.message.isEmpty else { mismatch("a problem without a message: \(problem.key)", file, setting: setting) }
                guard !problem.description.contains(where: \.isNewline) else {
                    mismatch("a problem that takes more than one line: \(problem.description.debugDescription)", file, setting: setting)
                }
                let text = problem.description
                for secret in secrets.values + setting.secrets where text.containsBytes(of: secret) && !secrets.elsewhere(secret, setting: setting) {
                    mismatch("a problem quotes the secret \(secret.debugDescription): \(text)", file, setting: setting)
                }
            }
        }
    }
}
