import Foundation
import Testing
@testable import AliyunECS

/// Endpoint resolution as in the official SDK: explicit > environment > region map > default.
@Suite("Endpoints")
struct EndpointTests {
    @Test("An explicit endpoint wins, as a host, host:port or URL")
    func explicit() throws {
        let environment = ["ALIBABA_CLOUD_ECS_ENDPOINT": "ecs.from-env.example"]
        #expect(try ECSEndpoint.resolve(region: "cn-hangzhou", explicit: "ecs.custom.example", environment: environment).baseURL == "https://ecs.custom.example")
        #expect(try ECSEndpoint.resolve(region: "cn-hangzhou", explicit: "http://127.0.0.1:8080", environment: environment).baseURL == "http://127.0.0.1:8080")
        #expect(try ECSEndpoint(parsing: "127.0.0.1:8080").baseURL == "https://127.0.0.1:8080")
        #expect(try ECSEndpoint(parsing: "https://ecs.aliyuncs.com/").hostHeader == "ecs.aliyuncs.com")
        #expect(try ECSEndpoint(parsing: "https://ecs.aliyuncs.com:443").hostHeader == "ecs.aliyuncs.com")
        #expect(try ECSEndpoint(parsing: "http://127.0.0.1:80").hostHeader == "127.0.0.1")
    }

    @Test("ALIBABA_CLOUD_ECS_ENDPOINT comes next")
    func environment() throws {
        let endpoint = try ECSEndpoint.resolve(region: "cn-hangzhou", explicit: nil, environment: ["ALIBABA_CLOUD_ECS_ENDPOINT": "http://127.0.0.1:9000"])
        #expect(endpoint == ECSEndpoint(scheme: "http", host: "127.0.0.1", port: 9000))
    }

    @Test("Then the official region map, then ecs.{region}.aliyuncs.com")
    func regionMap() throws {
        let map = try Fixtures.json("endpoints.json")["map"] as? [String: String] ?? [:]
        #expect(!map.isEmpty)
        for (region, host) in map {
            #expect(try ECSEndpoint.resolve(region: region, explicit: nil, environment: [:]).baseURL == "https://\(host)")
        }
        #expect(try ECSEndpoint.resolve(region: "cn-shanghai", explicit: nil, environment: [:]).baseURL == "https://ecs.cn-shanghai.aliyuncs.com")
        #expect(try ECSEndpoint.vpc(region: "cn-shanghai").baseURL == "https://ecs-vpc.cn-shanghai.aliyuncs.com")
    }

    @Test("Unusable regions and endpoints are refused with a clear error", arguments: [
        "ftp://example.com", "https://host/path", "host:99999", "user@host", "", "bad host",
    ])
    func invalid(text: String) {
        #expect(throws: ECSClientError.self) {
            if text.isEmpty { _ = try ECSEndpoint.official(region: "") } else { _ = try ECSEndpoint(parsing: text) }
        }
    }

    @Test("A region cannot smuggle another host into the endpoint")
    func regionInjection() {
        #expect(throws: ECSClientError.self) { _ = try ECSEndpoint.official(region: "evil.com/x") }
        #expect(throws: ECSClientError.self) { _ = try ECSClient(region: "a.b", credentials: .static(accessKeyId: "a", accessKeySecret: "b"), configuration: .init(environment: [:])) }
    }
}
