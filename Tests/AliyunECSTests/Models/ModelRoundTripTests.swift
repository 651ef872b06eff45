import Foundation
import Testing
@testable import AliyunECS

/// Every request model survives the trip to query parameters and back, and every response model the
/// trip to ECS-shaped JSON and back: the encoder and decoder agree on every field.
@Suite("Model round trips")
struct ModelRoundTripTests {
    func roundTrip<Request: Codable & Equatable>(_ request: Request) throws -> Request {
        let parameters = try QueryEncoder().encode(request)
        return try QueryDecoder().decode(Request.self, from: parameters.dictionary)
    }

    @Test("RunInstances with every kind of field")
    func runInstances() throws {
        var request = CapturedModels.runInstances
        request.zoneId = "cn-hangzhou-i"
        request.spotStrategy = .spotWithPriceLimit
        request.spotPriceLimit = 0.123
        request.spotDuration = 1
        request.spotInterruptionBehavior = .stop
        request.password = "Secret#1"
        request.hostNames = ["a", "b"]
        request.ipv6Addresses = ["2001:db8::1"]
        request.networkInterfaces = [RunInstancesRequest.NetworkInterface(securityGroupIds: ["sg-1"], vSwitchId: "vsw-2")]
        request.cpuOptions = RunInstancesRequest.CpuOptions(core: 2, threadsPerCore: 1)
        request.privateDnsNameOptions = RunInstancesRequest.PrivateDnsNameOptions(enableIpDnsARecord: true, hostnameType: "IpBased")
        request.autoReleaseTime = "2026-12-01T00:00:00Z"
        let decoded = try roundTrip(request)
        #expect(decoded == request)
        let parameters = try QueryEncoder().encode(request).dictionary
        #expect(parameters["NetworkInterface.1.SecurityGroupIds.1"] == "sg-1")
        #expect(parameters["DataDisk.2.Encrypted"] == "true")
        #expect(parameters["SpotPriceLimit"] == "0.123")
        #expect(parameters["HostNames.2"] == "b")
        #expect(parameters["CpuOptions.Core"] == "2")
    }

    @Test("A parameter is found by name as Swift strings compare; members not sent stay absent")
    func parameterNames() throws {
        // "KeyPairName" with a Kelvin sign (U+212A) for the K: canonically the same name, two bytes longer.
        let decoded = try QueryDecoder().decode(RunInstancesRequest.self, from: [
            "\u{212A}eyPairName": "kp-1", "ImageId": "img", "Amount": "2", "Tag.1.Key": "team",
        ])
        #expect(decoded.keyPairName == "kp-1")
        #expect(decoded.imageId == "img" && decoded.amount == 2 && decoded.tags?.first?.key == "team")
        #expect(decoded.zoneId == nil && decoded.instanceType == nil && decoded.hostName == nil)
    }

    @Test("DescribeInstances, with its JSON-array InstanceIds")
    func describeInstances() throws {
        var request = CapturedModels.describeInstances
        request.lockReason = .recycling
        request.filters = [DescribeInstancesRequest.Filter(key: "CreationStartTime", value: "2026-11-20T08:00Z")]
        request.privateIpAddresses = ["172.16.0.1"]
        #expect(try roundTrip(request) == request)
        let parameters = try QueryEncoder().encode(request).dictionary
        #expect(parameters["InstanceIds"] == #"["i-bp1aaaa", "i-bp1bbbb"]"#)
        #expect(parameters["PrivateIpAddresses"] == #"["172.16.0.1"]"#)
        #expect(parameters["LockReason"] == "Recycling")
        #expect(try roundTrip(CapturedModels.describeInstancesNextToken) == CapturedModels.describeInstancesNextToken)
        #expect(try QueryEncoder().encode(DescribeInstancesRequest()).isEmpty, "nothing set, nothing sent")
    }

    @Test("A JSON-array parameter escapes its elements as every JSON text we send does")
    func jsonArrayEscaping() {
        // The official SDK's JSON-text parameters (json.dumps with ensure_ascii=False) escape these the same way.
        #expect(JSONArrayParameter.jsonText(["a\"b\\c", "\u{08}\u{0C}\n\u{01}", "东"]) == #"["a\"b\\c", "\b\f\n\u0001", "东"]"#)
        #expect(JSONArrayParameter.jsonText([]) == "[]")
    }

    @Test("CreateImage and DescribeImages, with its comma-separated Status")
    func imageRequests() throws {
        #expect(try roundTrip(CapturedModels.createImage) == CapturedModels.createImage)
        #expect(try roundTrip(CapturedModels.describeImages) == CapturedModels.describeImages)
        let parameters = try QueryEncoder().encode(DescribeImagesRequest().with {
            $0.status = ImageStatus.allStates
        }).dictionary
        #expect(parameters["Status"] == "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated")
    }

    @Test("Responses survive ECS-shaped JSON and back")
    func responses() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ECSTimestamp.string(from: date))
        }
        let instances = try ECSJSONDecoder().decode(DescribeInstancesResponse.self, from: Fixtures.response("DescribeInstances-100.json"))
        let instanceJSON = try encoder.encode(instances)
        #expect(String(decoding: instanceJSON, as: UTF8.self).contains(#""Instances":{"Instance":["#))
        #expect(try ECSJSONDecoder().decode(DescribeInstancesResponse.self, from: instanceJSON) == instances)
        // Foundation's decoder reads the same shape, so users can store and reload answers.
        #expect(try JSONDecoder.ecs.decode(DescribeInstancesResponse.self, from: instanceJSON).instances.count == 100)

        let images = try ECSJSONDecoder().decode(DescribeImagesResponse.self, from: Fixtures.response("DescribeImages-100.json"))
        #expect(try ECSJSONDecoder().decode(DescribeImagesResponse.self, from: encoder.encode(images)) == images)
        let run = try ECSJSONDecoder().decode(RunInstancesResponse.self, from: Fixtures.response("RunInstances.json"))
        #expect(try ECSJSONDecoder().decode(RunInstancesResponse.self, from: encoder.encode(run)) == run)
        #expect(String(decoding: try encoder.encode(run), as: UTF8.self).contains(#""InstanceIdSets":{"InstanceIdSet":["#))
    }

    @Test("Requests encode as Codable JSON too, for users who store them")
    func requestsAsJSON() throws {
        let data = try JSONEncoder().encode(CapturedModels.describeInstances)
        #expect(try JSONDecoder().decode(DescribeInstancesRequest.self, from: data) == CapturedModels.describeInstances)
    }
}

extension JSONDecoder {
    static var ecs: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ECSTimestamp.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a timestamp"))
            }
            return date
        }
        return decoder
    }
}
