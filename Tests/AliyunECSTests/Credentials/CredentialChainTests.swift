import AliyunECSTesting
import Foundation
import Testing
@testable import AliyunECS

/// The standard credential chain, in the official order, over a fake environment, home folder and
/// metadata service.
@Suite("Credential chain")
struct CredentialChainTests {
    /// A fake file system and metadata/STS service, recording what was asked.
    final class World: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        var files: [String: String] = [:]
        var requests: [ECSHTTPRequest] = []
        var metadataTokenAnswer: (Int, String) = (200, "tok-123")
        var roleName = "EcsRole"
        var expiration = "2026-11-26T09:00:00Z"
        var credentialFetches = 0
        var fileReads: [String: Int] = [:]

        func context(_ environment: [String: String], clock: any ECSClock = VirtualClock()) -> CredentialSourceContext {
            CredentialSourceContext(
                environment: environment, homeDirectory: "/home/test",
                readFile: { [self] path in
                    lock.withLock {
                        fileReads[path, default: 0] += 1
                        return files[path].map { Data($0.utf8) }
                    }
                },
                transport: ClosureTransport { [self] request in try self.answer(request) },
                clock: clock,
                metadataBaseURL: URL(string: "http://127.0.0.1:1"),
                stsBaseURL: URL(string: "http://127.0.0.1:2"))
        }

        func answer(_ request: ECSHTTPRequest) throws -> ECSHTTPResponse {
            lock.lock()
            defer { lock.unlock() }
            requests.append(request)
            let path = request.url?.path ?? ""
            if request.url?.port == 2 {
                return ECSHTTPResponse(statusCode: 200, body: Data(#"{"RequestId":"r","Credentials":{"AccessKeyId":"STS.oidc","AccessKeySecret":"oidc-secret","SecurityToken":"oidc-token","Expiration":"\#(expiration)"}}"#.utf8))
            }
            switch (request.method, path) {
            case ("PUT", "/latest/api/token"):
                return ECSHTTPResponse(statusCode: metadataTokenAnswer.0, body: Data(metadataTokenAnswer.1.utf8))
            case ("GET", "/latest/meta-data/ram/security-credentials"), ("GET", "/latest/meta-data/ram/security-credentials/"):
                return ECSHTTPResponse(statusCode: 200, body: Data(roleName.utf8))
            case ("GET", "/latest/meta-data/ram/security-credentials/\(roleName)"):
                credentialFetches += 1
                return ECSHTTPResponse(statusCode: 200, body: Data(#"{"Code":"Success","AccessKeyId":"STS.role\#(credentialFetches)","AccessKeySecret":"role-secret","SecurityToken":"role-token","Expiration":"\#(expiration)"}"#.utf8))
            default:
                return ECSHTTPResponse(statusCode: 404, body: Data())
            }
        }

        var recorded: [ECSHTTPRequest] { lock.withLock { requests } }
        func reads(of path: String) -> Int { lock.withLock { fileReads[path] ?? 0 } }
        var fetches: Int { lock.withLock { credentialFetches } }
    }

    @Test("Environment variables come first")
    func environmentFirst() async throws {
        let world = World()
        world.files["/home/test/.alibabacloud/credentials"] = "[default]\ntype = access_key\naccess_key_id = FILEID\naccess_key_secret = FILESECRET\n"
        let chain = DefaultCredentialChain(context: world.context([
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "ENVID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "ENVSECRET", "ALIBABA_CLOUD_SECURITY_TOKEN": "ENVTOKEN",
        ]))
        let credentials = try await chain.credentials()
        #expect(credentials == ECSCredentials(accessKeyId: "ENVID", accessKeySecret: "ENVSECRET", securityToken: "ENVTOKEN"))
        #expect(world.recorded.isEmpty, "no network when the environment has the key")
    }

    @Test("OIDC role credentials come from AssumeRoleWithOIDC with the token file")
    func oidc() async throws {
        let world = World()
        world.files["/var/run/token"] = "eyJhbGciOi.oidc.token\n"
        let chain = DefaultCredentialChain(context: world.context([
            "ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/r", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/p",
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/var/run/token",
        ]))
        let credentials = try await chain.credentials()
        #expect(credentials.accessKeyId == "STS.oidc" && credentials.securityToken == "oidc-token")
        #expect(credentials.expiration == ECSTimestamp.date(from: world.expiration))
        let request = try #require(world.recorded.first)
        #expect(request.percentEncodedQuery.contains("Action=AssumeRoleWithOIDC"))
        let form = String(decoding: request.body, as: UTF8.self)
        #expect(form.contains("OIDCToken=eyJhbGciOi.oidc.token"))
        #expect(form.contains("RoleArn=acs%3Aram%3A%3A1%3Arole%2Fr"))
    }

    @Test("The CLI profile file is read: AK and StsToken modes, profile from the environment or `current`")
    func cliProfile() async throws {
        let world = World()
        world.files["/home/test/.aliyun/config.json"] = """
        {"current":"work","profiles":[
          {"name":"default","mode":"AK","access_key_id":"DEFID","access_key_secret":"DEFSECRET"},
          {"name":"work","mode":"StsToken","access_key_id":"WORKID","access_key_secret":"WORKSECRET","sts_token":"WORKTOKEN"}
        ]}
        """
        let current = try await DefaultCredentialChain(context: world.context([:])).credentials()
        #expect(current == ECSCredentials(accessKeyId: "WORKID", accessKeySecret: "WORKSECRET", securityToken: "WORKTOKEN"))
        let chosen = try await DefaultCredentialChain(context: world.context(["ALIBABA_CLOUD_PROFILE": "default"])).credentials()
        #expect(chosen == ECSCredentials(accessKeyId: "DEFID", accessKeySecret: "DEFSECRET"))
    }

    @Test("The CLI profile's EcsRamRole mode reads the named role from the metadata service")
    func cliProfileRamRole() async throws {
        let world = World()
        world.files["/home/test/.aliyun/config.json"] = #"{"current":"r","profiles":[{"name":"r","mode":"EcsRamRole","ram_role_name":"EcsRole"}]}"#
        let credentials = try await DefaultCredentialChain(context: world.context([:])).credentials()
        #expect(credentials.accessKeyId == "STS.role1")
    }

    @Test("A profile file is read once, however many calls follow", arguments: ["cli", "ini"])
    func profileFileReadOnce(kind: String) async throws {
        let world = World()
        let path = kind == "cli" ? "/home/test/.aliyun/config.json" : "/home/test/.alibabacloud/credentials"
        world.files[path] = kind == "cli"
            ? #"{"current":"a","profiles":[{"name":"a","mode":"AK","access_key_id":"CLIID","access_key_secret":"CLISECRET"}]}"#
            : "[default]\ntype = access_key\naccess_key_id = FILEID\naccess_key_secret = FILESECRET\n"
        let context = world.context([:])
        let provider: any CredentialProvider = kind == "cli" ? CLIProfileCredentialProvider(context: context) : CredentialsFileProvider(context: context)
        for _ in 0..<5 { _ = try await provider.credentials() }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try? await provider.credentials() } }
        }
        #expect(world.reads(of: path) == 1)
    }

