import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// ClientToken idempotency as ECS does it: the same token with the same parameters returns the first
/// result; with different parameters it is `IdempotentParameterMismatch`.
@Suite("Simulator: ClientToken idempotency", .timeLimit(.minutes(1)))
struct IdempotencyTests {
    @Test("RunInstances: the same token and parameters return the first instances and launch nothing new", arguments: Sim.algorithms)
    func runInstancesReplay(algorithm: SignatureAlgorithm) async throws {
        let (region, clock) = try Sim.region()
        let client = try region.makeClient(signatureAlgorithm: algorithm, retryPolicy: .none)
        let first = try await client.runInstances(Sim.launch(amount: 2, clientToken: "launch-token-1"))
        await clock.advance(by: .seconds(90))
        let second = try await client.runInstances(Sim.launch(amount: 2, clientToken: "launch-token-1"))
        #expect(second.instanceIds == first.instanceIds)
        #expect(second.requestId != first.requestId, "a replay is a new request")
        #expect(region.allInstances.count == 2)
        #expect(region.calls(of: "RunInstances").map(\.succeeded) == [true, true])

        // Another token is another launch.
        let third = try await client.runInstances(Sim.launch(amount: 2, clientToken: "launch-token-2"))
        #expect(Set(third.instanceIds).isDisjoint(with: first.instanceIds))
        #expect(region.allInstances.count == 4)
    }

    @Test("RunInstances: the same token with different parameters is IdempotentParameterMismatch", arguments: Sim.algorithms)
    func runInstancesMismatch(algorithm: SignatureAlgorithm) async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(signatureAlgorithm: algorithm, retryPolicy: .none)
        _ = try await client.runInstances(Sim.launch(clientToken: "launch-token"))
        let error = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(instanceType: "ecs.g7.xlarge", clientToken: "launch-token"))
        }
        #expect(error?.code == "IdempotentParameterMismatch")
        #expect(error?.isIdempotencyMismatch == true)
        #expect(error?.httpStatus == 400)
        #expect(region.allInstances.count == 1)
        #expect(region.allInstances.first?.instanceType == "ecs.g7.large")
    }

    @Test("The same token with one parameter more, or one fewer, is IdempotentParameterMismatch")
    func mismatchByPresence() async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        _ = try await client.runInstances(Sim.launch(clientToken: "presence-token"))
        let more = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(tags: [ECSTag(key: "team", value: "ml")], clientToken: "presence-token"))
        }
        #expect(more?.code == "IdempotentParameterMismatch")
        let fewer = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(zoneId: nil, clientToken: "presence-token"))
        }
        #expect(fewer?.code == "IdempotentParameterMismatch")
        #expect(region.allInstances.count == 1)
    }

    @Test("Launches from one template, each with its own token, are each a launch; a changed template is read afresh")
    func oneTemplateManyTokens() async throws {
        let (region, _) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        let first = try await client.runInstances(Sim.launch(clientToken: "template-1")).instanceIds
        let second = try await client.runInstances(Sim.launch(clientToken: "template-2")).instanceIds
        #expect(first != second)
        #expect(try await client.runInstances(Sim.launch(clientToken: "template-1")).instanceIds == first)
        let larger = try await client.runInstances(Sim.launch(instanceType: "ecs.g7.xlarge", clientToken: "template-3")).instanceIds
        #expect(region.allInstances.count == 3)
        #expect(larger.compactMap { region.instance($0)?.instanceType } == ["ecs.g7.xlarge"])
        let mismatch = await #expect(throws: ECSServiceError.self) {
            try await client.runInstances(Sim.launch(clientToken: "template-3"))
        }
        #expect(mismatch?.code == "IdempotentParameterMismatch")
    }

    @Test("Tokens are kept per action: CreateImage may reuse a RunInstances token")
    func perAction() async throws {
        let (region, clock) = try Sim.region()
        let client = try region.makeClient(retryPolicy: .none)
        let launched = try await client.runInstances(Sim.launch(clientToken: "shared-token"))
        let id = try #require(launched.instanceIds.first)
        await clock.advance(by: .seconds(60))
        let image = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = id
            $0.imageName = "img"
            $0.clientToken = "shared-token"
        })
        #expect(region.images.map(\.id) == [image.imageId])
    }

    @Test("CreateImage: the same token and parameters return the first image; different parameters are a mismatch")
    func createImage() async throws {
        let (region, clock) = try Sim.region()
        let ids = region.addInstances(count: 2)
        let client = try region.makeClient(retryPolicy: .none)

        let first = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[0]
            $0.imageName = "golden"
            $0.clientToken = "image-token"
        })
        await clock.advance(by: .seconds(30))
        let again = try await client.createImage(CreateImageRequest().with {
            $0.instanceId = ids[0]
            $0.imageName = "golden"
            $0.clientToken = "image-token"
        })
        #expect(again.imageId == first.imageId)
        #expect(region.images.count == 1)

        let error = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with {
                $0.instanceId = ids[1]
                $0.imageName = "golden"
                $0.clientToken = "image-token"
            })
        }
        #expect(error?.code == "IdempotentParameterMismatch")
        #expect(region.images.count == 1)

        // Without a matching token, the same name is a duplicate.
        let duplicate = await #expect(throws: ECSServiceError.self) {
            try await client.createImage(CreateImageRequest().with {
                $0.instanceId = ids[0]
                $0.imageName = "golden"
                $0.clientToken = "image-token-2"
            })
        }
        #expect(duplicate?.code == "InvalidImageName.Duplicated")
    }

    @Test("Retries after a lost answer reuse the token: one instance, the first IDs")
    func retriedLaunch() async throws {
        let (region, clock) = try Sim.region()
        region.inject(.responseLostAfterEffect(action: "RunInstances", times: 2))
        let client = try region.makeClient()
        let response = try await clock.run { try await client.runInstances(Sim.launch()) }
        let calls = region.calls(of: "RunInstances")
        #expect(calls.map(\.outcome) == [.responseLost, .responseLost, .success])
        #expect(Set(calls.compactMap(\.clientToken)).count == 1)
        #expect(region.allInstances.map(\.id) == response.instanceIds)
    }
}
