import AliyunECSTesting
import Foundation
import Testing
@testable import AliyunECS

/// Async sequences over every page, in both of DescribeInstances' paging styles and DescribeImages'.
@Suite("Pagination")
struct PaginationTests {
    @Test("DescribeInstances pages with NextToken + MaxResults until the token is empty")
    func nextToken() async throws {
        let region = SimulatedRegion()
        let ids = region.addInstances(count: 250)
        let client = try region.makeClient()
        var pages = 0
        var seen: [String] = []
        for try await page in client.describeInstancesPages(DescribeInstancesRequest()) {
            pages += 1
            seen += page.instances.map(\.instanceId)
        }
        #expect(pages == 3)
        #expect(seen == ids)
        let calls = region.calls(of: "DescribeInstances")
        #expect(calls.allSatisfy { $0.parameters["MaxResults"] == "100" })
        #expect(calls.dropFirst().allSatisfy { $0.parameters["NextToken"] != nil })
    }

    @Test("The older PageNumber + PageSize style stops at TotalCount")
    func pageNumbers() async throws {
        let region = SimulatedRegion()
        let ids = region.addInstances(count: 45)
        let client = try region.makeClient()
        let all = try await client.allInstances(DescribeInstancesRequest().with {
            $0.pageNumber = 1
            $0.pageSize = 20
        }).collect()
        #expect(all.map(\.instanceId) == ids)
        #expect(region.calls(of: "DescribeInstances").map { $0.parameters["PageNumber"] } == ["1", "2", "3"])
    }

    @Test("Items are fetched lazily: stopping early stops the calls")
    func lazy() async throws {
        let region = SimulatedRegion()
        region.addInstances(count: 500)
        let client = try region.makeClient()
        var count = 0
        for try await _ in client.allInstances(DescribeInstancesRequest()) {
            count += 1
            if count == 150 { break }
        }
        #expect(region.calls.count == 2)
    }

    @Test("DescribeImages pages with PageNumber + PageSize until TotalCount")
    func images() async throws {
        let region = SimulatedRegion()
        let ids = region.addInstances(count: 1)
        let client = try region.makeClient()
        let clock = try #require(region.virtualClock)
        var made: [String] = []
        for index in 0..<23 {
            made.append(try await client.createImage(CreateImageRequest().with {
                $0.instanceId = ids[0]
                $0.imageName = "img-\(index)"
            }).imageId)
        }
        await clock.advance(by: .seconds(3600))
        let pages = try await Array(client.describeImagesPages(DescribeImagesRequest().with { $0.pageSize = 10 }))
        #expect(pages.count == 3)
        #expect(pages.flatMap(\.images).map(\.imageId) == made)
        #expect(region.calls(of: "DescribeImages").map { $0.parameters["PageNumber"] } == ["1", "2", "3"])
    }

    @Test("A server that repeats its NextToken is reported, not looped on")
    func repeatedToken() async throws {
        let page = #"{"RequestId":"r","NextToken":"same","Instances":{"Instance":[{"InstanceId":"i-1"}]}}"#
        let transport = ScriptedTransport([.respond(200, page), .respond(200, page), .respond(200, page)])
        let client = try TestClients.client(transport: transport)
        await #expect(throws: ECSClientError.self) {
            for try await _ in client.describeInstancesPages(DescribeInstancesRequest()) {}
        }
        #expect(transport.requests.count == 2)
    }
}

extension Array {
    init<S: AsyncSequence>(_ sequence: S) async throws where S.Element == Element {
        self.init()
        for try await element in sequence { append(element) }
    }
}
