import Foundation

/// Every interruption of every strategy as one JSON line: the timeline behind each number, for looking into
/// a cause. Times are seconds from the fleet's start (``RecoveryStudy/start``).
public enum TimelineDump {
    /// The lines, strategy by strategy, in schedule order.
    public static func lines(_ results: RecoveryStudyResults) -> [String] {
        results.strategies.flatMap { result in
            zip(result.records, result.outcomes).map { record, outcome in line(record, outcome, strategy: result.strategy) }
        }
    }

    static func line(_ record: InterruptionRecord, _ outcome: InterruptionOutcome, strategy: Strategy) -> String {
        let timeline = record.timeline
        var fields: [(String, String)] = [
            ("strategy", quoted(strategy.rawValue)), ("index", "\(record.index)"), ("slot", "\(record.slot)"),
            ("victim", record.victim.map(quoted) ?? "null"),
            ("marked_s", seconds(timeline.markedAt)), ("released_s", seconds(timeline.releasedAt)),
            ("detected_s", seconds(timeline.detectedAt)), ("create_image_sent_s", seconds(timeline.createImageSentAt)),
            ("notice_image_created_s", seconds(timeline.noticeImage?.createdAt)),
            ("notice_image_available_s", seconds(timeline.noticeImage?.availableAt)),
            ("notice_image_failed_s", seconds(timeline.noticeImage?.failedAt)),
        ]
        switch timeline.resumption {
        case .noticeImage(let createdAt, let runningAt)?:
            fields += [("resumed_from", quoted("notice_image")), ("image_created_s", seconds(createdAt)), ("running_s", seconds(runningAt))]
        case .checkpoint(let createdAt, let runningAt)?:
            fields += [("resumed_from", quoted("checkpoint")), ("image_created_s", seconds(createdAt)), ("running_s", seconds(runningAt))]
        case .restartedInPlace(let runningAt)?:
            fields += [("resumed_from", quoted("restart_in_place")), ("running_s", seconds(runningAt))]
        case nil:
            break
        }
        if let failure = timeline.failure { fields.append(("flow_failure", quoted("\(failure)"))) }
        switch outcome {
        case .recovered(let downtime, let dataLoss):
            fields += [("outcome", quoted("recovered")), ("downtime_s", format(downtime)), ("data_loss_s", format(dataLoss))]
        case .unrecovered(let cause):
            fields.append(("outcome", quoted(cause.rawValue)))
        }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func seconds(_ date: Date?) -> String {
        guard let date else { return "null" }
        return format(date.timeIntervalSince(RecoveryStudy.start))
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
