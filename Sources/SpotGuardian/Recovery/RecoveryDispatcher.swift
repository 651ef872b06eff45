import AliyunECS
import Foundation
import Logging
import SpotRecovery

/// Runs one region's recoveries: each interruption once (the recoverer's ledger), its first steps at once
/// (CreateImage, the stop-mode mark), its long steps at most ``GuardianConfiguration/maximumConcurrentRecoveries``
/// at a time; and tells whoever handed the work over as soon as the recovery is recorded where a restart
/// finds it (``Admission``).
///
/// Work is handed over from anywhere (an HTTP handler, the queue consumer, the backstop, reconciliation)
/// and run in the task group of ``run()``, so that a graceful shutdown can wait for it.
final class RecoveryDispatcher: Sendable {
    private struct Item: Sendable {
        var work: RecoveryWork
        var signal: AdmissionSignal
    }

    private let recoverer: SpotRecoverer
    private let options: @Sendable (FleetConfiguration) -> RecoveryOptions
    private let metrics: GuardianMetrics
    private let logger: Logger
    private let dryRun: Bool
    private let slots: RecoverySlots
    private let maximumQueued: Int
    private let items: AsyncStream<Item>
    private let itemsContinuation: AsyncStream<Item>.Continuation
    private let queued = BoundedCount()
    private let closed = Flag()
    private let inFlight = InFlightRecoveries()

    /// - Parameters:
    ///   - maximumQueued: How much work may wait to start; beyond it ``dispatch(_:)`` answers `overloaded`.
    init(
        recoverer: SpotRecoverer, options: @escaping @Sendable (FleetConfiguration) -> RecoveryOptions, metrics: GuardianMetrics,
        maximumConcurrentRecoveries: Int, maximumQueued: Int, dryRun: Bool, logger: Logger
    ) {
        self.recoverer = recoverer
        self.options = options
        self.metrics = metrics
        self.dryRun = dryRun
        self.logger = logger
        self.maximumQueued = maximumQueued
        slots = RecoverySlots(count: maximumConcurrentRecoveries)
        (items, itemsContinuation) = AsyncStream.makeStream(of: Item.self)
    }

    /// Hands work over and waits until its recovery is recorded where a restart finds it (or why not).
    func dispatch(_ work: RecoveryWork) async -> Admission {
        let signal = AdmissionSignal()
        guard !closed.isSet else { return .draining }
        guard queued.increment(limit: maximumQueued) else { return .overloaded }
        if case .terminated = itemsContinuation.yield(Item(work: work, signal: signal)) {
            queued.decrement()
            return .draining
        }
        return await signal.wait()
    }

    /// Hands work over without waiting (the backstop, reconciliation).
    func submit(_ work: RecoveryWork) {
        let signal = AdmissionSignal()
        guard !closed.isSet, queued.increment(limit: maximumQueued) else {
            logger.warning("Too much recovery work waits; this finding is left for the next poll", metadata: ["spot.instance": "\(work.instanceId)"])
            return
        }
        if case .terminated = itemsContinuation.yield(Item(work: work, signal: signal)) { queued.decrement() }
    }

    /// Takes no more work (graceful shutdown); ``run()`` returns once the work under way has finished.
    func close() {
        closed.set()
        itemsContinuation.finish()
    }