    @Test("A RAM role named by a profile file is fetched once and kept until it is due", arguments: ["cli", "ini"])
    func profileRamRoleCached(kind: String) async throws {
        let world = World()
        let clock = VirtualClock(start: try #require(ECSTimestamp.date(from: "2026-11-26T08:00:00Z")))
        let path = kind == "cli" ? "/home/test/.aliyun/config.json" : "/home/test/.alibabacloud/credentials"
        world.files[path] = kind == "cli"
            ? #"{"current":"r","profiles":[{"name":"r","mode":"EcsRamRole","ram_role_name":"EcsRole"}]}"#
            : "[default]\ntype = ecs_ram_role\nrole_name = EcsRole\n"
        let context = world.context([:], clock: clock)
        let provider: any CredentialProvider = kind == "cli" ? CLIProfileCredentialProvider(context: context) : CredentialsFileProvider(context: context)
        for _ in 0..<3 { #expect(try await provider.credentials().accessKeyId == "STS.role1") }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try? await provider.credentials() } }
        }
        #expect(world.fetches == 1, "one metadata fetch for every call while the credentials are fresh")
        let metadataRequests = world.recorded.count
        #expect(metadataRequests == 2, "a token, then the role's credentials")
        // Within the refresh margin (three minutes before 09:00) the next call fetches again, once.
        await clock.advance(to: try #require(ECSTimestamp.date(from: "2026-11-26T08:58:00Z")))
        world.expiration = "2026-11-26T10:00:00Z"
        #expect(try await provider.credentials().accessKeyId == "STS.role2")
        #expect(try await provider.credentials().accessKeyId == "STS.role2")
        #expect(world.fetches == 2)
        #expect(world.reads(of: path) == 1)
    }

    @Test("With HOME holding only .alibabacloud/credentials, that file provides the key")
    func credentialsFile() async throws {
        let world = World()
        world.files["/home/test/.alibabacloud/credentials"] = """
        # comment
        [default]
        type = access_key
        access_key_id = FILEID
        access_key_secret = FILESECRET

        [other]
        type = access_key
        access_key_id = OTHERID
        access_key_secret = OTHERSECRET
        """
        let chain = DefaultCredentialChain(context: world.context(["ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"]))
        #expect(try await chain.credentials() == ECSCredentials(accessKeyId: "FILEID", accessKeySecret: "FILESECRET"))
        let other = DefaultCredentialChain(context: world.context(["ALIBABA_CLOUD_PROFILE": "other"]))
        #expect(try await other.credentials().accessKeyId == "OTHERID")
    }

    @Test("ALIBABA_CLOUD_CREDENTIALS_FILE overrides the file's location, and ecs_ram_role sections work")
    func credentialsFileOverride() async throws {
        let world = World()
        world.files["/etc/ali/creds"] = "[default]\ntype = ecs_ram_role\nrole_name = EcsRole\n"
        let credentials = try await DefaultCredentialChain(context: world.context(["ALIBABA_CLOUD_CREDENTIALS_FILE": "/etc/ali/creds"])).credentials()
        #expect(credentials.accessKeyId == "STS.role1" && credentials.securityToken == "role-token")
    }

    @Test("The RAM role provider asks for a token first and sends it with every read")
    func metadataTokenFirst() async throws {
        let world = World()
        let credentials = try await ECSRAMRoleCredentialProvider(context: world.context([:])).credentials()
        #expect(credentials.accessKeyId == "STS.role1")
        let requests = world.recorded
        #expect(requests.first?.method == "PUT")
        #expect(requests.first?.headers[header: "X-aliyun-ecs-metadata-token-ttl-seconds"] != nil)
        #expect(requests.dropFirst().allSatisfy { $0.headers[header: "X-aliyun-ecs-metadata-token"] == "tok-123" })
        #expect(requests.contains { $0.url?.path.hasSuffix("/EcsRole") == true }, "the role name was discovered")
    }

    @Test("Without a token it falls back to plain reads, unless IMDSv1 is disabled")
    func metadataFallback() async throws {
        let world = World()
        world.metadataTokenAnswer = (403, "")
        let credentials = try await ECSRAMRoleCredentialProvider(context: world.context(["ALIBABA_CLOUD_ECS_METADATA": "EcsRole"])).credentials()
        #expect(credentials.accessKeyId == "STS.role1")
        #expect(world.recorded.dropFirst().allSatisfy { $0.headers[header: "X-aliyun-ecs-metadata-token"] == nil })

        let strict = World()
        strict.metadataTokenAnswer = (403, "")
        await #expect(throws: ECSClientError.self) {
            try await ECSRAMRoleCredentialProvider(context: strict.context(["ALIBABA_CLOUD_IMDSV1_DISABLED": "true"])).credentials()
        }
    }

    @Test("Temporary credentials are cached, refreshed before expiry, and concurrent callers share one refresh")
    func caching() async throws {
        let world = World()
        let clock = VirtualClock(start: try #require(ECSTimestamp.date(from: "2026-11-26T08:00:00Z")))
        let provider = ECSRAMRoleCredentialProvider(context: world.context([:], clock: clock))
        let first = try await provider.credentials()
        _ = try await provider.credentials()
        #expect(world.fetches == 1 && first.accessKeyId == "STS.role1")

        await clock.advance(by: .seconds(58 * 60))  // 2 minutes before expiry: inside the refresh margin
        world.expiration = "2026-11-26T10:00:00Z"
        async let a = provider.credentials()
        async let b = provider.credentials()
        async let c = provider.credentials()
        let results = try await [a, b, c]
        #expect(world.fetches == 2, "one refresh for three concurrent callers")
        #expect(results.allSatisfy { $0.accessKeyId == "STS.role2" })
    }

    @Test("Disabling the metadata service skips it, and the final error lists every source tried")
    func nothingFound() async throws {
        let world = World()
        let chain = DefaultCredentialChain(context: world.context(["ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"]))
        let error = await #expect(throws: ECSClientError.self) { try await chain.credentials() }
        #expect(error?.kind == .credentialsUnavailable)
        let message = error?.message ?? ""
        for source in ["environment", "OIDC role", "CLI profile", "credentials file", "ECS RAM role"] {
            #expect(message.contains(source), "mentions \(source)")
        }
        #expect(world.recorded.isEmpty)
    }

    @Test("Credentials never show their secret or token")
    func redactedDescriptions() {
        let credentials = ECSCredentials(accessKeyId: "LTAI5tFakeKeyId123", accessKeySecret: "sekrit-value-123", securityToken: "tok-value-456")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials), dumped] {
            #expect(!text.contains("sekrit-value-123"))
            #expect(!text.contains("tok-value-456"))
            #expect(!text.contains("LTAI5tFakeKeyId123"))
        }
    }

    @Test("A credentials file saved with a byte-order mark still has its first section")
    func byteOrderMark() {
        let file = "\u{FEFF}[default]\ntype = access_key\naccess_key_id = id-1\n"
        #expect(INIFile.parse(file)["default"]?["access_key_id"] == "id-1")
        #expect(INIFile.parse("[default]\nkey = \u{FEFF}value\n")["default"]?["key"] == "\u{FEFF}value", "only a leading mark is dropped")
    }
}
