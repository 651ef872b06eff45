import AliyunECS
import AliyunECSTesting
import Foundation
import Testing

/// DescribeInstances' filters and both of its paging styles.
@Suite("Simulator: DescribeInstances filters and paging", .timeLimit(.minutes(1)))
struct DescribeInstancesTests {
    @Test("InstanceIds returns exactly the listed live instances, each once, in creation order")
    func instanceIds() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 10)
        let client = try region.makeClient(retryPolicy: .none)
        let wanted = [ids[7], ids[2], "i-doesnotexist", ids[5], ids[2]]
        let response = try await client.describeInstances(DescribeInstancesRequest(instanceIds: wanted))
        #expect(response.instances.map(\.instanceId) == [ids[2], ids[5], ids[7]])
        #expect(response.totalCount == 3)
    }

    @Test("More than 100 InstanceIds is refused; exactly 100 is fine")
    func tooManyIds() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 101)
        let client = try region.makeClient(retryPolicy: .none)
        let hundred = try await client.describeInstances(DescribeInstancesRequest().with {
            $0.instanceIds = Array(ids.prefix(100))
            $0.maxResults = 100
        })
        #expect(hundred.instances.count == 100)

        let error = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstances(DescribeInstancesRequest().with {
                $0.instanceIds = ids
                $0.maxResults = 100
            })
        }
        #expect(error?.httpStatus == 400)
        #expect(error?.code.hasPrefix("InvalidInstanceIds") == true)
    }

    @Test("LockReason=Recycling returns only the instances marked for reclaim")
    func lockReason() async throws {
        let (region, clock) = try Sim.region()
        let ids = region.addInstances(count: 6)
        region.scheduleInterruption(of: [ids[1], ids[4]], after: .seconds(10))
        let client = try region.makeClient(retryPolicy: .none)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.lockReason = .recycling
        }).instances.isEmpty)

        await clock.advance(by: .seconds(10))
        let marked = try await client.describeInstances(DescribeInstancesRequest().with { $0.lockReason = .recycling })
        #expect(marked.instances.map(\.instanceId) == [ids[1], ids[4]])
        #expect(marked.instances.allSatisfy { instance in instance.operationLocks.map { $0.lockReason } == [.recycling] })
        // ECS spells it in lower case in answers; the filter ignores case.
        let lower = try await client.describeInstances(DescribeInstancesRequest().with {
            $0.lockReason = LockReason(rawValue: "recycling")
        })
        #expect(lower.instances.count == 2)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.lockReason = .financial
        }).instances.isEmpty)
        // Without the filter every instance is listed, the marked ones with their lock.
        let all = try await client.describeInstances(DescribeInstancesRequest().with { $0.pageSize = 100 })
        #expect(all.instances.filter { !$0.operationLocks.isEmpty }.map(\.instanceId) == [ids[1], ids[4]])
    }

    @Test("Tag filters: key and value, or key alone")
    func tags() async throws {
        let (region, _) = try Sim.region()
        let ml = region.addInstances(count: 2, tags: [ResourceTag(key: "team", value: "ml")])
        let web = region.addInstances(count: 3, tags: [ResourceTag(key: "team", value: "web")])
        region.addInstances(count: 1)
        let client = try region.makeClient(retryPolicy: .none)
        let byValue = try await client.describeInstances(DescribeInstancesRequest().with {
            $0.tags = [ECSTag(key: "team", value: "ml")]
        })
        #expect(byValue.instances.map(\.instanceId) == ml)
        let byKey = try await client.describeInstances(DescribeInstancesRequest().with {
            $0.tags = [ECSTag(key: "team")]
        })
        #expect(byKey.instances.map(\.instanceId) == ml + web)
        let none = try await client.describeInstances(DescribeInstancesRequest().with {
            $0.tags = [ECSTag(key: "team", value: "ops")]
        })
        #expect(none.instances.isEmpty)
    }

    @Test("Status and zone filters")
    func statusAndZone() async throws {
        let (region, clock) = try Sim.region()
        let runningI = region.addInstances(count: 2, zoneId: "cn-hangzhou-i")
        let runningK = region.addInstances(count: 1, zoneId: "cn-hangzhou-k")
        let client = try region.makeClient(retryPolicy: .none)
        let pending = try await client.runInstances(Sim.launch(zoneId: "cn-hangzhou-j", vSwitchId: "vsw-sim-j")).instanceIds

        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.status = .pending
        }).instances.map(\.instanceId) == pending)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.status = .running
        }).instances.map(\.instanceId) == runningI + runningK)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.zoneId = "cn-hangzhou-k"
        }).instances.map(\.instanceId) == runningK)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.zoneId = "cn-hangzhou-j"
            $0.status = .running
        }).instances.isEmpty)

        await clock.advance(by: .seconds(20))
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.status = .pending
        }).instances.isEmpty)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.zoneId = "cn-hangzhou-j"
            $0.status = .running
        }).instances.map(\.instanceId) == pending)
    }

    @Test("NextToken + MaxResults pages through everything, the last page with an empty token")
    func tokenPaging() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 25)
        let client = try region.makeClient(retryPolicy: .none)
        var seen: [String] = []
        var tokens: [String] = []
        var request = DescribeInstancesRequest().with { $0.maxResults = 10 }
        while true {
            let page = try await client.describeInstances(request)
            seen += page.instances.map(\.instanceId)
            let token = page.nextToken ?? ""
            tokens.append(token)
            if token.isEmpty { break }
            request.nextToken = token
            #expect(tokens.count < 10, "paging must end")
        }
        #expect(seen == ids)
        #expect(tokens.count == 3)
        #expect(tokens.last == "")
        #expect(region.calls.map { $0.parameters["MaxResults"] } == ["10", "10", "10"])

        let bad = await #expect(throws: ECSServiceError.self) {
            try await client.describeInstances(DescribeInstancesRequest().with {
                $0.maxResults = 10
                $0.nextToken = "not-a-token"
            })
        }
        #expect(bad?.code == "InvalidParameter.NextToken")
    }

    @Test("MaxResults below 10 is treated as 10 and above 100 as 100, as ECS does")
    func maxResultsBounds() async throws {
        let (region, _) = try Sim.region()
        region.addInstances(count: 120)
        let client = try region.makeClient(retryPolicy: .none)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.maxResults = 3
        }).instances.count == 10)
        #expect(try await client.describeInstances(DescribeInstancesRequest().with {
            $0.maxResults = 500
        }).instances.count == 100)
    }

    @Test("PageNumber + PageSize pages by number, with TotalCount")
    func numberPaging() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 25)
        let client = try region.makeClient(retryPolicy: .none)
        var seen: [String] = []
        for number in 1...3 {
            let page = try await client.describeInstances(DescribeInstancesRequest().with {
                $0.pageNumber = number
                $0.pageSize = 10
            })
            #expect(page.totalCount == 25)
            #expect(page.pageNumber == number)
            #expect(page.pageSize == 10)
            #expect(page.nextToken == nil)
            seen += page.instances.map(\.instanceId)
        }
        #expect(seen == ids)
        let beyond = try await client.describeInstances(DescribeInstancesRequest().with {
            $0.pageNumber = 4
            $0.pageSize = 10
        })
        #expect(beyond.instances.isEmpty)
        #expect(beyond.totalCount == 25)
    }

    @Test("The client's page sequences walk both styles to the end")
    func pageSequences() async throws {
        let (region, _) = try Sim.region()
        let ids = region.addInstances(count: 130, tags: [ResourceTag(key: "fleet", value: "a")])
        region.addInstances(count: 5)
        let client = try region.makeClient(retryPolicy: .none)
        var byToken: [String] = []
        for try await instance in client.allInstances(DescribeInstancesRequest().with {
            $0.tags = [ECSTag(key: "fleet", value: "a")]
        }) {
            byToken.append(instance.instanceId)
        }
        #expect(byToken == ids)
        region.resetCalls()
        var byNumber: [String] = []
        for try await instance in client.allInstances(DescribeInstancesRequest().with {
            $0.tags = [ECSTag(key: "fleet", value: "a")]
            $0.pageNumber = 1
            $0.pageSize = 50
        }) {
            byNumber.append(instance.instanceId)
        }
        #expect(byNumber == ids)
        #expect(region.calls.map { $0.parameters["PageNumber"] } == ["1", "2", "3"])
    }

    @Test("An instance described again is described as it is now: unchanged, the same bytes; changed, the change")
    func describedAfterChanges() async throws {
        let (region, clock) = try Sim.region()
        let bodies = BodyLog()
        let inner = region.transport
        let recording = ClosureTransport { request in
            let response = try await inner.send(request)
            if request.headers[header: "x-acs-action"] == "DescribeInstances" { bodies.append(response.body) }
            return response
        }
        let client = try Sim.client(for: region, transport: recording)
        let id = try #require(try await client.runInstances(Sim.launch()).instanceIds.first)
        let others = region.addInstances(count: 3)
        func describe() async throws -> ECSInstance {
            let page = try await client.describeInstances(DescribeInstancesRequest(instanceIds: [id] + others))
            #expect(page.instances.map(\.instanceId) == [id] + others)
            return try #require(page.instances.first)
        }

        #expect(try await describe().status == .pending)
        #expect(try await describe().status == .pending)
        let first = bodies.all
        #expect(first.count == 2)
        // The second answer reuses the first one's instances: only the request ID differs.
        func withoutRequestId(_ body: Data) throws -> NSDictionary {
            var object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            object["RequestId"] = nil
            return object as NSDictionary
        }
        #expect(try withoutRequestId(first[0]) == withoutRequestId(first[1]))
        #expect(first[0].count == first[1].count)

        await clock.advance(by: .seconds(20))
        #expect(try await describe().status == .running)
        _ = try await client.tagResources(TagResourcesRequest(resourceIds: [id], resourceType: "instance", tags: [ECSTag(key: "team", value: "ml")]))
        #expect(try await describe().tags.map(\.key) == ["team"])
        region.scheduleInterruption(of: [id], after: .seconds(5))
        await clock.advance(by: .seconds(5))
        #expect(try await describe().operationLocks.map(\.lockReason) == [.recycling])
        _ = try await client.stopInstance(StopInstanceRequest(instanceId: id))
        let stopped = try await describe()
        #expect(stopped.status == .stopped)
        #expect(stopped.operationLocks.isEmpty)
    }

    @Test("A remembered instance follows what time alone changes: the lock, the stop, Starting to Running, the release")
    func describedAcrossTimedChanges() async throws {
        let (region, clock) = try Sim.region()
        let id = try #require(region.addInstances(count: 1, spotInterruptionBehavior: .stop).first)
        let client = try Sim.client(for: region)
        // Each state is described twice, so that the second answer comes from what the first one remembered.
        func describeTwice() async throws -> ECSInstance? {
            let first = try await Sim.describe(id, with: client)
            let second = try await Sim.describe(id, with: client)
            #expect(first == second)
            return second
        }

        #expect(try await describeTwice()?.status == .running)
        region.scheduleInterruption(of: [id], after: .seconds(10))
        #expect(try await describeTwice()?.operationLocks.isEmpty == true)
        await clock.advance(by: .seconds(20))
        let locked = try #require(try await describeTwice())
        #expect(locked.status == .running && locked.operationLocks.map(\.lockReason) == [.recycling])
        await clock.advance(by: .seconds(300))
        let reclaimed = try #require(try await describeTwice())
        #expect(reclaimed.status == .stopped && reclaimed.stoppedMode == .stopCharging && reclaimed.operationLocks.isEmpty)
        _ = try await client.startInstance(StartInstanceRequest(instanceId: id))
        let starting = try #require(try await describeTwice())
        #expect(starting.status == .starting && starting.stoppedMode == .notApplicable)
        await clock.advance(by: .seconds(30))
        #expect(try await describeTwice()?.status == .running)
        _ = try await client.stopInstance(StopInstanceRequest(instanceId: id).with { $0.stoppedMode = "KeepCharging" })
        #expect(try await describeTwice()?.stoppedMode == .keepCharging)
        _ = try await client.deleteInstance(DeleteInstanceRequest(instanceId: id))
        #expect(try await describeTwice() == nil)
    }
}

/// Response bodies seen by a test transport.
final class BodyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [Data] = []

    func append(_ body: Data) {
        lock.withLock { bodies.append(body) }
    }

    var all: [Data] { lock.withLock { bodies } }
}
