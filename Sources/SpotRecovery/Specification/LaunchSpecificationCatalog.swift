import AliyunECS
import Foundation
import Logging

/// What a faithful replacement needs and a description does not say: each instance's RAM role
/// (DescribeInstanceRamRole) and user data (DescribeUserData), read once when the instance is first seen
/// in a fleet (``observe(_:)``, which spot-guardian calls every reconciliation round with the fleet's
/// members) rather than in the five minutes of a notice, and kept in the
/// ``RecoveryJournal`` when there is one (so it survives a restart and the source's release), else in
/// memory (up to ``memoryLimit`` bytes of user data).
///
/// ``specification(for:)`` combines a fresh description with what was captured, and reads now whatever
/// was not captured while the instance still exists. Reads that fail are logged (never with the user
/// data) and the specification says what it lacks (``LaunchSpecification/unknown``).
public actor LaunchSpecificationCatalog {
    /// The most user data kept in memory when there is no journal, in bytes. Beyond it, user data is read
    /// again at the notice.
    public nonisolated let memoryLimit: Int
    /// The journal, when the catalog has one.
    public nonisolated let journal: RecoveryJournal?

    /// Where an instance's user data is.
    private enum UserData: Sendable {
        /// In memory (`nil`: the instance has none).
        case inMemory(String?)
        /// In the journal's entry for the instance.
        case inJournal
    }

    private struct Captured: Sendable {
        /// The RAM role, once read (`.some(nil)`: none).
        var ramRoleName: String??
        var userData: UserData?
    }

    private let client: ECSClient
    private let logger: Logger
    private var captured: [String: Captured] = [:]
    private var userDataBytes = 0
    private var journalLoaded = false

    /// Creates a catalog.
    /// - Parameters:
    ///   - client: The ECS client that reads roles and user data.
    ///   - journal: Where specifications are kept durably; `nil` keeps them in memory only.
    ///   - memoryLimit: Without a journal, the most user data kept in memory. Default: 64 MiB.
    ///   - logger: Where to log.
    public init(client: ECSClient, journal: RecoveryJournal? = nil, memoryLimit: Int = 64 << 20, logger: Logger = ECSClient.silentLogger) {
        self.client = client
        self.journal = journal
        self.memoryLimit = memoryLimit
        self.logger = logger
    }

    /// Captures the RAM role and the user data of the instances not captured yet: one
    /// DescribeInstanceRamRole per 50 of them, one DescribeUserData each. Instances the journal already
    /// holds (from before a restart) are not read again. Failures are logged and tried again at the next
    /// observation (or at the notice).
    public func observe(_ instances: [ECSInstance]) async {
        await loadJournal()
        let fresh = instances.filter { captured[$0.instanceId]?.userData == nil || captured[$0.instanceId]?.ramRoleName == nil }
        guard !fresh.isEmpty else { return }
        await readRoles(of: fresh.filter { captured[$0.instanceId]?.ramRoleName == nil }.map(\.instanceId))
        for instance in fresh where captured[instance.instanceId]?.userData == nil {
            if Task.isCancelled { return }
            guard let userData = await readUserData(of: instance.instanceId) else { continue }
            await keep(userData, of: instance)
        }
    }

    /// The specification of a described instance: its description, with its RAM role and user data as
    /// captured, or read now if they were not.
    public func specification(for instance: ECSInstance) async -> LaunchSpecification {
        await loadJournal()
        let id = instance.instanceId
        if captured[id]?.ramRoleName == nil { await readRoles(of: [id]) }
        if captured[id]?.userData == nil, let userData = await readUserData(of: id) { await keep(userData, of: instance) }
        var specification = LaunchSpecification(instance)
        switch captured[id]?.ramRoleName {
        case .some(let role): specification.ramRoleName = role
        case nil: specification.unknown.insert("ramRoleName")
        }
        switch captured[id]?.userData {
        case .inMemory(let userData)?:
            specification.userData = userData
        case .inJournal?:
            if let stored = await journal?.specification(for: id) {
                specification.userData = stored.userData
            } else {
                specification.unknown.insert("userData")
            }
        case nil:
            specification.unknown.insert("userData")
        }
        return specification
    }

    /// The specification the journal holds for an instance (say, one ECS has released), if any.
    public func storedSpecification(for instanceId: String) async -> LaunchSpecification? {
        await journal?.specification(for: instanceId)
    }

    /// Forgets the instances not in `members` (they left the fleet, or are gone); the journal keeps their
    /// entries until they are older than `journalHorizon`, since a recovery may still need one.
    public func retain(_ members: Set<String>, journalHorizon: Date) async {
        for (id, entry) in captured where !members.contains(id) {
            if case .inMemory(let userData?)? = entry.userData { userDataBytes -= userData.utf8.count }
            captured[id] = nil
        }
        await journal?.removeEntries(olderThan: journalHorizon, except: members)
    }

    /// Counts the journal's entries as captured, once: what a previous run read is not read again.
    private func loadJournal() async {
        guard !journalLoaded, let journal else { return }
        journalLoaded = true
        for id in await journal.instanceIds where captured[id] == nil {
            guard let stored = await journal.specification(for: id) else { continue }
            var entry = Captured()
            if !stored.unknown.contains("ramRoleName") { entry.ramRoleName = .some(stored.ramRoleName) }
            if !stored.unknown.contains("userData") { entry.userData = .inJournal }
            captured[id] = entry
        }
    }

    /// Keeps an instance's user data: in the journal with its specification, else in memory within the limit.
    private func keep(_ userData: String?, of instance: ECSInstance) async {
        let id = instance.instanceId
        if let journal {
            var specification = LaunchSpecification(instance)
            if case .some(let role)? = captured[id]?.ramRoleName {
                specification.ramRoleName = role
            } else {
                specification.unknown.insert("ramRoleName")
            }
            specification.userData = userData
            do {
                try await journal.store(specification, for: id)
                captured[id, default: Captured()].userData = .inJournal
            } catch {
                logger.warning("Writing the journal failed; the user data is read again at the notice", metadata: [
                    "spot.instance": "\(id)", "spot.error": "\(error)",
                ])
            }
            return
        }
        let size = userData?.utf8.count ?? 0
        guard userDataBytes + size <= memoryLimit else { return }
        userDataBytes += size
        captured[id, default: Captured()].userData = .inMemory(userData)
    }

    private func readRoles(of ids: [String]) async {
        for start in stride(from: 0, to: ids.count, by: 50) {
            let batch = Array(ids[start..<min(start + 50, ids.count)])
            var request = DescribeInstanceRamRoleRequest()
            request.instanceIds = batch
            request.pageSize = 50
            do {
                var roles: [String: String] = [:]
                for try await page in client.describeInstanceRamRolePages(request) {
                    for set in page.instanceRamRoles {
                        if let id = set.instanceId, let role = set.ramRoleName, !role.isEmpty { roles[id] = role }
                    }
                }
                for id in batch { captured[id, default: Captured()].ramRoleName = .some(roles[id]) }
            } catch {
                logger.warning("Reading RAM roles failed; tried again later", metadata: ["spot.instances": "\(batch.count)", "spot.error": "\(error)"])
            }
        }
    }

    /// The instance's user data (`.some(nil)`: it has none), or `nil` when it could not be read.
    private func readUserData(of id: String) async -> String?? {
        do {
            let answer = try await client.describeUserData(DescribeUserDataRequest(instanceId: id))
            return .some(answer.userData.flatMap { $0.isEmpty ? nil : $0 })
        } catch {
            logger.warning("Reading user data failed; tried again later", metadata: ["spot.instance": "\(id)", "spot.error": "\(error)"])
            return nil
        }
    }
}
