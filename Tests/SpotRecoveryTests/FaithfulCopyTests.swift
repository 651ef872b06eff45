import AliyunECS
import AliyunECSTesting
import Foundation
import SpotRecovery
import Testing

/// A replacement is a copy of its source: what it runs as (key pair, RAM role, user data), where it bills
/// (resource group, bandwidth and its charge type), how it is reclaimed (spot strategy, price limit,
/// interruption behaviour), where it lives (security groups, deployment set) and the tags that keep it in
/// its fleet.
@Suite("Faithful replacements")
struct FaithfulCopyTests {
    static let fleet = WatchTarget.tagged(key: "team", value: "batch")
    static let userData = Data("#!/bin/sh\necho started > /tmp/boot\n".utf8).base64EncodedString()

    static var launch: SimulatedLaunchSpecification {
        SimulatedLaunchSpecification(
            securityGroupIds: ["sg-web", "sg-ssh"], keyPairName: "fleet-key", ramRoleName: "WorkerRole", userData: userData,
            resourceGroupId: "rg-batch", hostName: "worker-host", spotStrategy: .spotWithPriceLimit, spotPriceLimit: 0.5, spotDuration: 1,
            spotInterruptionBehavior: .terminate, internetMaxBandwidthOut: 5, internetChargeType: .payByBandwidth,
            deploymentSetId: "ds-spread", creditSpecification: "Unlimited", deletionProtection: true,
            tags: (1...18).map { ResourceTag(key: "label-\($0)", value: "\($0)") } + [ResourceTag(key: "team", value: "batch")])
    }

    static func replacement(of source: String, in scenario: Scenario) throws -> SimulatedInstance {
        let found = scenario.region.liveInstances.filter { $0.tags.contains { $0.key == SpotRecoverer.sourceTagKey && $0.value == source } }
        try #require(found.count == 1, "one replacement, not \(found.count)")
        return found[0]
    }

    static func expectCopy(_ copy: SimulatedInstance, of source: SimulatedInstance, in scenario: Scenario, userData expected: String?) {
        #expect(copy.zoneId == source.zoneId && copy.vSwitchId == source.vSwitchId && copy.instanceType == source.instanceType)
        #expect(copy.securityGroupIds == ["sg-web", "sg-ssh"])
        #expect(copy.keyPairName == "fleet-key")
        #expect(copy.ramRoleName == "WorkerRole")
        #expect(scenario.region.userData(ofInstance: copy.id) == expected)
        #expect(copy.resourceGroupId == "rg-batch")
        #expect(copy.hostName == "worker-host")
        #expect(copy.spotStrategy == .spotWithPriceLimit && copy.spotPriceLimit == 0.5 && copy.spotDuration == 1)
        #expect(copy.spotInterruptionBehavior == .terminate)
        #expect(copy.internetMaxBandwidthOut == 5 && copy.internetChargeType == .payByBandwidth)
        #expect(copy.deploymentSetId == "ds-spread" && copy.creditSpecification == "Unlimited" && copy.deletionProtection == true)
        #expect(copy.tags.count == 20)
        #expect(copy.tags.contains { $0.key == "team" && $0.value == "batch" }, "the fleet's tag, last of the source's 19, is kept")
    }

