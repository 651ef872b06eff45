import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RecoveryStudy
import Testing

/// The chart is an SVG any viewer reads: well-formed, one line per strategy, each ending at its recovered share.
@Suite("Downtime chart")
struct DowntimeChartTests {
    /// Collects each polyline's points.
    final class Polylines: NSObject, XMLParserDelegate {
        var lines: [[(x: Double, y: Double)]] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            guard name == "polyline", let points = attributes["points"] else { return }
            lines.append(points.split(separator: " ").compactMap { pair in
                let parts = pair.split(separator: ",").compactMap { Double($0) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            })
        }
    }

    @Test("Well-formed XML; each strategy's line rises to its recovered share and no further")
    func chart() throws {
        let results = RecoveryStudyResults(
            world: WorldModel(), seed: 1, interruptions: 4, virtualHours: 1,
            strategies: [
                StrategyResult(strategy: .javaSample, scheduled: 4, outcomes: [
                    .recovered(downtime: 90, dataLoss: 290), .unrecovered(.noCapacity), .unrecovered(.imageTooSlow), .unrecovered(.apiError),
                ]),
                StrategyResult(strategy: .defaults, scheduled: 4, outcomes: [
                    .recovered(downtime: -20, dataLoss: 290), .recovered(downtime: 40, dataLoss: 280), .recovered(downtime: 7200, dataLoss: 0),
                    .unrecovered(.noCapacity),
                ]),
            ])
        let svg = DowntimeChart.svg(results)
        let parser = XMLParser(data: Data(svg.utf8))
        let lines = Polylines()
        parser.delegate = lines
        #expect(parser.parse(), "the SVG is well-formed XML")
        #expect(lines.lines.count == 2)
        let top = try #require(lines.lines.flatMap { $0.map(\.y) }.max())       // share 0 is the lowest point on screen
        let bottom = try #require(lines.lines.flatMap { $0.map(\.y) }.min())
        let fullHeight = (top - bottom) / 0.75                                   // defaults reaches 3 of 4
        let javaEnd = try #require(lines.lines[0].last)
        let defaultsEnd = try #require(lines.lines[1].last)
        #expect(abs((top - javaEnd.y) / fullHeight - 0.25) < 0.01)
        #expect(abs((top - defaultsEnd.y) / fullHeight - 0.75) < 0.01)
        #expect(svg.contains("java_sample 25.0 %") && svg.contains("defaults 75.0 %"))
    }
}
