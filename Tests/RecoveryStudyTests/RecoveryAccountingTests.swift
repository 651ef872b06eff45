import Foundation
import RecoveryStudy
import Testing

/// The study's counting rules on timelines built by hand: a known interruption gives a known downtime,
/// data-loss window or cause.
@Suite("Recovery accounting")
struct RecoveryAccountingTests {
    static let mark = Date(timeIntervalSince1970: 1_795_690_000)
    static let release = mark.addingTimeInterval(300)

    static func at(_ seconds: Double) -> Date { mark.addingTimeInterval(seconds) }

    /// Recovered with these figures, to a millisecond (times are dates, with their rounding).
    static func isRecovered(_ outcome: InterruptionOutcome, downtime: Double, dataLoss: Double) -> Bool {
        guard case .recovered(let actualDowntime, let actualLoss) = outcome else { return false }
        return abs(actualDowntime - downtime) < 1e-3 && abs(actualLoss - dataLoss) < 1e-3
    }

    @Test("A replacement from the notice image: downtime from the release (negative when it ran first), data lost from CreateImage to the release")
    func noticeImage() {
        let early = InterruptionTimeline(
            markedAt: Self.mark, releasedAt: Self.release, detectedAt: Self.at(1.5), createImageSentAt: Self.at(1.6),
            noticeImage: .init(createdAt: Self.at(1.7), availableAt: Self.at(200)),
            resumption: .noticeImage(createdAt: Self.at(1.7), runningAt: Self.at(236)))
        #expect(Self.isRecovered(RecoveryAccounting.outcome(of: early), downtime: -64, dataLoss: 298.3))
        var late = early
        late.resumption = .noticeImage(createdAt: Self.at(1.7), runningAt: Self.at(420))
        #expect(Self.isRecovered(RecoveryAccounting.outcome(of: late), downtime: 120, dataLoss: 298.3))
    }

    @Test("A replacement from a checkpoint loses the work since the checkpoint; a restart in place loses none")
    func checkpointAndRestart() {
        let checkpoint = InterruptionTimeline(
            markedAt: Self.mark, releasedAt: Self.release, detectedAt: Self.at(1),
            resumption: .checkpoint(createdAt: Self.at(-1500), runningAt: Self.at(400)), failure: nil)
        #expect(Self.isRecovered(RecoveryAccounting.outcome(of: checkpoint), downtime: 100, dataLoss: 1800))
        let restart = InterruptionTimeline(
            markedAt: Self.mark, releasedAt: Self.release, detectedAt: Self.at(1), resumption: .restartedInPlace(runningAt: Self.at(345)))
        #expect(Self.isRecovered(RecoveryAccounting.outcome(of: restart), downtime: 45, dataLoss: 0))
        // An image of the stopped instance, taken after the stop, holds everything up to the stop.
        let stoppedImage = InterruptionTimeline(
            markedAt: Self.mark, releasedAt: Self.release, detectedAt: Self.at(1),
            resumption: .noticeImage(createdAt: Self.at(2100), runningAt: Self.at(2400)))
        #expect(Self.isRecovered(RecoveryAccounting.outcome(of: stoppedImage), downtime: 2100, dataLoss: 0))
    }

    @Test("Never noticed, or noticed only after the release: not detected, whatever else happened")
    func notDetected() {
        let never = InterruptionTimeline(markedAt: Self.mark, releasedAt: Self.release)
        #expect(RecoveryAccounting.outcome(of: never) == .unrecovered(.notDetected))
        let tooLate = InterruptionTimeline(
            markedAt: Self.mark, releasedAt: Self.release, detectedAt: Self.at(301), failure: .imageRequestRefused)
        #expect(RecoveryAccounting.outcome(of: tooLate) == .unrecovered(.notDetected))
    }

    @Test("A notice image the release cut short is 'too slow'; one that failed by itself before the release is 'failed'")
    func imageCauses() {
        let cutShort = InterruptionTimeline(
            markedAt: Self.mark, releasedAt: Self.release, detectedAt: Self.at(1), createImageSentAt: Self.at(1.1),
            noticeImage: .init(createdAt: Self.at(1.2), failedAt: Self.release), failure: .imageFailed)
        #expect(RecoveryAccounting.outcome(of: cutShort) == .unrecovered(.imageTooSlow))
        var failedEarly = cutShort
        failedEarly.noticeImage = .init(createdAt: Self.at(1.2), failedAt: Self.at(90))
        #expect(RecoveryAccounting.outcome(of: failedEarly) == .unrecovered(.imageFailed))
        // Available in time, yet the flow gave up on it: not the image's speed.
        var availableInTime = cutShort
        availableInTime.noticeImage = .init(createdAt: Self.at(1.2), availableAt: Self.at(250))
        #expect(RecoveryAccounting.outcome(of: availableInTime) == .unrecovered(.imageFailed))
    }

    @Test("What the flow said, when the facts do not say more")
    func flowCauses() {
        func outcome(_ failure: InterruptionTimeline.FlowFailure?) -> InterruptionOutcome {
            RecoveryAccounting.outcome(of: InterruptionTimeline(
                markedAt: Self.mark, releasedAt: Self.release, detectedAt: Self.at(1),
                noticeImage: .init(createdAt: Self.at(1.2), availableAt: Self.at(240)), failure: failure))
        }
        #expect(outcome(.noCapacity) == .unrecovered(.noCapacity))
        #expect(outcome(.imageRequestRefused) == .unrecovered(.apiError))
        #expect(outcome(.callFailed) == .unrecovered(.apiError))
        #expect(outcome(.restartFailed) == .unrecovered(.restartFailed))
        #expect(outcome(.other("sourceUnknown")) == .unrecovered(.other))
        #expect(outcome(nil) == .unrecovered(.unfinished), "detected, not failed, not recovered: the study stopped too early")
    }

    @Test("A strategy's figures: shares, causes and percentiles of the recovered ones; the total adds up to what was scheduled")
    func aggregate() {
        let outcomes: [InterruptionOutcome] = [
            .recovered(downtime: -30, dataLoss: 290), .recovered(downtime: 60, dataLoss: 280), .recovered(downtime: 90, dataLoss: 1500),
            .recovered(downtime: 600, dataLoss: 0), .unrecovered(.noCapacity), .unrecovered(.imageTooSlow), .unrecovered(.noCapacity),
        ]
        let result = StrategyResult(strategy: .defaults, scheduled: 7, outcomes: outcomes)
        #expect(result.recoveredCount == 4)
        #expect(abs(result.recoveredShare - 4.0 / 7) < 1e-12)
        #expect(result.unrecovered[.noCapacity] == 2 && result.unrecovered[.imageTooSlow] == 1 && result.unrecovered[.apiError] == 0)
        #expect(result.downtime.value(at: 50) == 60)
        #expect(result.downtime.value(at: 99) == 600)
        #expect(result.dataLoss.value(at: 50) == 280)
        #expect(result.accountingAddsUp)
        let missing = StrategyResult(strategy: .defaults, scheduled: 8, outcomes: outcomes)
        #expect(!missing.accountingAddsUp, "an interruption without an outcome is caught")
    }

    @Test("Nearest-rank percentiles")
    func percentiles() {
        let values = Percentiles((1...100).map(Double.init).reversed())
        #expect(values.value(at: 50) == 50)
        #expect(values.value(at: 99) == 99)
        #expect(values.value(at: 100) == 100)
        #expect(Percentiles([7]).value(at: 1) == 7)
        #expect(Percentiles([]).value(at: 50) == nil)
    }
}
