import Foundation

/// What credential providers read from the outside world, gathered in one value so tests can replace it:
/// environment variables, the home directory, files, the clock and the HTTP transport for STS and the
/// instance metadata service.
public struct CredentialSourceContext: Sendable {
    /// Environment variables.
    public var environment: [String: String]
    /// The home directory, where `~/.aliyun/config.json` and `~/.alibabacloud/credentials` live.
    public var homeDirectory: String?
    /// How files are read (the credentials and token files).
    public var readFile: @Sendable (String) -> Data?
    /// The transport for STS and the metadata service.
    public var transport: any ECSTransport
    /// The clock that decides when temporary credentials need refreshing.
    public var clock: any ECSClock
    /// The instance metadata service. Default: `http://100.100.100.200`; override for tests.
    public var metadataBaseURL: URL
    /// The STS endpoint for AssumeRoleWithOIDC. Default: `ALIBABA_CLOUD_STS_ENDPOINT`, else
    /// `https://sts.aliyuncs.com`.
    public var stsBaseURL: URL

    /// Creates a context; every argument defaults to the real process.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String? = nil,
        readFile: @escaping @Sendable (String) -> Data? = { FileManager.default.contents(atPath: $0) },
        transport: any ECSTransport = URLSessionTransport(configuration: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(10))),
        clock: any ECSClock = SystemClock(),
        metadataBaseURL: URL? = nil,
        stsBaseURL: URL? = nil
    ) {
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        self.readFile = readFile
        self.transport = transport
        self.clock = clock
        self.metadataBaseURL = metadataBaseURL ?? Self.defaultMetadataBaseURL
        let stsFromEnvironment = environment["ALIBABA_CLOUD_STS_ENDPOINT"].flatMap { text -> URL? in
            URL(string: text.contains("://") ? text : "https://\(text)")
        }
        self.stsBaseURL = stsBaseURL ?? stsFromEnvironment ?? Self.defaultSTSBaseURL
    }

    /// `http://100.100.100.200`, the ECS instance metadata service.
    public static let defaultMetadataBaseURL = URL(string: "http://100.100.100.200") ?? URL(fileURLWithPath: "/")
    /// `https://sts.aliyuncs.com`.
    public static let defaultSTSBaseURL = URL(string: "https://sts.aliyuncs.com") ?? URL(fileURLWithPath: "/")

    /// `true` when the variable is set to `true` (any case).
    func flag(_ name: String) -> Bool {
        environment[name]?.lowercased() == "true"
    }

    /// A non-empty environment variable, or `nil`.
    func variable(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingSpaces(), !value.isEmpty else { return nil }
        return value
    }

    /// Expands a leading `~/` to the home directory.
    func expand(_ path: String) -> String {
        guard path.hasPrefix("~/"), let homeDirectory else { return path }
        return homeDirectory + path.dropFirst()
    }
}
