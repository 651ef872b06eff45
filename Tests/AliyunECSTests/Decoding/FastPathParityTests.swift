import Foundation
import Testing
@testable import AliyunECS

/// The generated fast paths (`Scripts/generate-fast-coding.py`) against the `Codable` paths they replace:
/// `ECSJSONDecoder.decode` (tape) vs `decodeWithCoder`, and `QueryEncoder.encode` (writer) vs `encodeWithCoder`.
///
/// The samples set every field of every model (checked), and every field is also mutated one at a time,
/// so a generated conformance that drops, swaps or misreads a field fails here.
@Suite("Fast path parity")
struct FastPathParityTests {
    // MARK: Responses

    @Test("Each response fixture decodes to the same value on both paths", arguments: [
        "DescribeInstances-100.json", "DescribeImages-100.json", "RunInstances.json", "CreateImage.json",
    ])
    func fixtures(name: String) throws {
        let bytes = [UInt8](try Fixtures.response(name))
        switch name {
        case "DescribeInstances-100.json":
            let value = Parity.decode(DescribeInstancesResponse.self, bytes, name)
            #expect(value?.instances.count == 100)
        case "DescribeImages-100.json":
            let value = Parity.decode(DescribeImagesResponse.self, bytes, name)
            #expect(value?.images.count == 100)
        case "RunInstances.json":
            let value = Parity.decode(RunInstancesResponse.self, bytes, name)
            #expect(value?.instanceIds.count == 1)
        case "CreateImage.json":
            let value = Parity.decode(CreateImageResponse.self, bytes, name)
            #expect(value?.imageId.isEmpty == false)
        default:
            Issue.record("no model for \(name)")
        }
    }

    @Test("The samples set every field of every response model")
    func samplesAreComplete() {
        #expect(Parity.unsetFields(of: Samples.fullInstance).isEmpty, "\(Parity.unsetFields(of: Samples.fullInstance))")
        #expect(Parity.unsetFields(of: Samples.fullImage).isEmpty, "\(Parity.unsetFields(of: Samples.fullImage))")
        for response in [Samples.describeInstances, Samples.describeImages, Samples.runInstances, Samples.createImage] as [any Sendable] {
            let unset = Parity.unsetFields(of: response)
            #expect(unset.isEmpty, "\(type(of: response)): \(unset)")
        }
    }

    @Test("Fully populated responses decode to the same value on both paths, and to what was encoded")
    func fullResponses() throws {
        let instances = Parity.decode(DescribeInstancesResponse.self, try Samples.json(Samples.describeInstances), "full")
        #expect(instances.map { Parity.dump($0) } == Parity.dump(Samples.describeInstances), "the round trip loses or changes a field")
        let images = Parity.decode(DescribeImagesResponse.self, try Samples.json(Samples.describeImages), "full")
        #expect(images.map { Parity.dump($0) } == Parity.dump(Samples.describeImages), "the round trip loses or changes a field")
        #expect(Parity.decode(RunInstancesResponse.self, try Samples.json(Samples.runInstances), "full") == Samples.runInstances)
        #expect(Parity.decode(CreateImageResponse.self, try Samples.json(Samples.createImage), "full") == Samples.createImage)
    }

    @Test("Whole-document leniency variants decode the same on both paths")
    func wholeDocumentVariants() throws {
        try forEachSample { name, tree, check in
            let variants: [(String, JSONTree)] = [
                ("scalars as strings", tree.stringifyingScalars()),
                ("bare lists", tree.unwrappingLists()),
                ("\"\" leaves", tree.replacingLeaves(with: .string(""))),
                ("null leaves", tree.replacingLeaves(with: .null)),
                ("\"\" containers", tree.replacingContainers(with: .string(""))),
                ("null containers", tree.replacingContainers(with: .null)),
                ("{} containers", tree.replacingContainers(with: .object([]))),
                ("no optional keys", tree.removingOptionalKeys()),
                ("unknown keys", tree.addingUnknownKeys()),
            ]
            for (label, variant) in variants {
                let decoded = check(variant.text, "\(name), \(label)")
                #expect(decoded, "\(name), \(label): expected both paths to decode")
            }
        }
    }

    @Test("Every single field replaced by every kind of JSON value: same value or same error on both paths")
    func fieldByFieldMutations() throws {
        let replacements: [JSONTree?] = [
            nil, .null, .string(""), .string("x"), .string(" 12 "), .string("true"), .string("2026-11-20T08:00Z"),
            .int(7), .int(-1), .int(Int64.max), .double(1.5), .bool(true), .object([]), .array([]), .array([.int(1)]),
            .object([("Item", .array([.object([("TagKey", .string("k"))])]))]),
        ]
        try forEachSample { name, tree, check in
            var decoded = 0
            var failed = 0
            for path in tree.paths() {
                for replacement in replacements {
                    let body = tree.replacing(at: path[...], with: replacement).text
                    if check(body, "\(name) at \(path) ← \(replacement?.text ?? "deleted")") { decoded += 1 } else { failed += 1 }
                }
            }
            #expect(decoded > 0 && failed > 0, "\(name): \(decoded) mutations decoded, \(failed) failed")
        }
    }

