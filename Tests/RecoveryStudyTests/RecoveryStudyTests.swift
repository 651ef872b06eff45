import Foundation
import RecoveryStudy
import Testing

/// The whole study, small: every strategy accounts for every interruption, and a seed gives one table.
@Suite("Recovery study")
struct RecoveryStudyTests {
    /// A small world: 27 slots (three per zone and type), 16 interruptions in about an hour of virtual time.
    static var small: RecoveryStudy {
        var world = WorldModel()
        world.fleetSize = 27
        world.meanLifetime = .seconds(5400)
        world.minimumLifetime = .seconds(2400)
        world.warmUp = .seconds(600)
        return RecoveryStudy(world: world, interruptions: 16, seed: 3)
    }

    @Test("Each strategy has one outcome per interruption, and recovered plus unrecovered by cause is N")
    func accountingAddsUp() async throws {
        let results = try await Self.small.run()
        #expect(results.strategies.map(\.strategy) == Strategy.allCases)
        for result in results.strategies {
            #expect(result.interruptions == 16, "\(result.strategy)")
            #expect(result.accountingAddsUp, "\(result.strategy)")
            #expect(result.unrecovered[.unfinished] == 0, "\(result.strategy): a recovery still running when the study ended")
        }
        let java = try #require(results.strategies.first { $0.strategy == .javaSample })
        #expect(java.recoveredCount > 0, "the baseline recovers some: the study measures something")
    }

    @Test("The same seed gives the same results, to the last digit; another seed does not")
    func deterministic() async throws {
        let first = RecoveryJSON.text(try await Self.small.run())
        let again = RecoveryJSON.text(try await Self.small.run())
        #expect(first == again)
        var other = Self.small
        other.seed = 4
        #expect(RecoveryJSON.text(try await other.run()) != first)
    }

    @Test("The JSON has every key the issue names, for every strategy")
    func jsonKeys() async throws {
        var study = Self.small
        study.strategies = [.javaSample, .defaults]
        let members = RecoveryJSON.members(try await study.run())
        for strategy in ["java_sample", "defaults"] {
            for figure in ["recovered", "downtime_p50_s", "downtime_p99_s", "data_loss_p50_s", "data_loss_p99_s", "api_calls_per_recovery"] {
                #expect(members.keys.contains("recovery.\(strategy).\(figure)"), "\(strategy).\(figure)")
            }
            for cause in UnrecoveredCause.allCases {
                #expect(members["recovery.\(strategy).unrecovered.\(cause.rawValue)"] != nil)
            }
        }
    }
}