    @Test("Recovered while the source lives: the replacement copies everything, with the RAM role and user data read before the notice")
    func liveRecovery() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", launch: Self.launch).first)
        let source = try #require(scenario.region.instance(id))
        let recoverer = scenario.recoverer
        // What a service does with every member it lists (spot-guardian: each reconciliation round).
        await recoverer.specifications.observe(try await scenario.client.describeInstances(DescribeInstancesRequest(instanceIds: [id])).instances)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(60))
        let events = Collector<RecoveryEvent>()
        try await scenario.clock.run {
            try await recoverer.recover(Self.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(120)))) { events.append($0) }
        }
        let copy = try Self.replacement(of: id, in: scenario)
        Self.expectCopy(copy, of: source, in: scenario, userData: Self.userData)
        let mark = try #require(scenario.region.instance(id)?.recyclingMarkedAt)
        #expect(scenario.region.calls(of: "DescribeUserData").allSatisfy { $0.time < mark }, "read when the instance joined, not in the notice")
        #expect(scenario.region.calls(of: "DescribeInstanceRamRole").allSatisfy { $0.time < mark })
        let relaunch = try #require(events.values.compactMap { event -> Relaunch? in
            if case .relaunched(let relaunch) = event.kind { return relaunch }
            return nil
        }.first)
        #expect(relaunch.missing.isEmpty)
        #expect(relaunch.droppedTagKeys.count == 2, "ECS takes 20: SpotRecovery's 3 and the fleet's come first")
        #expect(!relaunch.droppedTagKeys.contains("team"))
        #expect(!scenario.region.calls(of: "RunInstances").contains { $0.parameters.values.contains(Self.userData) }, "user data never in the call record")
    }

    @Test("Killed and started again after the release: the journal still gives the user data; without it, the replacement says what it lacks")
    func afterReleaseWithAndWithoutJournal() async throws {
        for keepsJournal in [true, false] {
            let scenario = try Scenario(configuration: SimulatedRegionConfiguration(imageCreationDuration: .seconds(60)))
            let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", launch: Self.launch).first)
            let source = try #require(scenario.region.instance(id))
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let firstJournal = keepsJournal ? try RecoveryJournal(directory: directory) : nil
            let first = SpotRecoverer(client: scenario.client, journal: firstJournal)
            scenario.region.scheduleInterruption(of: [id], after: .seconds(60))
            await scenario.runKilled(after: { $0.action == "CreateImage" }) {
                try await first.recover(Self.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(3600)))) { _ in }
            }
            await scenario.clock.advance(by: .seconds(400))

            let secondJournal = keepsJournal ? try RecoveryJournal(directory: directory) : nil
            let second = SpotRecoverer(client: try scenario.region.makeClient(), journal: secondJournal)
            let report = try await scenario.clock.run { try await second.reconcile(Self.fleet) }
            let copy = try Self.replacement(of: id, in: scenario)
            let relaunch = try #require(report.outcomes.first?.relaunch)
            if keepsJournal {
                Self.expectCopy(copy, of: source, in: scenario, userData: Self.userData)
                #expect(relaunch.missing.isEmpty)
            } else {
                #expect(scenario.region.userData(ofInstance: copy.id) == nil)
                #expect(relaunch.missing == ["userData"], "launched without the user data, and said so")
                // Everything else came from the notice image's tags.
                #expect(copy.keyPairName == "fleet-key" && copy.ramRoleName == "WorkerRole" && copy.securityGroupIds == ["sg-web", "sg-ssh"])
                #expect(copy.tags.contains { $0.key == "team" && $0.value == "batch" })
            }
        }
    }

    @Test("A fleet with a launch template: the replacement is launched with the template, the recovery image, the source's place and its interruption behaviour")
    func launchTemplate() async throws {
        let scenario = try Scenario()
        var template = CreateLaunchTemplateRequest(launchTemplateName: "workers")
        template.keyPairName = "template-key"
        template.securityGroupIds = ["sg-template"]
        template.instanceType = "ecs.c7.large"
        template.spotStrategy = .spotAsPriceGo
        template.tags = [ECSTag(key: "from", value: "template")]
        let templateId = try scenario.region.addLaunchTemplate(template)
        var launch = Self.launch
        launch.spotInterruptionBehavior = .stop
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", launch: launch).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(60))
        let options = RecoveryOptions(
            watch: WatchOptions(timeout: .seconds(120)), relaunch: RelaunchOptions(launchTemplate: .id(templateId)),
            stopMode: StopModeOptions(restartInPlace: false))
        let recoverer = scenario.recoverer
        try await scenario.clock.run { try await recoverer.recover(Self.fleet, options: options) { _ in } }
        let copy = try Self.replacement(of: id, in: scenario)
        #expect(copy.keyPairName == "template-key" && copy.securityGroupIds == ["sg-template"], "the template's settings")
        #expect(copy.zoneId == "cn-hangzhou-j" && copy.instanceType == "ecs.g7.large", "the source's place and shape (the recovery decides them)")
        #expect(copy.spotInterruptionBehavior == .stop, "a launch template cannot hold it: sent with the launch")
        #expect(copy.imageId == scenario.region.images.first?.id)
        let run = try #require(scenario.region.calls(of: "RunInstances").last)
        #expect(run.parameters["LaunchTemplateId"] == templateId)
        #expect(run.parameters["KeyPairName"] == nil && run.parameters["UserData"] == nil)
    }
}