    @Test("Hand-written lenient bodies decode the same on both paths")
    func lenientBodies() throws {
        let lenient = #"""
        {"TotalCount":"1","PageSize":"","PageNumber":null,"NextToken":"","Unknown":{"A":[1,{"B":null}]},"Instances":{"Instance":[
         {"InstanceId":"i-1","Cpu":"2","Memory":" 4096 ","SpotPriceLimit":"0.5","IoOptimized":"true","DeletionProtection":1,
          "Recyclable":"FALSE","GPUAmount":"","CreationTime":"2026-11-20T08:00Z","StartTime":"2026-11-20T08:00:05Z",
          "ExpiredTime":"","AutoReleaseTime":null,"Description":"","InstanceName":null,"HostName":42,"SerialNumber":true,
          "Status":"Hibernating","SpotStrategy":"SpotFlexible","InstanceChargeType":"","InternetChargeType":null,
          "Tags":[{"TagKey":"a"},{"TagKey":"b","TagValue":null},{"TagKey":"c","TagValue":""},{"TagKey":7,"TagValue":8}],
          "OperationLocks":{"LockReason":[{"LockReason":"maintenance","LockMsg":""},{"LockReason":""},{"LockReason":"recycling"}]},
          "SecurityGroupIds":{},"PublicIpAddress":"","InnerIpAddress":null,"RdmaIpAddress":{"IpAddress":""},
          "VpcAttributes":{"PrivateIpAddress":["10.0.0.1"],"VpcId":"","NatIpAddress":null},"EipAddress":"","CpuOptions":null,
          "NetworkInterfaces":[{"PrivateIpSets":{},"Ipv6Sets":{"Ipv6Set":null},"Type":"Primary"}],
          "Instance\u0049d2":"unknown key with an escape","instanceid":"case differs: unknown","Unknown":[[[]]]},
         {"Instance\u0049d":"i-escaped-key","Description":"a\"b\u00e9\n","MetadataOptions":{},"ClockOptions":{"PtpStatus":""}},
         {"InstanceId":"first","InstanceId":"second","Cpu":2,"Cpu":"not a number","Tags":{"Tag":[]},"Tags":"not a list"}
        ]}}
        """#
        let response = Parity.decode(DescribeInstancesResponse.self, Array(lenient.utf8), "lenient DescribeInstances")
        let first = try #require(response?.instances.first)
        #expect(first.cpu == 2)
        #expect(first.memory == 4096)
        #expect(first.spotPriceLimit == 0.5)
        #expect(first.ioOptimized == true)
        #expect(first.deletionProtection == true)
        #expect(first.recyclable == false)
        #expect(first.gpuAmount == nil)
        #expect(first.creationTime == ECSTimestamp.date(from: "2026-11-20T08:00Z"))
        #expect(first.startTime != nil)
        #expect(first.expiredTime == nil)
        #expect(first.description == "", "an optional String keeps \"\"")
        #expect(first.instanceName == nil)
        #expect(first.hostName == "42")
        #expect(first.serialNumber == "true")
        #expect(first.status?.rawValue == "Hibernating")
        #expect(first.instanceChargeType == nil)
        #expect(first.tags.map(\.value) == ["", "", "", "8"])
        #expect(first.operationLocks.map { $0.lockReason?.rawValue } == ["maintenance", nil, "recycling"])
        #expect(first.vpcAttributes?.privateIpAddresses == ["10.0.0.1"])
        #expect(first.vpcAttributes?.vpcId == "")
        #expect(first.securityGroupIds.isEmpty && first.publicIpAddresses.isEmpty && first.rdmaIpAddresses.isEmpty)
        #expect(first.networkInterfaces.first?.type == "Primary")
        #expect(response?.instances.dropFirst().first?.instanceId == "i-escaped-key")
        #expect(response?.instances.dropFirst().first?.description == "a\"bé\n")
        #expect(response?.instances.last?.instanceId == "first", "the first of duplicate keys wins, as on the Codable path")
        #expect(response?.instances.last?.cpu == 2)
        #expect(response?.totalCount == 1)

        let images = #"""
        {"Images":[{"ImageId":123,"Size":"40","ImageOwnerId":"1234567890123","Usable":"true","CreationTime":"2026-11-20T00:00:00Z",
          "DiskDeviceMappings":{"DiskDeviceMapping":[{"Size":"100","Encrypted":"false","RemainTime":""}]},
          "DetectionOptions":{"Status":"Finished","Items":{"Item":[{"Name":"n","RiskLevel":""}]}},
          "Features":"","SecureBootOptions":{"SecureBootSupport":false},"Tags":{"Tag":[{"TagKey":"k"}]}}],
         "TotalCount":"100","RegionId":7}
        """#
        let imageResponse = Parity.decode(DescribeImagesResponse.self, Array(images.utf8), "lenient DescribeImages")
        let image = try #require(imageResponse?.images.first)
        #expect(image.imageId == "123")
        #expect(image.size == 40)
        #expect(image.imageOwnerId == 1_234_567_890_123)
        #expect(image.diskDeviceMappings.first?.size == 100)
        #expect(image.detectionOptions?.items.first?.name == "n")
        #expect(image.secureBootOptions?.secureBootSupport == "false")
        #expect(image.tags == [ResourceTag(key: "k", value: "")])
        #expect(imageResponse?.regionId == "7")

        let run = Parity.decode(RunInstancesResponse.self, Array(#"{"InstanceIdSets":["i-1","i-2"],"TradePrice":"0.165"}"#.utf8), "bare")
        #expect(run?.instanceIds == ["i-1", "i-2"])
        #expect(run?.tradePrice == 0.165)
        let empty = Parity.decode(RunInstancesResponse.self, Array(#"{"InstanceIdSets":{"InstanceIdSet":""},"OrderId":""}"#.utf8), "empty")
        #expect(empty?.instanceIds == [])
        #expect(empty?.orderId == "")
        #expect(Parity.decode(CreateImageResponse.self, Array(#"{"ImageId":"m-1","RequestId":null}"#.utf8), "image")?.imageId == "m-1")
    }

    @Test("Malformed bodies fail on both paths with the same error and coding path", arguments: [
        (#"{"Instances":{"Instance":[{"InstanceId":"i-1","CpuOptions":{"CoreCount":"many"}}]}}"#, "/Instances/Instance/[0]/CpuOptions/CoreCount"),
        (#"{"Instances":{"Instance":[{"InstanceId":"i-1","VpcAttributes":{"PrivateIpAddress":{"IpAddress":[{}]}}}]}}"#,
         "/Instances/Instance/[0]/VpcAttributes/PrivateIpAddress/IpAddress/[0]"),
        (#"{"Instances":{"Instance":[{"InstanceId":"i-1","NetworkInterfaces":{"NetworkInterface":[{"PrivateIpSets":[{"Primary":"yes"}]}]}}]}}"#,
         "/Instances/Instance/[0]/NetworkInterfaces/NetworkInterface/[0]/PrivateIpSets/[0]/Primary"),
        (#"{"Instances":{"Instance":[{"InstanceName":"no id"}]}}"#, "/Instances/Instance/[0]"),
        (#"{"Instances":{"Instance":[{"InstanceId":"i-1"},{"InstanceId":null}]}}"#, "/Instances/Instance/[1]/InstanceId"),
        (#"{"Instances":{"Instance":[{"InstanceId":{"Id":"i-1"}}]}}"#, "/Instances/Instance/[0]/InstanceId"),
        (#"{"Instances":[{"InstanceId":"i-1","Tags":{"Tag":[{"TagValue":"v"}]}}]}"#, "/Instances/[0]/Tags/Tag/[0]"),
        (#"{"Instances":[{"InstanceId":"i-1","Tags":{"Tag":[],"Extra":1}}]}"#, "/Instances/[0]/Tags"),
        (#"{"Instances":[{"InstanceId":"i-1","OperationLocks":{"LockReason":"recycling"}}]}"#, "/Instances/[0]/OperationLocks"),
        (#"{"Instances":[{"InstanceId":"i-1","CreationTime":"yesterday"}]}"#, "/Instances/[0]/CreationTime"),
        (#"{"Instances":[{"InstanceId":"i-1","EipAddress":[]}]}"#, "/Instances/[0]/EipAddress"),
        (#"{"Instances":[null]}"#, "/Instances/[0]"),
        (#"{"Instances":{"Instance":{"InstanceId":"i-1"}}}"#, "/Instances"),
        (#"{"Instances":true}"#, "/Instances"),
        (#"{"TotalCount":{"Value":1}}"#, "/TotalCount"),
        (#"{"TotalCount":"1.5"}"#, "/TotalCount"),
        (#"[]"#, "/"),
    ])
    func malformedInstances(body: String, path: String) {
        let error = Parity.decodeFailure(DescribeInstancesResponse.self, Array(body.utf8), body)
        #expect(error?.hasSuffix(" at \(path)") == true, "\(error ?? "no error")")
    }

    @Test("A document that is not an object fails at the root on both paths")
    func nonObjectDocument() {
        for body in ["[]", "null", "\"\"", "1", "[{}]"] {
            let bytes = Array(body.utf8)
            #expect(Parity.decodeFailure(DescribeInstancesResponse.self, bytes, body) == "typeMismatch(Dictionary<String, Any>) at /")
            let fast = Result { try ECSJSONDecoder().decode(DescribeInstancesResponse.self, from: bytes) }
            guard case .failure(let error) = fast else { continue }
            #expect(Parity.summary(error) == "typeMismatch(Dictionary<String, Any>) at /")
        }
    }

    @Test("Malformed image, launch and create-image bodies fail the same way on both paths")
    func malformedOthers() {
        let images: [(String, String)] = [
            (#"{"Images":{"Image":[{"ImageName":"no id"}]}}"#, "/Images/Image/[0]"),
            (#"{"Images":{"Image":[{"ImageId":null}]}}"#, "/Images/Image/[0]/ImageId"),
            (#"{"Images":{"Image":[{"ImageId":"m","DetectionOptions":{"Items":{"Item":[{"Name":[]}]}}}]}}"#,
             "/Images/Image/[0]/DetectionOptions/Items/Item/[0]/Name"),
            (#"{"Images":{"Image":[{"ImageId":"m","DiskDeviceMappings":{"DiskDeviceMapping":[{"Size":"big"}]}}]}}"#,
             "/Images/Image/[0]/DiskDeviceMappings/DiskDeviceMapping/[0]/Size"),
        ]
        for (body, path) in images {
            let error = Parity.decodeFailure(DescribeImagesResponse.self, Array(body.utf8), body)
            #expect(error?.hasSuffix(" at \(path)") == true, "\(error ?? "no error")")
        }
        let runs: [(String, String)] = [
            (#"{"InstanceIdSets":{"InstanceIdSet":["i-1",null]}}"#, "/InstanceIdSets/InstanceIdSet/[1]"),
            (#"{"InstanceIdSets":{"InstanceIdSet":"i-1"}}"#, "/InstanceIdSets"),
            (#"{"TradePrice":"cheap"}"#, "/TradePrice"),
        ]
        for (body, path) in runs {
            let error = Parity.decodeFailure(RunInstancesResponse.self, Array(body.utf8), body)
            #expect(error?.hasSuffix(" at \(path)") == true, "\(error ?? "no error")")
        }
        for body in [#"{}"#, #"{"ImageId":null}"#, #"{"ImageId":[]}"#, #"{"RequestId":"r","ImageID":"m"}"#] {
            #expect(Parity.decodeFailure(CreateImageResponse.self, Array(body.utf8), body) != nil)
        }
    }

    // MARK: Requests

    @Test("The captured official requests' models encode to the same parameters on both paths")
    func capturedRequests() throws {
        try Parity.encode(CapturedModels.runInstances)
        try Parity.encode(CapturedModels.describeInstances)
        try Parity.encode(CapturedModels.describeInstancesNextToken)
        try Parity.encode(CapturedModels.createImage)
        try Parity.encode(CapturedModels.describeImages)
    }

    @Test("Requests with every field set encode to the same parameters on both paths")
    func fullRequests() throws {
        let run = try Parity.encode(Samples.fullRunInstances)
        Parity.expectCovers(run, "", RunInstancesRequest.CodingKeys.self)
        Parity.expectCovers(run, "SystemDisk.", RunInstancesRequest.SystemDisk.CodingKeys.self)
        Parity.expectCovers(run, "DataDisk.1.", RunInstancesRequest.DataDisk.CodingKeys.self)
        Parity.expectCovers(run, "NetworkInterface.1.", RunInstancesRequest.NetworkInterface.CodingKeys.self)
        Parity.expectCovers(run, "NetworkOptions.", RunInstancesRequest.NetworkOptions.CodingKeys.self)
        Parity.expectCovers(run, "PrivateDnsNameOptions.", RunInstancesRequest.PrivateDnsNameOptions.CodingKeys.self)
        Parity.expectCovers(run, "ImageOptions.", RunInstancesRequest.ImageOptions.CodingKeys.self)
        Parity.expectCovers(run, "ClockOptions.", RunInstancesRequest.ClockOptions.CodingKeys.self)
        Parity.expectCovers(run, "CpuOptions.", RunInstancesRequest.CpuOptions.CodingKeys.self)
        Parity.expectCovers(run, "SecurityOptions.", RunInstancesRequest.SecurityOptions.CodingKeys.self)
        Parity.expectCovers(run, "SchedulerOptions.", RunInstancesRequest.SchedulerOptions.CodingKeys.self)
        Parity.expectCovers(run, "PrivatePoolOptions.", RunInstancesRequest.PrivatePoolOptions.CodingKeys.self)
        Parity.expectCovers(run, "HibernationOptions.", RunInstancesRequest.HibernationOptions.CodingKeys.self)
        Parity.expectCovers(run, "Arn.1.", RunInstancesRequest.Arn.CodingKeys.self)
        Parity.expectCovers(run, "Tag.1.", Tag.CodingKeys.self)
        #expect(run[parameter: "SpotPriceLimit"] == "0.123")
        #expect(run[parameter: "SecurityGroupIds.2"] == "sg-3")

        let instances = try Parity.encode(Samples.fullDescribeInstances)
        Parity.expectCovers(instances, "", DescribeInstancesRequest.CodingKeys.self)
        Parity.expectCovers(instances, "Filter.1.", DescribeInstancesRequest.Filter.CodingKeys.self)
        Parity.expectCovers(instances, "Tag.1.", Tag.CodingKeys.self)
        #expect(instances[parameter: "InstanceIds"] == #"["i-1", "i-\"2\"\\"]"#)

        let images = try Parity.encode(Samples.fullDescribeImages)
        Parity.expectCovers(images, "", DescribeImagesRequest.CodingKeys.self)
        Parity.expectCovers(images, "Filter.1.", DescribeImagesRequest.Filter.CodingKeys.self)
        #expect(images[parameter: "Status"] == "Creating,UnAvailable,Archived")

        let image = try Parity.encode(Samples.fullCreateImage)
        Parity.expectCovers(image, "", CreateImageRequest.CodingKeys.self)
        Parity.expectCovers(image, "DiskDeviceMapping.1.", CreateImageRequest.DiskDeviceMapping.CodingKeys.self)
        Parity.expectCovers(image, "Features.", CreateImageRequest.Features.CodingKeys.self)
        Parity.expectCovers(image, "SecureBootOptions.", CreateImageRequest.SecureBootOptions.CodingKeys.self)
    }

    @Test("Empty requests, empty lists and edge values encode the same on both paths")
    func edgeRequests() throws {
        #expect(try Parity.encode(RunInstancesRequest()).isEmpty)
        #expect(try Parity.encode(DescribeInstancesRequest()).isEmpty)
        #expect(try Parity.encode(DescribeImagesRequest()).isEmpty)
        #expect(try Parity.encode(CreateImageRequest()).isEmpty)

        var run = RunInstancesRequest(securityGroupIds: [], dataDisks: [], tags: [])
        run.spotPriceLimit = 100
        run.hostNames = [""]
        run.arns = [RunInstancesRequest.Arn()]
        run.systemDisk = RunInstancesRequest.SystemDisk()
        run.networkInterfaces = [RunInstancesRequest.NetworkInterface(ipv6Addresses: [], securityGroupIds: ["a", "b"])]
        let parameters = try Parity.encode(run)
        #expect(parameters[parameter: "SpotPriceLimit"] == "100")
        #expect(parameters[parameter: "HostNames.1"] == "")
        for price in [0.1, -0.0, 1e20, 123_456.789, .leastNonzeroMagnitude] {
            try Parity.encode(RunInstancesRequest(spotPriceLimit: price))
        }

        let instances = try Parity.encode(DescribeInstancesRequest(instanceIds: [], tags: [Tag(key: "k")], maxResults: Int.min))
        #expect(instances[parameter: "InstanceIds"] == "[]")
        #expect(instances[parameter: "Tag.1.Value"] == nil)
        let images = try Parity.encode(DescribeImagesRequest(status: []))
        #expect(images[parameter: "Status"] == "")
    }

    // MARK: Staying in sync

    @Test("Every request and response model takes its generated fast path")
    func conformances() {
        func writable(_ request: some ECSRequest) -> Bool { request is any QueryWritable }
        func tapeDecodable<Response: ECSResponse>(_ type: Response.Type) -> Bool { type is any JSONTapeDecodable.Type }
        #expect(writable(Samples.fullRunInstances))
        #expect(writable(Samples.fullDescribeInstances))
        #expect(writable(Samples.fullCreateImage))
        #expect(writable(Samples.fullDescribeImages))
        #expect(tapeDecodable(DescribeInstancesResponse.self))
        #expect(tapeDecodable(DescribeImagesResponse.self))
        #expect(tapeDecodable(RunInstancesResponse.self))
        #expect(tapeDecodable(CreateImageResponse.self))
    }

    @Test("Every generated type knows exactly the wire keys of its model's CodingKeys")
    func generatedWireKeys() {
        let check = Parity.expectWireKeys
        // Requests.
        check("RunInstancesRequest", RunInstancesRequest.generatedWireKeys, RunInstancesRequest.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.SystemDisk", RunInstancesRequest.SystemDisk.generatedWireKeys, RunInstancesRequest.SystemDisk.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.DataDisk", RunInstancesRequest.DataDisk.generatedWireKeys, RunInstancesRequest.DataDisk.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.NetworkInterface", RunInstancesRequest.NetworkInterface.generatedWireKeys, RunInstancesRequest.NetworkInterface.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.NetworkOptions", RunInstancesRequest.NetworkOptions.generatedWireKeys, RunInstancesRequest.NetworkOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.PrivateDnsNameOptions", RunInstancesRequest.PrivateDnsNameOptions.generatedWireKeys, RunInstancesRequest.PrivateDnsNameOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.ImageOptions", RunInstancesRequest.ImageOptions.generatedWireKeys, RunInstancesRequest.ImageOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.ClockOptions", RunInstancesRequest.ClockOptions.generatedWireKeys, RunInstancesRequest.ClockOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.CpuOptions", RunInstancesRequest.CpuOptions.generatedWireKeys, RunInstancesRequest.CpuOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.SecurityOptions", RunInstancesRequest.SecurityOptions.generatedWireKeys, RunInstancesRequest.SecurityOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.SchedulerOptions", RunInstancesRequest.SchedulerOptions.generatedWireKeys, RunInstancesRequest.SchedulerOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.PrivatePoolOptions", RunInstancesRequest.PrivatePoolOptions.generatedWireKeys, RunInstancesRequest.PrivatePoolOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.HibernationOptions", RunInstancesRequest.HibernationOptions.generatedWireKeys, RunInstancesRequest.HibernationOptions.CodingKeys.allCases.map(\.rawValue))
        check("RunInstancesRequest.Arn", RunInstancesRequest.Arn.generatedWireKeys, RunInstancesRequest.Arn.CodingKeys.allCases.map(\.rawValue))
        check("DescribeInstancesRequest", DescribeInstancesRequest.generatedWireKeys, DescribeInstancesRequest.CodingKeys.allCases.map(\.rawValue))
        check("DescribeInstancesRequest.Filter", DescribeInstancesRequest.Filter.generatedWireKeys, DescribeInstancesRequest.Filter.CodingKeys.allCases.map(\.rawValue))
        check("CreateImageRequest", CreateImageRequest.generatedWireKeys, CreateImageRequest.CodingKeys.allCases.map(\.rawValue))
        check("CreateImageRequest.DiskDeviceMapping", CreateImageRequest.DiskDeviceMapping.generatedWireKeys, CreateImageRequest.DiskDeviceMapping.CodingKeys.allCases.map(\.rawValue))
        check("CreateImageRequest.Features", CreateImageRequest.Features.generatedWireKeys, CreateImageRequest.Features.CodingKeys.allCases.map(\.rawValue))
        check("CreateImageRequest.SecureBootOptions", CreateImageRequest.SecureBootOptions.generatedWireKeys, CreateImageRequest.SecureBootOptions.CodingKeys.allCases.map(\.rawValue))
        check("DescribeImagesRequest", DescribeImagesRequest.generatedWireKeys, DescribeImagesRequest.CodingKeys.allCases.map(\.rawValue))
        check("DescribeImagesRequest.Filter", DescribeImagesRequest.Filter.generatedWireKeys, DescribeImagesRequest.Filter.CodingKeys.allCases.map(\.rawValue))
        check("Tag", Tag.generatedWireKeys, Tag.CodingKeys.allCases.map(\.rawValue))
        // Responses.
        check("RunInstancesResponse", RunInstancesResponse.generatedWireKeys, RunInstancesResponse.CodingKeys.allCases.map(\.rawValue))
        check("DescribeInstancesResponse", DescribeInstancesResponse.generatedWireKeys, DescribeInstancesResponse.CodingKeys.allCases.map(\.rawValue))
        check("CreateImageResponse", CreateImageResponse.generatedWireKeys, CreateImageResponse.CodingKeys.allCases.map(\.rawValue))
        check("DescribeImagesResponse", DescribeImagesResponse.generatedWireKeys, DescribeImagesResponse.CodingKeys.allCases.map(\.rawValue))
        check("ResourceTag", ResourceTag.generatedWireKeys, ResourceTag.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance", ECSInstance.generatedWireKeys, ECSInstance.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.OperationLock", ECSInstance.OperationLock.generatedWireKeys, ECSInstance.OperationLock.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.VpcAttributes", ECSInstance.VpcAttributes.generatedWireKeys, ECSInstance.VpcAttributes.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.EipAddress", ECSInstance.EipAddress.generatedWireKeys, ECSInstance.EipAddress.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.NetworkInterface", ECSInstance.NetworkInterface.generatedWireKeys, ECSInstance.NetworkInterface.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.NetworkInterface.PrivateIpSet", ECSInstance.NetworkInterface.PrivateIpSet.generatedWireKeys, ECSInstance.NetworkInterface.PrivateIpSet.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.NetworkInterface.Ipv6Set", ECSInstance.NetworkInterface.Ipv6Set.generatedWireKeys, ECSInstance.NetworkInterface.Ipv6Set.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.NetworkInterface.Ipv4PrefixSet", ECSInstance.NetworkInterface.Ipv4PrefixSet.generatedWireKeys, ECSInstance.NetworkInterface.Ipv4PrefixSet.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.NetworkInterface.Ipv6PrefixSet", ECSInstance.NetworkInterface.Ipv6PrefixSet.generatedWireKeys, ECSInstance.NetworkInterface.Ipv6PrefixSet.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.DedicatedHostAttribute", ECSInstance.DedicatedHostAttribute.generatedWireKeys, ECSInstance.DedicatedHostAttribute.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.DedicatedInstanceAttribute", ECSInstance.DedicatedInstanceAttribute.generatedWireKeys, ECSInstance.DedicatedInstanceAttribute.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.EcsCapacityReservationAttr", ECSInstance.EcsCapacityReservationAttr.generatedWireKeys, ECSInstance.EcsCapacityReservationAttr.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.CpuOptions", ECSInstance.CpuOptions.generatedWireKeys, ECSInstance.CpuOptions.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.MetadataOptions", ECSInstance.MetadataOptions.generatedWireKeys, ECSInstance.MetadataOptions.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.ImageOptions", ECSInstance.ImageOptions.generatedWireKeys, ECSInstance.ImageOptions.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.HibernationOptions", ECSInstance.HibernationOptions.generatedWireKeys, ECSInstance.HibernationOptions.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.PrivateDnsNameOptions", ECSInstance.PrivateDnsNameOptions.generatedWireKeys, ECSInstance.PrivateDnsNameOptions.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.SecurityOptions", ECSInstance.SecurityOptions.generatedWireKeys, ECSInstance.SecurityOptions.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.ClockOptions", ECSInstance.ClockOptions.generatedWireKeys, ECSInstance.ClockOptions.CodingKeys.allCases.map(\.rawValue))
        check("ECSInstance.AdditionalInfo", ECSInstance.AdditionalInfo.generatedWireKeys, ECSInstance.AdditionalInfo.CodingKeys.allCases.map(\.rawValue))
        check("ECSImage", ECSImage.generatedWireKeys, ECSImage.CodingKeys.allCases.map(\.rawValue))
        check("ECSImage.DetectionOptions", ECSImage.DetectionOptions.generatedWireKeys, ECSImage.DetectionOptions.CodingKeys.allCases.map(\.rawValue))
        check("ECSImage.DetectionOptions.Item", ECSImage.DetectionOptions.Item.generatedWireKeys, ECSImage.DetectionOptions.Item.CodingKeys.allCases.map(\.rawValue))
        check("ECSImage.DiskDeviceMapping", ECSImage.DiskDeviceMapping.generatedWireKeys, ECSImage.DiskDeviceMapping.CodingKeys.allCases.map(\.rawValue))
        check("ECSImage.Features", ECSImage.Features.generatedWireKeys, ECSImage.Features.CodingKeys.allCases.map(\.rawValue))
        check("ECSImage.SecureBootOptions", ECSImage.SecureBootOptions.generatedWireKeys, ECSImage.SecureBootOptions.CodingKeys.allCases.map(\.rawValue))
    }

    // MARK: Helpers

    /// Calls `body` with each fully populated response, as a JSON tree, and a checker that decodes a body on
    /// both paths, records a disagreement (the first few per sample, then a count) and returns whether both decoded.
    func forEachSample(_ body: (String, JSONTree, (String, String) -> Bool) throws -> Void) throws {
        func run<Value: Decodable & Equatable>(_ name: String, _ sample: Value, _ type: Value.Type) throws where Value: Encodable {
            var disagreements = 0
            try body(name, try Samples.tree(sample)) { text, label in
                switch Parity.compare(type, Array(text.utf8), compareDumps: false) {
                case .decoded: return true
                case .failed: return false
                case .disagreed(let reason):
                    disagreements += 1
                    if disagreements <= 5 { Issue.record("\(label): \(reason)") }
                    return false
                }
            }
            if disagreements > 5 { Issue.record("\(name): \(disagreements - 5) more bodies where the paths disagree") }
        }
        try run("DescribeInstances", Samples.describeInstances, DescribeInstancesResponse.self)
        try run("DescribeImages", Samples.describeImages, DescribeImagesResponse.self)
        try run("RunInstances", Samples.runInstances, RunInstancesResponse.self)
        try run("CreateImage", Samples.createImage, CreateImageResponse.self)
    }
}

/// Runs both paths and compares what they produce.
enum Parity {
    /// What the two paths made of one body.
    enum Outcome<Value> {
        /// Both decoded, to equal values.
        case decoded(Value)
        /// Both failed, with the same error (summarised).
        case failed(String)
        /// They disagree; why, in one line.
        case disagreed(String)
    }

    /// Decodes on both paths and compares: equal values, or the same `DecodingError` (kind, type, coding path).
    static func compare<Value: Decodable & Equatable>(_ type: Value.Type, _ bytes: [UInt8], compareDumps: Bool = true) -> Outcome<Value> {
        guard type is any JSONTapeDecodable.Type else { return .disagreed("\(type) has no generated fast path") }
        let fast = Result { try ECSJSONDecoder().decode(type, from: bytes) }
        let coder = Result { try ECSJSONDecoder().decodeWithCoder(type, from: bytes) }
        switch (fast, coder) {
        case (.success(let fastValue), .success(let coderValue)):
            // `==` ignores the case of lock reasons; the dumps do not.
            if fastValue != coderValue || (compareDumps && dump(fastValue) != dump(coderValue)) {
                return .disagreed("different values: " + firstDifference(dump(fastValue), dump(coderValue)))
            }
            return .decoded(fastValue)
        case (.failure(let fastError), .failure(let coderError)):
            if comparable(fastError) != comparable(coderError) {
                return .disagreed("the fast path failed with \(summary(fastError)), the Codable path with \(summary(coderError))")
            }
            return .failed(summary(coderError))
        case (.success, .failure(let coderError)):
            return .disagreed("only the Codable path failed: \(summary(coderError))")
        case (.failure(let fastError), .success):
            return .disagreed("only the fast path failed: \(summary(fastError))")
        }
    }

    /// ``compare(_:_:compareDumps:)``, recording an issue when the paths disagree; the value when both decoded.
    @discardableResult
    static func decode<Value: Decodable & Equatable>(
        _ type: Value.Type, _ bytes: [UInt8], _ label: String, compareDumps: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Value? {
        switch compare(type, bytes, compareDumps: compareDumps) {
        case .decoded(let value):
            return value
        case .failed:
            return nil
        case .disagreed(let reason):
            Issue.record("\(label): \(reason)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The first line where two dumps differ, as `fast: … ≠ coder: …`.
    static func firstDifference(_ fast: String, _ coder: String) -> String {
        let fastLines = fast.split(separator: "\n", omittingEmptySubsequences: false)
        let coderLines = coder.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in fastLines.enumerated() where index >= coderLines.count || coderLines[index] != line {
            let other = index < coderLines.count ? String(coderLines[index]) : "<end>"
            return "fast: \(line.trimmingCharacters(in: .whitespaces)) ≠ coder: \(other.trimmingCharacters(in: .whitespaces))"
        }
        return fastLines.count < coderLines.count ? "the fast dump is shorter" : "equal dumps, but != (an Equatable quirk)"
    }

    /// Decodes on both paths, expecting both to fail the same way; returns the failure's summary.
    static func decodeFailure<Value: Decodable & Equatable>(
        _ type: Value.Type, _ bytes: [UInt8], _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> String? {
        switch compare(type, bytes) {
        case .failed(let summary):
            return summary
        case .decoded:
            Issue.record("\(label): expected both paths to fail, both decoded", sourceLocation: sourceLocation)
        case .disagreed(let reason):
            Issue.record("\(label): \(reason)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// ``summary(_:)``, without the expected type for a document that is not an object: there
    /// `ECSJSONDecoder.decode` names the model where the `Codable` path names `[String: Any]`
    /// (pinned by `nonObjectDocument`); everything else must match exactly.
    static func comparable(_ error: any Error) -> String {
        if case .typeMismatch(_, let context) = error as? DecodingError, context.codingPath.isEmpty {
            return "typeMismatch at /"
        }
        return summary(error)
    }

    /// The kind, type and coding path of a `DecodingError`, e.g. `typeMismatch(String) at /Instances/[0]/InstanceId`.
    static func summary(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not a DecodingError: \(error)" }
        switch error {
        case .typeMismatch(let type, let context): return "typeMismatch(\(type)) at \(render(context.codingPath))"
        case .valueNotFound(let type, let context): return "valueNotFound(\(type)) at \(render(context.codingPath))"
        case .keyNotFound(let key, let context): return "keyNotFound(\(key.stringValue)) at \(render(context.codingPath))"
        case .dataCorrupted(let context): return "dataCorrupted at \(render(context.codingPath))"
        @unknown default: return "unknown DecodingError \(error)"
        }
    }

    static func render(_ path: [any CodingKey]) -> String {
        "/" + path.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined(separator: "/")
    }

    static func dump(_ value: some Any) -> String {
        var text = ""
        Swift.dump(value, to: &text)
        return text
    }

    /// Encodes on both paths and expects the same parameters (the fast path writes them already in
    /// canonical order, the Codable path in declaration order); returns them.
    @discardableResult
    static func encode<Request: Encodable>(_ request: Request, sourceLocation: SourceLocation = #_sourceLocation) throws -> [QueryParameter] {
        #expect(request is any QueryWritable, "\(Request.self) has no generated fast path", sourceLocation: sourceLocation)
        let fast = try QueryEncoder().encode(request)
        #expect(fast == CanonicalQuery.sorted(fast), "the fast path writes in canonical order", sourceLocation: sourceLocation)
        let coder = CanonicalQuery.sorted(try QueryEncoder().encodeWithCoder(request))
        #expect(try QueryEncoder().canonicalQuery(request) == CanonicalQuery.bytes(coder),
                "the canonical query written directly is the sorted, percent-encoded Codable parameters", sourceLocation: sourceLocation)
        if fast != coder {
            let fastPairs = fast.map { "\($0.name)=\($0.value)" }
            let coderPairs = coder.map { "\($0.name)=\($0.value)" }
            let position = zip(fastPairs, coderPairs).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(fastPairs.count, coderPairs.count)
            let fastAt = position < fastPairs.count ? fastPairs[position] : "<end>"
            let coderAt = position < coderPairs.count ? coderPairs[position] : "<end>"
            Issue.record("""
                \(Request.self): the fast path wrote different parameters; first difference at position \(position): \
                fast \(fastAt) ≠ Codable \(coderAt); fast only: \(fastPairs.filter { !coderPairs.contains($0) }), \
                Codable only: \(coderPairs.filter { !fastPairs.contains($0) })
                """, sourceLocation: sourceLocation)
        }
        return coder
    }

    /// Expects a parameter for each of `keys` under `prefix`: the sample really sets every field.
    static func expectCovers<Keys: CaseIterable & RawRepresentable>(
        _ parameters: [QueryParameter], _ prefix: String, _ keys: Keys.Type, sourceLocation: SourceLocation = #_sourceLocation
    ) where Keys.RawValue == String {
        for key in Keys.allCases {
            let name = prefix + key.rawValue
            #expect(parameters.contains { $0.name == name || $0.name.hasPrefix(name + ".") },
                    "\(name) is never sent: set it in the sample so the parity test covers it", sourceLocation: sourceLocation)
        }
    }

    static func expectWireKeys(_ type: String, _ generated: Set<String>, _ model: [String]) {
        #expect(generated == Set(model),
                "\(type): CodingKeys changed (only in model: \(Set(model).subtracting(generated).sorted()), only generated: \(generated.subtracting(model).sorted())); run python3 Scripts/generate-fast-coding.py")
    }

    /// The paths of the optionals left `nil` and the lists left empty in `value`, recursively.
    static func unsetFields(of value: Any, at path: String = "") -> [String] {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let child = mirror.children.first else { return [path] }
            return unsetFields(of: child.value, at: path)
        case .collection:
            if mirror.children.isEmpty { return [path] }
            return mirror.children.enumerated().flatMap { unsetFields(of: $0.element.value, at: "\(path)[\($0.offset)]") }
        case .struct:
            return mirror.children.flatMap { unsetFields(of: $0.value, at: path + "." + ($0.label ?? "?")) }
        default:
            return []
        }
    }
}

/// Models with every field set, and distinct values so that a swapped field shows.
enum Samples {
    static func date(_ offset: Double) -> Date { Date(timeIntervalSince1970: 1_795_161_600 + offset) }

    static var fullInstance: ECSInstance {
        var instance = ECSInstance(instanceId: "i-full", instanceName: "name", description: "desc 中文", hostName: "host")
        instance.serialNumber = "serial"
        instance.regionId = "cn-hangzhou"
        instance.zoneId = "cn-hangzhou-i"
        instance.resourceGroupId = "rg-1"
        instance.tags = [ResourceTag(key: "k1", value: "v1"), ResourceTag(key: "k2", value: "")]
        instance.status = .running
        instance.operationLocks = [ECSInstance.OperationLock(lockReason: .recycling, lockMessage: "msg")]
        instance.stoppedMode = "KeepCharging"
        instance.creationTime = date(1)
        instance.startTime = date(62)
        instance.expiredTime = date(3_600)
        instance.autoReleaseTime = date(86_400)
        instance.deletionProtection = true
        instance.recyclable = false
        instance.deviceAvailable = true
        instance.instanceType = "ecs.g7.large"
        instance.instanceTypeFamily = "ecs.g7"
        instance.cpu = 2
        instance.memory = 8_192
        instance.gpuAmount = 1
        instance.gpuSpec = "A10"
        instance.localStorageAmount = 3
        instance.localStorageCapacity = 400
        instance.ioOptimized = true
        instance.creditSpecification = "Standard"
        instance.cpuOptions = ECSInstance.CpuOptions(
            coreCount: 11, threadsPerCore: 12, numa: "numa", topologyType: "Continuous", nestedVirtualization: "enabled",
            turboMode: "on", enableVISST: true, enableVRDT: false)
        instance.enableNVS = true
        instance.imageId = "m-1"
        instance.imageOptions = ECSInstance.ImageOptions(currentOSNVMeSupported: true, loginAsNonRoot: false)
        instance.osName = "Linux 中文"
        instance.osNameEn = "Linux"
        instance.osType = "linux"
        instance.keyPairName = "kp"
        instance.instanceChargeType = .postPaid
        instance.internetChargeType = .payByTraffic
        instance.internetMaxBandwidthIn = 100
        instance.internetMaxBandwidthOut = 5
        instance.spotStrategy = .spotWithPriceLimit
        instance.spotPriceLimit = 0.125
        instance.spotDuration = 6
        instance.spotInterruptionBehavior = .stop
        instance.saleCycle = "Month"
        instance.instanceNetworkType = "vpc"
        instance.vpcAttributes = ECSInstance.VpcAttributes(
            natIpAddress: "nat", privateIpAddresses: ["172.16.0.1", "172.16.0.2"], vSwitchId: "vsw-1", vpcId: "vpc-1")
        instance.securityGroupIds = ["sg-1", "sg-2"]
        instance.publicIpAddresses = ["47.0.0.1"]
        instance.innerIpAddresses = ["10.0.0.1"]
        instance.rdmaIpAddresses = ["192.168.0.1"]
        instance.eipAddress = ECSInstance.EipAddress(
            allocationId: "eip-1", bandwidth: 10, internetChargeType: .payByBandwidth, ipAddress: "1.2.3.4", isSupportUnassociate: true)
        instance.networkInterfaces = [ECSInstance.NetworkInterface(
            networkInterfaceId: "eni-1", macAddress: "00:16:3e:00:00:01", primaryIpAddress: "172.16.0.1", type: "Primary",
            privateIpSets: [.init(primary: true, privateDnsName: "dns", privateIpAddress: "172.16.0.3")],
            ipv6Sets: [.init(ipv6Address: "2001:db8::1", primary: false)],
            ipv4PrefixSets: [.init(ipv4Prefix: "192.168.1.32/28")],
            ipv6PrefixSets: [.init(ipv6Prefix: "2001:db8::/80")])]
        instance.privateDnsNameOptions = ECSInstance.PrivateDnsNameOptions(
            enableInstanceIdDnsAAAARecord: true, enableInstanceIdDnsARecord: false, enableIpDnsARecord: true,
            enableIpDnsPtrRecord: false, hostnameType: "Custom")
        instance.isp = "BGP"
        instance.vlanId = "vlan"
        instance.deploymentSetId = "ds-1"
        instance.deploymentSetGroupNo = 3
        instance.hpcClusterId = "hpc-1"
        instance.clusterId = "c-1"
        instance.dedicatedHostAttribute = ECSInstance.DedicatedHostAttribute(
            dedicatedHostClusterId: "dc-1", dedicatedHostId: "dh-1", dedicatedHostName: "dh")
        instance.dedicatedInstanceAttribute = ECSInstance.DedicatedInstanceAttribute(affinity: "host", tenancy: "default")
        instance.ecsCapacityReservationAttr = ECSInstance.EcsCapacityReservationAttr(
            capacityReservationId: "crp-1", capacityReservationPreference: "open")
        instance.metadataOptions = ECSInstance.MetadataOptions(
            httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled")
        instance.hibernationOptions = ECSInstance.HibernationOptions(configured: true)
        instance.securityOptions = ECSInstance.SecurityOptions(enableSecureBoot: true, trustedSystemMode: "vTPM", confidentialComputingMode: "TDX")
        instance.clockOptions = ECSInstance.ClockOptions(ptpStatus: "enabled")
        instance.additionalInfo = ECSInstance.AdditionalInfo(enableHighDensityMode: false, managedHostId: "mh-1", nodeSerialNumber: "node")
        return instance
    }

    static var fullImage: ECSImage {
        var image = ECSImage(imageId: "m-full", imageName: "img", description: "d", imageFamily: "fam", imageVersion: "1")
        image.resourceGroupId = "rg"
        image.tags = [ResourceTag(key: "spot-recovery:source", value: "i-1")]
        image.status = .creating
        image.progress = "50%"
        image.creationTime = date(5)
        image.usable = true
        image.usage = "instance"
        image.detectionOptions = ECSImage.DetectionOptions(
            status: "Finished", items: [.init(name: "n", value: "v", riskCode: "rc", riskLevel: "High")])
        image.size = 40
        image.diskDeviceMappings = [ECSImage.DiskDeviceMapping(
            snapshotId: "s-1", size: 41, device: "/dev/xvda", type: "system", format: "qcow2", progress: "49%",
            remainTime: 30, encrypted: true, importOSSBucket: "bucket", importOSSObject: "object")]
        image.architecture = "x86_64"
        image.bootMode = "UEFI"
        image.osType = "linux"
        image.platform = "Aliyun"
        image.osName = "os"
        image.osNameEn = "os-en"
        image.features = ECSImage.Features(
            nvmeSupport: "supported", imdsSupport: "v2", cpuOnlineUpgrade: "a", cpuOnlineDowngrade: "b",
            memoryOnlineUpgrade: "c", memoryOnlineDowngrade: "d")
        image.secureBootOptions = ECSImage.SecureBootOptions(secureBootSupport: "true")
        image.isSupportCloudinit = true
        image.isSupportIoOptimized = false
        image.loginAsNonRootSupported = true
        image.imageOwnerAlias = "self"
        image.imageOwnerId = 1_234_567_890_123
        image.isCopied = false
        image.isPublic = true
        image.isSelfShared = "False"
        image.isSubscribed = false
        image.productCode = "pc"
        image.supplierName = "supplier"
        image.licenseType = "BYOL"
        return image
    }

    static var describeInstances: DescribeInstancesResponse {
        DescribeInstancesResponse(requestId: "req-1", totalCount: 2, pageNumber: 1, pageSize: 10, nextToken: "tok", instances: [fullInstance])
    }

    static var describeImages: DescribeImagesResponse {
        DescribeImagesResponse(requestId: "req-2", regionId: "cn-hangzhou", totalCount: 3, pageNumber: 4, pageSize: 5, images: [fullImage])
    }

    static var runInstances: RunInstancesResponse {
        RunInstancesResponse(requestId: "req-3", orderId: "order", tradePrice: 0.165, instanceIds: ["i-1", "i-2"])
    }

    static var createImage: CreateImageResponse {
        CreateImageResponse(requestId: "req-4", imageId: "m-new")
    }

    /// The ECS-shaped JSON of a response: lists nested under their item key, ISO 8601 times.
    static func json(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return [UInt8](try encoder.encode(value))
    }

    static func tree(_ value: some Encodable) throws -> JSONTree {
        try JSONDecoder().decode(JSONTree.self, from: Data(json(value)))
    }

    static var fullRunInstances: RunInstancesRequest {
        var request = RunInstancesRequest()
        request.regionId = "cn-hangzhou"
        request.zoneId = "cn-hangzhou-i"
        request.dedicatedHostId = "dh-1"
        request.affinity = "host"
        request.tenancy = "default"
        request.schedulerOptions = .init(dedicatedHostClusterId: "dc-1")
        request.deploymentSetId = "ds-1"
        request.deploymentSetGroupNo = 2
        request.hpcClusterId = "hpc-1"
        request.managedHostId = "mh-1"
        request.privatePoolOptions = .init(id: "eap-1", matchCriteria: "Target")
        request.imageId = "m-1"
        request.imageFamily = "family"
        request.imageOptions = .init(loginAsNonRoot: true)
        request.instanceType = "ecs.g7.large"
        request.cpuOptions = .init(core: 3, numa: "0", threadsPerCore: 1, topologyType: "DiscreteCoreToHTMapping", nestedVirtualization: "enabled")
        request.clockOptions = .init(ptpStatus: "enabled")
        request.creditSpecification = "Unlimited"
        request.ioOptimized = "optimized"
        request.launchTemplateId = "lt-1"
        request.launchTemplateName = "template"
        request.launchTemplateVersion = 4
        request.instanceName = "web server*~+/ \"quoted\" 中文"
        request.instanceDescription = "description"
        request.hostName = "host"
        request.hostNames = ["h1", "h2"]
        request.uniqueSuffix = true
        request.amount = 5
        request.minAmount = 1
        request.securityGroupId = "sg-1"
        request.securityGroupIds = ["sg-2", "sg-3"]
        request.vSwitchId = "vsw-1"
        request.privateIpAddress = "172.16.0.9"
        request.ipv6Addresses = ["2001:db8::1", "2001:db8::2"]
        request.ipv6AddressCount = 2
        request.networkInterfaces = [
            RunInstancesRequest.NetworkInterface(
                deleteOnRelease: true, description: "eni", instanceType: "Secondary", ipv6Addresses: ["2001:db8::3"],
                ipv6AddressCount: 1, networkCardIndex: 0, networkInterfaceId: "eni-1", networkInterfaceName: "eni-name",
                networkInterfaceTrafficMode: "HighPerformance", primaryIpAddress: "172.16.0.10", queueNumber: 4,
                queuePairNumber: 5, rxQueueSize: 1_024, secondaryPrivateIpAddressCount: 6, securityGroupId: "sg-4",
                securityGroupIds: ["sg-5", "sg-6"], sourceDestCheck: false, txQueueSize: 2_048, vSwitchId: "vsw-2"),
            RunInstancesRequest.NetworkInterface(instanceType: "Primary"),
        ]
        request.networkInterfaceQueueNumber = 8
        request.networkOptions = .init(bandwidthWeighting: "Vpc-L1", enableJumboFrame: true, enableNetworkEncryption: false)
        request.privateDnsNameOptions = .init(
            enableInstanceIdDnsAAAARecord: true, enableInstanceIdDnsARecord: false, enableIpDnsARecord: true,
            enableIpDnsPtrRecord: false, hostnameType: "IpBased")
        request.internetChargeType = .payByBandwidth
        request.internetMaxBandwidthIn = 200
        request.internetMaxBandwidthOut = 7
        request.isp = "BGP"
        request.spotStrategy = .spotWithPriceLimit
        request.spotPriceLimit = 0.123
        request.spotDuration = 1
        request.spotInterruptionBehavior = .stop
        request.instanceChargeType = "Savings"
        request.period = 9
        request.periodUnit = "Week"
        request.autoRenew = true
        request.autoRenewPeriod = 10
        request.autoPay = false
        request.autoReleaseTime = "2026-12-01T00:00:00Z"
        request.deletionProtection = true
        request.hibernationOptions = .init(configured: false)
        request.systemDisk = .init(
            autoSnapshotPolicyId: "sp-1", burstingEnabled: true, category: "cloud_auto", description: "system", diskName: "sys",
            encryptAlgorithm: "aes-256", encrypted: true, kmsKeyId: "kms-1", performanceLevel: "PL0", provisionedIops: 1_000,
            size: 40, storageClusterId: "dbsc-1")
        request.dataDisks = [
            .init(
                autoSnapshotPolicyId: "sp-2", burstingEnabled: false, category: "cloud_essd", deleteWithInstance: false,
                description: "data", device: "/dev/xvdb", diskName: "data-1", encryptAlgorithm: "sm4", encrypted: false,
                kmsKeyId: "kms-2", performanceLevel: "PL2", provisionedIops: 2_000, size: 500, snapshotId: "s-1",
                storageClusterId: "dbsc-2"),
            .init(size: 20),
        ]
        request.storageSetId = "ss-1"
        request.storageSetPartitionNumber = 11
        request.password = "Secret#1"
        request.passwordInherit = false
        request.keyPairName = "kp"
        request.userData = "IyEvYmluL3No"
        request.ramRoleName = "role"
        request.arns = [.init(assumeRoleFor: 12, roleType: "type", roleArn: "acs:ram::1:role/x")]
        request.securityEnhancementStrategy = "Active"
        request.securityOptions = .init(confidentialComputingMode: "Enclave", trustedSystemMode: "vTPM", enableSecureBoot: true)
        request.httpEndpoint = "enabled"
        request.httpTokens = "required"
        request.httpPutResponseHopLimit = 13
        request.tags = [Tag(key: "a", value: "b"), Tag(key: "only-key")]
        request.resourceGroupId = "rg-1"
        request.clientToken = "token"
        request.dryRun = true
        request.ownerId = 14
        request.ownerAccount = "owner"
        request.resourceOwnerId = 15
        request.resourceOwnerAccount = "resource-owner"
        return request
    }

    static var fullDescribeInstances: DescribeInstancesRequest {
        var request = DescribeInstancesRequest()
        request.regionId = "cn-hangzhou"
        request.instanceIds = ["i-1", "i-\"2\"\\"]
        request.zoneId = "cn-hangzhou-i"
        request.status = .stopped
        request.lockReason = .recycling
        request.tags = [Tag(key: "env", value: "prod"), Tag(key: "team")]
        request.vpcId = "vpc-1"
        request.vSwitchId = "vsw-1"
        request.securityGroupId = "sg-1"
        request.instanceType = "ecs.g7.large"
        request.maxResults = 100
        request.nextToken = "token"
        request.pageNumber = 2
        request.pageSize = 50
        request.instanceName = "web*"
        request.instanceTypeFamily = "ecs.g7"
        request.imageId = "m-1"
        request.instanceChargeType = .prePaid
        request.internetChargeType = .payByTraffic
        request.instanceNetworkType = "vpc"
        request.ioOptimized = false
        request.keyPairName = "kp"
        request.resourceGroupId = "rg-1"
        request.hpcClusterId = "hpc-1"
        request.privateIpAddresses = ["172.16.0.1"]
        request.publicIpAddresses = ["47.0.0.1", "47.0.0.2"]
        request.innerIpAddresses = ["10.0.0.1"]
        request.eipAddresses = ["1.2.3.4"]
        request.rdmaIpAddresses = ["192.168.0.1"]
        request.ipv6Addresses = ["2001:db8::1"]
        request.httpEndpoint = "enabled"
        request.httpTokens = "optional"
        request.httpPutResponseHopLimit = 1
        request.filters = [DescribeInstancesRequest.Filter(key: "CreationStartTime", value: "2026-11-20T08:00Z")]
        request.additionalAttributes = ["META_OPTIONS", "DDH_CLUSTER"]
        request.deviceAvailable = true
        request.needSaleCycle = false
        request.dryRun = true
        request.ownerId = 1
        request.ownerAccount = "owner"
        request.resourceOwnerId = 2
        request.resourceOwnerAccount = "resource-owner"
        return request
    }

    static var fullDescribeImages: DescribeImagesRequest {
        var request = DescribeImagesRequest()
        request.regionId = "cn-hangzhou"
        request.imageId = "m-1"
        request.status = [.creating, .unavailable, "Archived"]
        request.imageName = "img"
        request.imageOwnerAlias = "self"
        request.tags = [Tag(key: "k", value: "v")]
        request.pageNumber = 3
        request.pageSize = 100
        request.filters = [DescribeImagesRequest.Filter(key: "NetworkType", value: "vpc")]
        request.imageFamily = "family"
        request.imageOwnerId = 1_234_567_890_123
        request.snapshotId = "s-1"
        request.instanceType = "ecs.g7.large"
        request.architecture = "arm64"
        request.osType = "linux"
        request.actionType = "CreateEcs"
        request.usage = "instance"
        request.usable = true
        request.isPublic = false
        request.isSupportCloudinit = true
        request.isSupportIoOptimized = false
        request.showExpired = true
        request.resourceGroupId = "rg-1"
        request.dryRun = false
        request.ownerId = 1
        request.ownerAccount = "owner"
        request.resourceOwnerId = 2
        request.resourceOwnerAccount = "resource-owner"
        return request
    }

    static var fullCreateImage: CreateImageRequest {
        CreateImageRequest(
            regionId: "cn-hangzhou", instanceId: "i-1", snapshotId: "s-1", imageName: "image", description: "desc",
            imageFamily: "family", imageVersion: "2", architecture: "x86_64", platform: "Ubuntu", bootMode: "UEFI",
            diskDeviceMappings: [
                .init(device: "/dev/xvda", diskType: "system", size: 40, snapshotId: "s-2"),
                .init(diskType: "data", size: 100),
            ],
            detectionStrategy: "Standard", features: .init(imdsSupport: "v2"), secureBootOptions: .init(secureBootSupport: "true"),
            resourceGroupId: "rg-1", tags: [Tag(key: "k", value: "v")], dryRun: true, clientToken: "token", ownerId: 1,
            ownerAccount: "owner", resourceOwnerId: 2, resourceOwnerAccount: "resource-owner")
    }
}

/// A JSON document whose objects keep their entries in order (duplicates allowed), for building variants.
indirect enum JSONTree: Decodable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONTree])
    case object([(key: String, value: JSONTree)])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONTree].self) {
            self = .array(value)
        } else {
            let entries = try container.decode([String: JSONTree].self)
            self = .object(entries.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
        }
    }

    /// The JSON text.
    var text: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): "\(value)"
        case .string(let value): Self.quoted(value)
        case .array(let elements): "[" + elements.map(\.text).joined(separator: ",") + "]"
        case .object(let entries): "{" + entries.map { Self.quoted($0.key) + ":" + $0.value.text }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// The keys that are required (non-optional `String`) in the response models.
    static let requiredKeys: Set<String> = ["InstanceId", "ImageId", "TagKey"]

    var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }

    /// Every node's path (child positions from the root), the root included.
    func paths(from prefix: [Int] = []) -> [[Int]] {
        var result = [prefix]
        switch self {
        case .array(let elements):
            for (position, element) in elements.enumerated() { result += element.paths(from: prefix + [position]) }
        case .object(let entries):
            for (position, entry) in entries.enumerated() { result += entry.value.paths(from: prefix + [position]) }
        default:
            break
        }
        return result
    }

    /// The document with the node at `path` replaced, or removed when `replacement` is `nil`.
    func replacing(at path: ArraySlice<Int>, with replacement: JSONTree?) -> JSONTree {
        guard let position = path.first else { return replacement ?? .null }
        let rest = path.dropFirst()
        switch self {
        case .array(var elements):
            if rest.isEmpty, replacement == nil {
                elements.remove(at: position)
            } else {
                elements[position] = elements[position].replacing(at: rest, with: replacement)
            }
            return .array(elements)
        case .object(var entries):
            if rest.isEmpty, replacement == nil {
                entries.remove(at: position)
            } else {
                entries[position].value = entries[position].value.replacing(at: rest, with: replacement)
            }
            return .object(entries)
        default:
            return self
        }
    }

    /// Numbers and booleans as strings (`"40"`, `"true"`), everywhere.
    func stringifyingScalars() -> JSONTree {
        switch self {
        case .bool(let value): .string(value ? "true" : "false")
        case .int(let value): .string(String(value))
        case .double(let value): .string("\(value)")
        case .array(let elements): .array(elements.map { $0.stringifyingScalars() })
        case .object(let entries): .object(entries.map { ($0.key, $0.value.stringifyingScalars()) })
        default: self
        }
    }

    /// Lists bare (`[…]`) instead of wrapped (`{"Item": […]}`), everywhere.
    func unwrappingLists() -> JSONTree {
        switch self {
        case .array(let elements):
            return .array(elements.map { $0.unwrappingLists() })
        case .object(let entries):
            if entries.count == 1, case .array = entries[0].value { return entries[0].value.unwrappingLists() }
            return .object(entries.map { ($0.key, $0.value.unwrappingLists()) })
        default:
            return self
        }
    }

    /// Every object member that is a scalar (required keys aside) replaced by `replacement`.
    func replacingLeaves(with replacement: JSONTree) -> JSONTree {
        switch self {
        case .array(let elements):
            return .array(elements.map { $0.replacingLeaves(with: replacement) })
        case .object(let entries):
            return .object(entries.map { entry in
                if entry.value.isContainer { return (entry.key, entry.value.replacingLeaves(with: replacement)) }
                return (entry.key, Self.requiredKeys.contains(entry.key) ? entry.value : replacement)
            })
        default:
            return self
        }
    }

    /// The structures and lists one level into the response replaced by `replacement`; list wrappers are kept,
    /// so for a list of models it is the members of each listed model that are replaced.
    func replacingContainers(with replacement: JSONTree, depth: Int = 0) -> JSONTree {
        switch self {
        case .array(let elements) where depth == 0 || depth == 2:
            return .array(elements.map { $0.replacingContainers(with: replacement, depth: depth + 1) })
        case .object(let entries) where depth == 0 || depth == 2:
            return .object(entries.map { ($0.key, $0.value.replacingContainers(with: replacement, depth: depth + 1)) })
        case .object(let entries) where depth == 1 && entries.count == 1:
            // A list wrapper: keep it, and replace the containers of the elements it holds.
            return .object(entries.map { ($0.key, $0.value.replacingContainers(with: replacement, depth: 1)) })
        case .array(let elements) where depth == 1:
            // The elements of a top-level list: keep them, replace their members' containers.
            return .array(elements.map { $0.replacingContainers(with: replacement, depth: 2) })
        case .array, .object:
            return replacement
        default:
            return self
        }
    }

    /// Every optional member removed, everywhere.
    func removingOptionalKeys() -> JSONTree {
        switch self {
        case .array(let elements):
            return .array(elements.map { $0.removingOptionalKeys() })
        case .object(let entries):
            if entries.count == 1, case .array = entries[0].value {
                return .object(entries.map { ($0.key, $0.value.removingOptionalKeys()) })
            }
            return .object(entries.filter { Self.requiredKeys.contains($0.key) }.map { ($0.key, $0.value.removingOptionalKeys()) })
        default:
            return self
        }
    }

    /// Unknown members added to every structure (not to list wrappers, which must have one member).
    func addingUnknownKeys() -> JSONTree {
        switch self {
        case .array(let elements):
            return .array(elements.map { $0.addingUnknownKeys() })
        case .object(let entries):
            if entries.count == 1, case .array = entries[0].value {
                return .object(entries.map { ($0.key, $0.value.addingUnknownKeys()) })
            }
            let unknown: [(key: String, value: JSONTree)] = [
                ("ZUnknown", .object([("A", .array([.int(1), .null]))])),
                ("instanceid", .string("a key in another case is unknown")),
                ("Status2", .bool(true)),
            ]
            return .object(unknown + entries.map { ($0.key, $0.value.addingUnknownKeys()) })
        default:
            return self
        }
    }
}