    /// Runs the work handed over until ``close()``, then waits for what is under way; cancellation stops it.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await item in items {
                queued.decrement()
                group.addTask { await self.execute(item) }
            }
        }
    }

    private func execute(_ item: Item) async {
        var tagged = logger
        tagged[metadataKey: "recovery"] = "\(item.work.correlationId)"
        tagged[metadataKey: "spot.fleet"] = "\(item.work.fleet.name)"
        tagged[metadataKey: "spot.instance"] = "\(item.work.instanceId)"
        let logger = tagged
        let recoverer = recoverer.logging(to: logger)
        let options = options(item.work.fleet)
        let signal = item.signal
        if dryRun {
            signal.resolve(await dryRun(item.work, options: options, recoverer: recoverer, logger: logger))
            return
        }
        let noticedAt: Date = switch item.work {
        case .notice(let notice, _): notice.markedAt ?? notice.detectedAt
        case .resumption(let unfinished, _): unfinished.noticedAt ?? recoverer.clock.now
        }
        let reporter = RecoveryReporter(metrics: metrics, logger: logger, noticedAt: noticedAt)
        let source = item.work.source
        let metrics = metrics
        let report: @Sendable (RecoveryEvent) -> Void = { event in
            if case .detected = event.kind {
                metrics.detected(source: source)
                logger.info("Interruption detected", metadata: ["spot.source": "\(source)"])
                return
            }
            reporter.record(event)
            if RecoveryReporter.isRecorded(event) { signal.resolve(.recorded) }
            if case .failed = event.kind { signal.resolve(.failed) }
        }
        let registered = item.work.identity.map { inFlight.register($0, signal) } ?? false
        defer { if registered, let identity = item.work.identity { inFlight.remove(identity, signal) } }
        do {
            let run: RecoveryRun = switch item.work {
            case .notice(let notice, _): try await recoverer.runRecovery(notice, options: options, report: report, gate: slots)
            case .resumption(let unfinished, _): try await recoverer.runResumption(unfinished, options: options, report: report, gate: slots)
            }
            switch run {
            case .alreadyHandled(let identity):
                // Another piece of work runs this interruption: answer once it is recorded, not before.
                if let running = inFlight.signal(for: identity), running !== signal {
                    let admission = await running.wait()
                    signal.resolve(admission == .recorded ? .alreadyHandled : admission)
                } else if case .failed? = await recoverer.ledger.state(of: identity) {
                    // Failed and not due again yet: nothing is recorded that a restart would find for sure.
                    signal.resolve(.failed)
                } else {
                    signal.resolve(.alreadyHandled)
                }
            case .finished(_, let outcome?):
                signal.resolve(.recorded)
                logger.debug("Recovery finished", metadata: ["spot.replacement": "\(outcome.instanceId)"])
            case .finished(_, nil):
                signal.resolve(.failed)
                logger.warning("Recovery failed; it is tried again when the interruption is next seen or reconciled")
            }
        } catch {
            // Cancelled (the grace period ended): the next start resumes it from what ECS holds.
            signal.resolve(.draining)
        }
    }

    /// `--dry-run`: each interruption once (the ledger), detected and planned, nothing done.
    private func dryRun(_ work: RecoveryWork, options: RecoveryOptions, recoverer: SpotRecoverer, logger: Logger) async -> Admission {
        let identity: InterruptionIdentity? = switch work {
        case .notice(let notice, _): notice.identity
        case .resumption(let unfinished, _): unfinished.identity
        }
        if let identity {
            guard await recoverer.ledger.claim(identity, at: recoverer.clock.now) else { return .alreadyHandled }
            await recoverer.ledger.succeed(identity, at: recoverer.clock.now)
        }
        metrics.detected(source: work.source)
        logger.info("Interruption detected", metadata: ["spot.source": "\(work.source)"])
        await describeDryRun(work, options: options, recoverer: recoverer, logger: logger)
        return .recorded
    }

    /// What would be done, planned but not done.
    private func describeDryRun(_ work: RecoveryWork, options: RecoveryOptions, recoverer: SpotRecoverer, logger: Logger) async {
        if case .notice(let notice, _) = work, options.stopMode.restartInPlace, notice.instance?.spotInterruptionBehavior == .stop {
            logger.notice("Dry run: would wait for the instance to stop and start it again in place")
            return
        }
        var would = work.isResumption ? "would finish a recovery cut short and launch a replacement" : "would image the instance and launch a replacement"
        do {
            if let policy = options.relaunch.plannedPlacement {
                let plan = try await recoverer.planner(for: policy).plan(fallbackTypes: [], logger: logger)
                would += plan.ranked.first.map { " in \($0.candidate)" } ?? ", but no candidate is in the running"
                for decision in plan.decisions { logger.info("Dry run plan: \(decision)") }
            } else {
                would += " in the source's place"
            }
        } catch {
            logger.warning("Dry run: planning failed", metadata: ["spot.error": "\(error)"])
        }
        logger.notice("Dry run: \(would)")
    }
}

extension RecoveryWork {
    var isResumption: Bool {
        if case .resumption = self { return true }
        return false
    }

    /// The interruption, when the work says which one it is.
    var identity: InterruptionIdentity? {
        switch self {
        case .notice(let notice, _): notice.identity
        case .resumption(let unfinished, _): unfinished.identity
        }
    }
}

/// The admission signal of the work that runs each interruption now, so that work for the same
/// interruption arriving meanwhile can answer when that run is recorded.
final class InFlightRecoveries: @unchecked Sendable {
    // `signals` is guarded by `lock`.
    private let lock = NSLock()
    private var signals: [InterruptionIdentity: AdmissionSignal] = [:]

    /// Records `signal` for `identity` unless another is recorded; `true` when this one is.
    func register(_ identity: InterruptionIdentity, _ signal: AdmissionSignal) -> Bool {
        lock.withLock {
            guard signals[identity] == nil else { return false }
            signals[identity] = signal
            return true
        }
    }

    func signal(for identity: InterruptionIdentity) -> AdmissionSignal? {
        lock.withLock { signals[identity] }
    }

    func remove(_ identity: InterruptionIdentity, _ signal: AdmissionSignal) {
        lock.withLock {
            if signals[identity] === signal { signals[identity] = nil }
        }
    }
}
