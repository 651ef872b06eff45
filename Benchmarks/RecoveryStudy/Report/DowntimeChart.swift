import Foundation

/// The downtime distribution of every strategy as an SVG: one line per strategy, the share of all its
/// interruptions whose workload was running again by each minute after the release. A line ends at the
/// strategy's recovered share; what it never reaches is what it lost.
public enum DowntimeChart {
    static let width = 800.0
    static let height = 440.0
    static let plot = (left: 64.0, right: 250.0, top: 36.0, bottom: 56.0)
    /// The horizontal axis, in minutes from the release.
    static let minutes = (from: -5.0, to: 30.0)
    /// Colour-blind-safe (Okabe–Ito), one per strategy in ``Strategy`` order.
    static let colours = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#F0E442"]

    /// The chart's SVG text.
    public static func svg(_ results: RecoveryStudyResults) -> String {
        let plotWidth = width - plot.left - plot.right
        let plotHeight = height - plot.top - plot.bottom
        func x(_ minute: Double) -> Double {
            plot.left + (min(max(minute, minutes.from), minutes.to) - minutes.from) / (minutes.to - minutes.from) * plotWidth
        }
        func y(_ share: Double) -> Double { plot.top + (1 - share) * plotHeight }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
        font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="#ffffff"/>
        <text x="\(plot.left)" y="20" font-size="14" font-weight="bold">Workloads running again, by minutes after the release (\(results.interruptions) interruptions, seed \(results.seed))</text>

        """
        // Grid and axes.
        for share in stride(from: 0.0, through: 1.0, by: 0.2) {
            svg += line(plot.left, y(share), plot.left + plotWidth, y(share), colour: "#dddddd")
            svg += text("\(Int((share * 100).rounded())) %", x: plot.left - 8, y: y(share) + 4, anchor: "end")
        }
        for minute in stride(from: minutes.from, through: minutes.to, by: 5) {
            svg += line(x(minute), plot.top, x(minute), plot.top + plotHeight, colour: minute == 0 ? "#888888" : "#eeeeee")
            svg += text(minute == minutes.to ? "≥ \(Int(minute))" : "\(Int(minute))", x: x(minute), y: plot.top + plotHeight + 18, anchor: "middle")
        }
        svg += text("minutes from the release (left of 0: the replacement ran before it)", x: plot.left + plotWidth / 2, y: height - 14, anchor: "middle")
        svg += text("release", x: x(0) + 4, y: plot.top + 12, anchor: "start", colour: "#888888")

        // One step line per strategy.
        for (position, result) in results.strategies.enumerated() {
            let colour = colours[position % colours.count]
            let downtimes = result.downtime.sorted
            let total = Double(max(result.interruptions, 1))
            // A step up at each downtime; steps that land on the same pixel column are drawn as one.
            var points = [(x: x(minutes.from), y: y(0))]
            var reached = 0.0
            for (index, downtime) in downtimes.enumerated() {
                let column = (x(downtime / 60) * 2).rounded() / 2
                if points.last?.x != column { points.append((column, y(reached))) }
                reached = Double(index + 1) / total
                points.append((column, y(reached)))
                if points.count >= 3, points[points.count - 2].x == column, points[points.count - 3].x == column {
                    points.remove(at: points.count - 2)
                }
            }
            points.append((x(minutes.to), y(reached)))
            let path = points.map { "\(format($0.x)),\(format($0.y))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            let legendY = plot.top + 16 + Double(position) * 22
            svg += line(width - plot.right + 16, legendY - 4, width - plot.right + 40, legendY - 4, colour: colour, strokeWidth: 3)
            let label = "\(result.strategy.rawValue) \(String(format: "%.1f", result.recoveredShare * 100)) %"
            svg += text(label, x: width - plot.right + 46, y: legendY, anchor: "start")
        }
        return svg + "</svg>\n"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, colour: String, strokeWidth: Double = 1) -> String {
        "<line x1=\"\(format(x1))\" y1=\"\(format(y1))\" x2=\"\(format(x2))\" y2=\"\(format(y2))\" stroke=\"\(colour)\" stroke-width=\"\(format(strokeWidth))\"/>\n"
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String, colour: String = "#222222") -> String {
        let escaped = content.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        return "<text x=\"\(format(x))\" y=\"\(format(y))\" text-anchor=\"\(anchor)\" fill=\"\(colour)\">\(escaped)</text>\n"
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
