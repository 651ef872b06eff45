import Foundation

/// The study as readable tables: outcomes, causes, cost, then the world model with its sources.
public enum RecoveryTable {
    /// The whole report.
    public static func text(_ results: RecoveryStudyResults) -> String {
        var out = "Recovery study: \(results.interruptions) interruptions of a \(results.world.fleetSize)-slot fleet, seed \(results.seed), "
        out += "\(format(results.virtualHours)) h of virtual time per strategy\n\n"
        out += table(
            ["Strategy", "Recovered", "Downtime p50", "p90", "p99", "Data lost p50", "p99", "Mark to CreateImage p50", "p99", "Event to CreateImage p50", "p99"],
            results.strategies.map { result in
                let marks = Percentiles(result.markToCreateImage)
                let events = Percentiles(result.eventToCreateImage)
                return [
                    result.strategy.rawValue, percent(result.recoveredShare),
                    seconds(result.downtime.value(at: 50)), seconds(result.downtime.value(at: 90)), seconds(result.downtime.value(at: 99)),
                    seconds(result.dataLoss.value(at: 50)), seconds(result.dataLoss.value(at: 99)),
                    seconds(marks.value(at: 50), places: 1), seconds(marks.value(at: 99), places: 1),
                    seconds(events.value(at: 50), places: 1), seconds(events.value(at: 99), places: 1),
                ]
            })
        out += "\nDowntime: from the release (or the stop) to Running; negative when the replacement ran before the release.\n"
        out += "Data lost: how old the state the workload resumed from was at the release.\n"
        out += "Event to CreateImage: from the interruption event's delivery, for the strategies that take events.\n\n"
        out += "Unrecovered, by cause\n"
        out += table(
            ["Strategy"] + UnrecoveredCause.allCases.map(\.rawValue) + ["adds up"],
            results.strategies.map { result in
                let counts = result.unrecovered
                return [result.strategy.rawValue] + UnrecoveredCause.allCases.map { String(counts[$0] ?? 0) }
                    + [result.accountingAddsUp ? "yes (\(result.recoveredCount) + \(result.interruptions - result.recoveredCount))" : "NO"]
            })
        out += "\nCost\n"
        out += table(
            ["Strategy", "API calls per recovery", "Watch calls per hour", "Checkpoint calls per hour", "Snapshot GiB per workload"],
            results.strategies.map { result in
                [
                    result.strategy.rawValue, format(result.callsPerRecovery), format(result.watchCallsPerHour, places: 0),
                    format(result.checkpointCallsPerHour, places: 0), format(result.snapshotGiBPerWorkload),
                ]
            })
        out += "\nStrategies\n"
        for result in results.strategies { out += "  \(result.strategy.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(result.strategy.summary)\n" }
        out += "\nWorld model (change any number with its flag)\n"
        out += table(
            ["Parameter", "Value", "Source", "Flag", "Basis"], results.world.parameters.map { [$0.name, $0.value, $0.source.rawValue, $0.flag, $0.basis] },
            alignsNumbers: false)
        return out
    }

    /// Columns padded to their widest cell; numbers right-aligned unless `alignsNumbers` is `false`.
    static func table(_ header: [String], _ rows: [[String]], alignsNumbers: Bool = true) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                let numeric = alignsNumbers && column > 0 && cell.first.map { $0.isNumber || $0 == "-" || $0 == "—" } == true
                return numeric ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + rows.map(line)).map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }

    static func seconds(_ value: Double?, places: Int = 0) -> String {
        guard let value else { return "—" }
        return String(format: "%.\(places)f s", value)
    }

    static func format(_ value: Double, places: Int = 1) -> String { String(format: "%.\(places)f", value) }
}