/// The local journal of what ECS cannot hold.
@Suite("Recovery journal")
struct RecoveryJournalTests {
    static func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)/state")
    }

    @Test("An entry survives reopening, readable by its owner only; a write cut short leaves the old entry")
    func durableAndPrivate() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let journal = try RecoveryJournal(directory: directory)
        var specification = LaunchSpecification(zoneId: "z", securityGroupIds: ["sg-1"], keyPairName: "k", userData: "c2VjcmV0")
        try await journal.store(specification, for: "i-one")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("i-one.json").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((directoryAttributes[.posixPermissions] as? Int) == 0o700)

        // A crash between the temporary file and the rename leaves a stray temporary file and the old entry.
        try Data("{torn".utf8).write(to: directory.appendingPathComponent(".tmp-i-one"))
        let reopened = try RecoveryJournal(directory: directory)
        #expect(await reopened.specification(for: "i-one") == specification)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".tmp-i-one").path))

        specification.userData = nil
        try await reopened.store(specification, for: "i-one")
        #expect(try await RecoveryJournal(directory: directory).specification(for: "i-one")?.userData == nil)
    }

    @Test("The journal keeps at most its bound, dropping the oldest; names that are not instance IDs are refused")
    func bounded() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let journal = try RecoveryJournal(directory: directory, maximumEntries: 3)
        for index in 1...5 {
            try await journal.store(LaunchSpecification(instanceType: "t\(index)"), for: "i-\(index)")
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await journal.count == 3)
        #expect(await journal.instanceIds == ["i-3", "i-4", "i-5"])
        await #expect(throws: RecoveryJournalError.self) { try await journal.store(LaunchSpecification(), for: "../etc/passwd") }
    }

    @Test("User data never shows in a specification's description or dump")
    func userDataRedacted() {
        let specification = LaunchSpecification(keyPairName: "k", userData: "c2VjcmV0LXRva2Vu")
        var dumped = ""
        dump(specification, to: &dumped)
        #expect(!specification.description.contains("c2VjcmV0LXRva2Vu"))
        #expect(!dumped.contains("c2VjcmV0LXRva2Vu"))
        #expect(specification.description.contains(Redaction.placeholder))
    }
}

/// An instance no one observed before its notice still gets a faithful replacement: its RAM role and user
/// data are read at the notice, while it still exists.
@Suite("Faithful replacements of unobserved instances")
struct UnobservedCopyTests {
    @Test("Not observed before: read at the notice, before CreateImage, and copied")
    func readAtTheNotice() async throws {
        let scenario = try Scenario()
        let id = try #require(scenario.region.addInstances(count: 1, zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j", launch: FaithfulCopyTests.launch).first)
        scenario.region.scheduleInterruption(of: [id], after: .seconds(30))
        let recoverer = scenario.recoverer
        try await scenario.clock.run {
            try await recoverer.recover(FaithfulCopyTests.fleet, options: RecoveryOptions(watch: WatchOptions(timeout: .seconds(60)))) { _ in }
        }
        let copy = try FaithfulCopyTests.replacement(of: id, in: scenario)
        #expect(copy.keyPairName == "fleet-key" && copy.ramRoleName == "WorkerRole")
        #expect(scenario.region.userData(ofInstance: copy.id) == FaithfulCopyTests.userData)
        let create = try #require(scenario.region.calls(of: "CreateImage").first?.sequence)
        #expect(scenario.region.calls(of: "DescribeUserData").allSatisfy { $0.sequence < create }, "the image's tags carry the role, so it is read first")
    }
}
