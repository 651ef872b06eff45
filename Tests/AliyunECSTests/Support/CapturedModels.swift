@testable import AliyunECS

/// Our models, filled in the way the official SDK's captured requests were.
enum CapturedModels {
    static var runInstances: RunInstancesRequest {
        var request = RunInstancesRequest()
        request.regionId = "cn-hangzhou"
        request.imageId = "aliyun_3_x64_20G_alibase_20240819.vhd"
        request.instanceType = "ecs.g7.large"
        request.securityGroupIds = ["sg-bp1aaaa", "sg-bp1bbbb"]
        request.vSwitchId = "vsw-bp1xxxx"
        request.instanceName = "web server*~+/"
        request.amount = 2
        request.instanceChargeType = .postPaid
        request.internetMaxBandwidthOut = 10
        request.minAmount = 1
        request.dryRun = true
        request.clientToken = "0c593ea1-3bea-11e9-b96b-88e9fe637760"
        request.userData = "IyEvYmluL3NoCmVjaG8gaGkgPiAvdG1wL3gK"
        request.systemDisk = RunInstancesRequest.SystemDisk(category: "cloud_essd", size: "40")
        request.dataDisks = [
            RunInstancesRequest.DataDisk(category: "cloud_essd", deleteWithInstance: true, performanceLevel: "PL1", size: 100),
            RunInstancesRequest.DataDisk(category: "cloud_auto", encrypted: "true", size: 200),
        ]
        request.tags = [ECSTag(key: "env", value: "prod test"), ECSTag(key: "owner", value: "中文")]
        return request
    }

    static var describeInstances: DescribeInstancesRequest {
        var request = DescribeInstancesRequest(instanceIds: ["i-bp1aaaa", "i-bp1bbbb"])
        request.regionId = "cn-hangzhou"
        request.status = .running
        request.tags = [ECSTag(key: "env", value: "prod")]
        request.pageNumber = 1
        request.pageSize = 50
        request.additionalAttributes = ["META_OPTIONS", "DDH_CLUSTER"]
        return request
    }

    static var describeInstancesNextToken: DescribeInstancesRequest {
        var request = DescribeInstancesRequest()
        request.regionId = "cn-hangzhou"
        request.maxResults = 100
        request.nextToken = "caeba0bbb2be03f84eb48b699f0a4883"
        return request
    }

    static var createImage: CreateImageRequest {
        var request = CreateImageRequest()
        request.regionId = "cn-hangzhou"
        request.instanceId = "i-bp1aaaa"
        request.imageName = "my-image_2024"
        request.imageDescription = "built by sdk"
        request.diskDeviceMappings = [.init(device: "/dev/xvda", diskType: "system", size: 40, snapshotId: "s-bp1sys")]
        request.tags = [ECSTag(key: "env", value: "prod")]
        request.clientToken = "b6f3c5e2-idem"
        return request
    }

    static var describeImages: DescribeImagesRequest {
        var request = DescribeImagesRequest()
        request.regionId = "cn-hangzhou"
        request.imageId = "m-bp1aaaa"
        request.status = [.creating, .available, .createFailed, .unavailable]
        request.imageOwnerAlias = "self"
        request.pageNumber = 1
        request.pageSize = 100
        request.showExpired = false
        request.filters = [DescribeImagesRequest.Filter(key: "CreationStartTime", value: "2024-01-01T00:00Z")]
        return request
    }

    /// The flattened parameters of the model matching a capture's action (and paging style).
    static func parameters(for action: String, nextToken: Bool = false) throws -> [QueryParameter] {
        switch action {
        case "RunInstances": return try QueryEncoder().encode(runInstances)
        case "DescribeInstances": return try QueryEncoder().encode(nextToken ? describeInstancesNextToken : describeInstances)
        case "CreateImage": return try QueryEncoder().encode(createImage)
        case "DescribeImages": return try QueryEncoder().encode(describeImages)
        default: return []
        }
    }
}
