import Logging
import ServiceLifecycle

@available(macOS 14, iOS 17, tvOS 17, *)
extension SpotGuardian {
    /// Runs the services until stopped.
    ///
    /// The first element of `stopRequests` (the command feeds it SIGTERM and SIGINT) starts a graceful
    /// shutdown: no more events, recoveries in flight finish, cancelled once
    /// ``GuardianConfiguration/shutdownGracePeriod`` has passed. A second one returns ``GuardianExit/forced``
    /// at once, leaving the caller to exit.
    /// - Parameters:
    ///   - stopRequests: Stop requests, each named for the log (`SIGTERM`, …).
    ///   - logger: Where to log.
    /// - Returns: How the run ended.
    public func run<Requests: AsyncSequence & Sendable>(until stopRequests: Requests, logger: Logger) async -> GuardianExit
    where Requests.Element: CustomStringConvertible & Sendable {
        let group = ServiceGroup(configuration: serviceGroupConfiguration(logger: logger))
        let stopping = Flag()
        let grace = configuration.shutdownGracePeriod
        return await withTaskGroup(of: GuardianExit?.self) { tasks in
            tasks.addTask {
                do {
                    try await group.run()
                    return .stopped
                } catch {
                    // Once asked to stop, whatever the services say on the way out is a stop.
                    if stopping.isSet {
                        logger.warning("Stopped with recoveries cut short; they resume on the next start", metadata: ["spot.error": "\(error)"])
                        return .stopped
                    }
                    return .failed("\(error)")
                }
            }
            tasks.addTask {
                do {
                    for try await request in stopRequests {
                        if stopping.isSet {
                            logger.warning("\(request) again: stopping at once")
                            return .forced
                        }
                        stopping.set()
                        logger.notice("\(request) received: stopping gracefully within \(grace) (send it again to stop at once)")
                        await group.triggerGracefulShutdown()
                    }
                } catch {
                    // No more stop requests can come; the services run on.
                }
                return nil
            }
            tasks.addTask {
                guard let port = try? await listeningPort() else { return nil }
                logger.notice("\(startupSummary(port: port))")
                return nil
            }
            var exit = GuardianExit.stopped
            while let result = await tasks.next() {
                guard let result else { continue }
                exit = result
                break
            }
            tasks.cancelAll()
            return exit
        }
    }

    /// The line logged once the endpoints listen: what is watched, where, and how events are received.
    func startupSummary(port: Int) -> String {
        let fleets = configuration.regions.map { "\($0.regionId) (\($0.fleets.map(\.name).joined(separator: ", ")))" }
        let events = configuration.eventToken == nil
            ? "events refused: no token set (SPOT_GUARDIAN_EVENT_TOKEN or eventTokenFile); polling only"
            : "events accepted with the token"
        let mode = configuration.dryRun ? "; DRY RUN: nothing will be changed" : ""
        let state = configuration.stateDirectory.map { "; state kept in \($0)" }
            ?? "; no stateDirectory: after a restart, a replacement of an instance ECS has already released is launched without the source's user data"
        return "spot-guardian listening on http://\(configuration.http.address):\(port), watching \(fleets.joined(separator: "; ")); \(events)\(mode)\(state)"
    }
}
