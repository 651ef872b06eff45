import Foundation
import Testing
@testable import AliyunECS

/// Every realistic response body decodes, and keeps decoding when ECS adds enum values or omits fields.
@Suite("Decoding response fixtures")
struct FixtureDecodingTests {
    let decoder = ECSJSONDecoder()

    @Test("A 100-instance DescribeInstances page decodes with its locks, tags, groups and network")
    func describeInstances() throws {
        let response = try decoder.decode(DescribeInstancesResponse.self, from: Fixtures.response("DescribeInstances-100.json"))
        #expect(response.instances.count == 100)
        #expect(response.totalCount == 100)
        #expect(response.requestId == "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E")
        #expect(response.nextToken == "")
        let first = try #require(response.instances.first)
        #expect(first.instanceId == "i-bpus25ikei6qmfy8yppn")
        #expect(first.description == "spot worker 中文")
        #expect(first.status == .running)
        #expect(first.spotStrategy == .spotAsPriceGo)
        #expect(first.zoneId == "cn-hangzhou-i")
        #expect(first.securityGroupIds == ["sg-bps9smrzrh60p2xk8p9"])
        #expect(first.vSwitchId == "vsw-bp4vsgkh31mxyj1ysmi")
        #expect(first.tags == [ResourceTag(key: "team", value: "batch")])
        #expect(first.creationTime == ECSTimestamp.date(from: "2026-11-20T08:00Z"))
        #expect(first.autoReleaseTime == nil, "an empty string means absent")
        #expect(first.networkInterfaces.first?.privateIpSets.first?.primary == true)
        let marked = response.instances.filter(\.isMarkedForRecycling)
        #expect(!marked.isEmpty, "the fixture carries Recycling locks")
        #expect(marked.allSatisfy { $0.operationLocks.contains { $0.lockReason == .recycling } })
    }

    @Test("A 100-image DescribeImages page decodes in every status")
    func describeImages() throws {
        let response = try decoder.decode(DescribeImagesResponse.self, from: Fixtures.response("DescribeImages-100.json"))
        #expect(response.images.count == 100)
        let statuses = Set(response.images.compactMap(\.status))
        #expect(statuses.isSuperset(of: [.available, .creating]))
        let first = try #require(response.images.first)
        #expect(first.imageId == "m-bpv00j2wblgf1k8v9xej")
        #expect(first.progressPercent == 100)
        #expect(first.diskDeviceMappings.count == 2)
        #expect(first.diskDeviceMappings.first?.size == "40", "the SDK models the size as text")
        #expect(first.diskDeviceMappings.first?.encrypted == false, "booleans arrive as strings")
        #expect(first.tags.first?.key == "spot-recovery:source")
        #expect(first.creationTime == ECSTimestamp.date(from: "2026-11-20T00:00:00Z"))
    }

