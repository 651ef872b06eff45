import SpotRecovery

/// Several detectors as one: the fleets of a region, polled together as the event detector's backstop.
struct CombinedDetector: RecyclingDetector {
    let detectors: [any RecyclingDetector]

    func prepare() async throws {
        for detector in detectors { try await detector.prepare() }
    }

    func poll() async throws -> [RecyclingNotice] {
        var notices: [RecyclingNotice] = []
        for detector in detectors { notices += try await detector.poll() }
        return notices
    }
}

/// A detector whose every look at ECS is recorded for readiness.
struct ObservedDetector: RecyclingDetector {
    let base: any RecyclingDetector
    let regionId: String
    let readiness: GuardianReadiness

    func prepare() async throws {
        try await observe { try await base.prepare() }
    }

    func poll() async throws -> [RecyclingNotice] {
        try await observe { try await base.poll() }
    }

    private func observe<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            let value = try await body()
            await readiness.record(poll: .success(.now), region: regionId)
            return value
        } catch {
            if !(error is CancellationError) { await readiness.record(poll: .failure(error), region: regionId) }
            throw error
        }
    }
}
