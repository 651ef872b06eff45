import Foundation

/// The study as one flat JSON object: `recovery.<strategy>.<figure>` keys, numbers (or `null` where there is
/// nothing to measure), sorted.
public enum RecoveryJSON {
    /// The object's members.
    public static func members(_ results: RecoveryStudyResults) -> [String: Double?] {
        var members: [String: Double?] = [
            "recovery.interruptions": Double(results.interruptions),
            "recovery.seed": Double(results.seed),
            "recovery.virtual_hours": rounded(results.virtualHours),
        ]
        for result in results.strategies {
            let prefix = "recovery.\(result.strategy.rawValue)."
            let figures: [String: Double?] = [
                "interruptions": Double(result.interruptions),
                "recovered": rounded(result.recoveredShare, places: 4),
                "recovered_count": Double(result.recoveredCount),
                "downtime_p50_s": rounded(result.downtime.value(at: 50)),
                "downtime_p90_s": rounded(result.downtime.value(at: 90)),
                "downtime_p99_s": rounded(result.downtime.value(at: 99)),
                "data_loss_p50_s": rounded(result.dataLoss.value(at: 50)),
                "data_loss_p99_s": rounded(result.dataLoss.value(at: 99)),
                "mark_to_create_image_p50_s": rounded(Percentiles(result.markToCreateImage).value(at: 50)),
                "mark_to_create_image_p99_s": rounded(Percentiles(result.markToCreateImage).value(at: 99)),
                "detection_to_create_image_p99_s": rounded(Percentiles(result.detectionToCreateImage).value(at: 99)),
                "event_to_create_image_p50_s": rounded(Percentiles(result.eventToCreateImage).value(at: 50)),
                "event_to_create_image_p99_s": rounded(Percentiles(result.eventToCreateImage).value(at: 99)),
                "api_calls_per_recovery": rounded(result.callsPerRecovery),
                "watch_calls_per_hour": rounded(result.watchCallsPerHour),
                "checkpoint_calls_per_hour": rounded(result.checkpointCallsPerHour),
                "snapshot_gib_hours": rounded(result.snapshotGiBHours),
                "snapshot_gib_per_workload": rounded(result.snapshotGiBPerWorkload),
            ]
            for (name, value) in figures { members[prefix + name] = value }
            for (cause, count) in result.unrecovered { members[prefix + "unrecovered." + cause.rawValue] = Double(count) }
        }
        return members
    }

    /// The object as text, keys sorted.
    public static func text(_ results: RecoveryStudyResults) -> String {
        let lines = members(results).sorted { $0.key < $1.key }.map { key, value in
            "  \"\(key)\": " + (value.map(number) ?? "null")
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}"
    }

    /// A number without a needless fraction.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func rounded(_ value: Double?, places: Int = 1) -> Double? {
        guard let value else { return nil }
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