    @Test("Documents of every density decode alike, again and again, whichever node buffer they get")
    func nodeBuffersOfEverySize() throws {
        // Compact lists take two bytes a node, far more nodes than the first buffer is sized for, so the
        // small buffers and the pooled ones both have to grow; decoding each body repeatedly reuses them.
        for count in [0, 1, 7, 8, 40, 49, 50, 300, 5_000] {
            let ids = (0..<count).map { "i-\($0)" }
            let body = Data(#"{"RequestId":"r","InstanceIdSets":{"InstanceIdSet":[\#(ids.map { "\"\($0)\"" }.joined(separator: ","))]}}"#.utf8)
            let numbers = Data("[\((0..<count).map { _ in "1" }.joined(separator: ","))]".utf8)
            for _ in 0..<3 {
                #expect(try decoder.decode(RunInstancesResponse.self, from: body).instanceIds == ids)
                #expect(try decoder.decode([Int].self, from: numbers) == Array(repeating: 1, count: count))
            }
        }
    }

    @Test("RunInstances and CreateImage answers decode")
    func smallResponses() throws {
        let run = try decoder.decode(RunInstancesResponse.self, from: Fixtures.response("RunInstances.json"))
        #expect(run.instanceIds == ["i-bp67acfmxazb4pd2****"])
        #expect(run.tradePrice == 0.165)
        #expect(run.orderId == "1234567890")
        let image = try decoder.decode(CreateImageResponse.self, from: Fixtures.response("CreateImage.json"))
        #expect(image.imageId == "m-bp146shijn7hujku****")
        #expect(image.requestId == "C8B26B44-0189-443E-9816-D951F59623A9")
    }

    @Test("Unknown enum values decode as themselves instead of failing the response")
    func unknownEnumValues() throws {
        var text = String(decoding: try Fixtures.response("DescribeInstances-100.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"Status\":\"Running\"", with: "\"Status\":\"Hibernating\"")
        text = text.replacingOccurrences(of: "\"SpotStrategy\":\"SpotAsPriceGo\"", with: "\"SpotStrategy\":\"SpotFlexible\"")
        text = text.replacingOccurrences(of: "\"InstanceChargeType\":\"PostPaid\"", with: "\"InstanceChargeType\":\"Savings\"")
        text = text.replacingOccurrences(of: "\"LockReason\":\"Recycling\"", with: "\"LockReason\":\"maintenance\"")
        text = text.replacingOccurrences(of: "\"LockReason\":\"recycling\"", with: "\"LockReason\":\"maintenance\"")
        let response = try decoder.decode(DescribeInstancesResponse.self, from: Data(text.utf8))
        #expect(response.instances.count == 100)
        #expect(response.instances.contains { $0.status?.rawValue == "Hibernating" })
        #expect(response.instances.contains { $0.spotStrategy?.rawValue == "SpotFlexible" })
        #expect(response.instances.contains { $0.instanceChargeType?.rawValue == "Savings" })
        #expect(!response.instances.contains { $0.isMarkedForRecycling })

        var images = String(decoding: try Fixtures.response("DescribeImages-100.json"), as: UTF8.self)
        images = images.replacingOccurrences(of: "\"Status\":\"Available\"", with: "\"Status\":\"Archived\"")
        let imageResponse = try decoder.decode(DescribeImagesResponse.self, from: Data(images.utf8))
        #expect(imageResponse.images.contains { $0.status?.rawValue == "Archived" })
    }

    @Test("Lock reasons match whatever their case")
    func lockReasonCase() {
        #expect(LockReason(rawValue: "recycling") == .recycling)
        #expect(LockReason(rawValue: "RECYCLING").isRecycling)
        #expect(Set([LockReason(rawValue: "recycling"), .recycling]).count == 1)
        #expect(LockReason(rawValue: "financial") != .recycling)
    }

    @Test("Responses missing optional fields still decode", arguments: ["DescribeInstances-100.json", "DescribeImages-100.json"])
    func missingOptionalFields(file: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Fixtures.response(file)) as? [String: Any])
        let listKey = file.hasPrefix("DescribeInstances") ? "Instances" : "Images"
        let itemKey = file.hasPrefix("DescribeInstances") ? "Instance" : "Image"
        let idKey = file.hasPrefix("DescribeInstances") ? "InstanceId" : "ImageId"
        var stripped = object
        var wrapper = try #require(object[listKey] as? [String: Any])
        let items = try #require(wrapper[itemKey] as? [[String: Any]])
        // Keep only the ID in every other item, and drop a different key from each of the rest.
        wrapper[itemKey] = items.enumerated().map { index, item -> [String: Any] in
            if index.isMultiple(of: 2) { return [idKey: item[idKey] ?? ""] }
            var copy = item
            let keys = copy.keys.sorted().filter { $0 != idKey }
            copy.removeValue(forKey: keys[index % keys.count])
            return copy
        }
        stripped[listKey] = wrapper
        stripped.removeValue(forKey: "TotalCount")
        stripped.removeValue(forKey: "RequestId")
        let data = try JSONSerialization.data(withJSONObject: stripped)
        if listKey == "Instances" {
            let response = try decoder.decode(DescribeInstancesResponse.self, from: data)
            #expect(response.instances.count == 100)
            #expect(response.totalCount == nil)
            #expect(response.instances[0].status == nil && response.instances[0].tags.isEmpty)
        } else {
            let response = try decoder.decode(DescribeImagesResponse.self, from: data)
            #expect(response.images.count == 100)
            #expect(response.images[0].status == nil && response.images[0].diskDeviceMappings.isEmpty)
        }
    }

    @Test("Numbers sent as strings, strings sent as numbers and both date forms decode")
    func lenientScalars() throws {
        let body = """
        {"RequestId":"r","TotalCount":"2","PageNumber":1,"PageSize":"10","NextToken":"",
         "Instances":{"Instance":[
           {"InstanceId":"i-1","Cpu":"4","Memory":8192.0,"CreationTime":"2026-11-20T08:00Z","StartTime":"2026-11-20T08:01:30Z",
            "IoOptimized":"true","SpotPriceLimit":"0.25","Description":12,"InternetMaxBandwidthOut":"","ExpiredTime":""},
           {"InstanceId":"i-2","Tags":{"Tag":[]},"OperationLocks":{"LockReason":[{"LockReason":"recycling"}]},"SecurityGroupIds":""}
         ]}}
        """
        let response = try decoder.decode(DescribeInstancesResponse.self, from: Data(body.utf8))
        #expect(response.totalCount == 2 && response.pageSize == 10)
        let first = response.instances[0]
        #expect(first.cpu == 4 && first.memory == 8192)
        #expect(first.ioOptimized == true)
        #expect(first.spotPriceLimit == 0.25)
        #expect(first.description == "12")
        #expect(first.internetMaxBandwidthOut == nil)
        #expect(first.expiredTime == nil)
        #expect(first.startTime == ECSTimestamp.date(from: "2026-11-20T08:01:30Z"))
        #expect(response.instances[1].isMarkedForRecycling)
        #expect(response.instances[1].securityGroupIds.isEmpty)
    }
}
