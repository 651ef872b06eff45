// swift-tools-version:6.1
import Foundation
import PackageDescription

let strictSwift6: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// The rest of the ECS API, one module per resource group, each its own product, generated whole by
// Codegen/generate (the overlay's `groups`; `--check` compares this list with them). `AliyunECS` keeps the
// actions recovery uses, with the fast path; these hold every other action as plain `Codable` models, so a
// user compiles only the groups they import (Documentation/AddingAnAction.md, "Where an action lives").
let ecsAPIModules = [
    "AliyunECSCloudAssistant", "AliyunECSImages", "AliyunECSStorage", "AliyunECSNetwork", "AliyunECSBilling",
    "AliyunECSInstances", "AliyunECSAccount",
]

let package = Package(
    name: "aliyun-ecs-swift",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [
        .library(name: "AliyunECS", targets: ["AliyunECS"]),
        .library(name: "SpotRecovery", targets: ["SpotRecovery"]),
        .library(name: "AliyunECSTesting", targets: ["AliyunECSTesting"]),
        .library(name: "AliyunECSAsyncHTTPClient", targets: ["AliyunECSAsyncHTTPClient"]),
        .library(name: "AliyunECSEmulator", targets: ["AliyunECSEmulator"]),
        .library(name: "AliyunMNS", targets: ["AliyunMNS"]),
        .executable(name: "CreateSpotInstance", targets: ["CreateSpotInstance"]),
        .executable(name: "CreateSpotImage", targets: ["CreateSpotImage"]),
        .executable(name: "CreateSpotInstanceFromImage", targets: ["CreateSpotInstanceFromImage"]),
        .executable(name: "SpotRecoveryDemo", targets: ["SpotRecoveryDemo"]),
        .executable(name: "ECSEmulator", targets: ["ECSEmulator"]),
        .executable(name: "ReceiveQueueMessages", targets: ["ReceiveQueueMessages"]),
        .executable(name: "ECSBenchmarks", targets: ["ECSBenchmarks"]),
        .library(name: "SpotGuardian", targets: ["SpotGuardian"]),
        .executable(name: "spot-guardian", targets: ["SpotGuardianCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Only the AsyncHTTPClient transport and the emulator server (and what uses them) build these.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Only spot-guardian builds these.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Only `swift package generate-documentation` (a command plugin) uses this; no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Libraries: the client, the recovery flow, and the simulator users test against.
        .target(
            name: "AliyunECS",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // The MNS queue client: its own product, so that `AliyunECS` keeps only swift-crypto and swift-log.
        .target(
            name: "AliyunMNS",
            dependencies: [
                "AliyunECS",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "SpotRecovery",
            dependencies: [
                "AliyunECS",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "AliyunECSTesting",
            dependencies: [
                "AliyunECS",
                "AliyunMNS",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),

        // One SwiftNIO event loop as a task executor, for the AsyncHTTPClient transport (not a product).
        .target(
            name: "EventLoopTaskExecutor",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift6
        ),
        // The AsyncHTTPClient transport: its own product, so that `AliyunECS` keeps only swift-crypto and swift-log.
        .target(
            name: "AliyunECSAsyncHTTPClient",
            dependencies: [
                "AliyunECS",
                "EventLoopTaskExecutor",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSwift6
        ),
        // The simulator served over HTTP (SwiftNIO's HTTP/1.1 server); `AliyunECSTesting` itself stays free of NIO.
        .target(
            name: "AliyunECSEmulator",
            dependencies: [
                "AliyunECS",
                "AliyunECSTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),

        // spot-guardian: SpotRecovery as a long-running service. The assembly is a library, tested in process;
        // the executable is a thin command line around it.
        .target(
            name: "SpotGuardian",
            dependencies: [
                "AliyunECS",
                "AliyunMNS",
                "SpotRecovery",
                "AliyunECSAsyncHTTPClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "SpotGuardianDemo",
            dependencies: [
                "AliyunECS", "SpotRecovery", "SpotGuardian", "AliyunECSTesting", "AliyunECSEmulator", "AliyunECSAsyncHTTPClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "SpotGuardianCommand",
            dependencies: [
                "SpotGuardian", "SpotGuardianDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/spot-guardian",
            swiftSettings: strictSwift6
        ),

        // Examples: `swift run <name>`.
        .target(
            name: "ExampleSupport",
            dependencies: [
                "AliyunECS",
                "AliyunECSAsyncHTTPClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/ExampleSupport",
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "CreateSpotInstance",
            dependencies: ["ExampleSupport", "AliyunECS", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/CreateSpotInstance",
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "CreateSpotImage",
            dependencies: ["ExampleSupport", "AliyunECS", "SpotRecovery", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/CreateSpotImage",
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "CreateSpotInstanceFromImage",
            dependencies: ["ExampleSupport", "AliyunECS", "SpotRecovery", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/CreateSpotInstanceFromImage",
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "SpotRecoveryDemo",
            dependencies: ["ExampleSupport", "AliyunECS", "SpotRecovery", "AliyunECSTesting", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/SpotRecoveryDemo",
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "ECSEmulator",
            dependencies: [
                "ExampleSupport", "AliyunECS", "AliyunECSTesting", "AliyunECSEmulator", "AliyunMNS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/ECSEmulator",
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "ReceiveQueueMessages",
            dependencies: [
                "ExampleSupport", "AliyunECS", "AliyunMNS", "AliyunECSAsyncHTTPClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/ReceiveQueueMessages",
            swiftSettings: strictSwift6
        ),

        // Benchmarks: `swift run -c release ECSBenchmarks --fixtures Tests/Fixtures/responses`, over real
        // HTTP against the ECSEmulator executable: `swift run -c release ECSBenchmarks --http`, and the
        // recovery study on the simulator's virtual time: `swift run -c release ECSBenchmarks --recovery`.
        .target(
            name: "RecoveryStudy",
            dependencies: ["AliyunECS", "SpotRecovery", "AliyunECSTesting"],
            path: "Benchmarks/RecoveryStudy",
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "ECSBenchmarks",
            dependencies: [
                "AliyunECS", "SpotRecovery", "AliyunECSTesting", "AliyunECSAsyncHTTPClient", "RecoveryStudy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/ECSBenchmarks",
            swiftSettings: strictSwift6
        ),

        // Tests.
        .testTarget(
            name: "AliyunECSTests",
            dependencies: ["AliyunECS", "AliyunECSTesting", .product(name: "Logging", package: "swift-log")]
                + ecsAPIModules.map { .target(name: $0) },
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AliyunECSTestingTests",
            dependencies: ["AliyunECS", "AliyunECSTesting", "AliyunMNS", "SpotRecovery"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AliyunMNSTests",
            dependencies: ["AliyunECS", "AliyunMNS", "AliyunECSTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "SpotGuardianTests",
            dependencies: [
                "AliyunECS", "AliyunECSTesting", "AliyunMNS", "SpotRecovery", "SpotGuardian", "SpotGuardianDemo",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AliyunECSEmulatorTests",
            dependencies: [
                "AliyunECS", "AliyunECSTesting", "AliyunECSEmulator", "AliyunECSAsyncHTTPClient", "EventLoopTaskExecutor", "AliyunMNS",
                // Generated actions outside the recovery set, called against the emulator from stubs.
                "AliyunECSNetwork", "AliyunECSStorage", "AliyunECSInstances",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "SpotRecoveryTests",
            dependencies: ["AliyunECS", "SpotRecovery", "AliyunECSTesting"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "RecoveryStudyTests",
            dependencies: ["AliyunECS", "SpotRecovery", "AliyunECSTesting", "RecoveryStudy"],
            swiftSettings: strictSwift6
        ),
    ],
    swiftLanguageModes: [.v6]
)

for module in ecsAPIModules {
    package.products.append(.library(name: module, targets: [module]))
    package.targets.append(.target(name: module, dependencies: ["AliyunECS"], swiftSettings: strictSwift6))
}
// Every action of the API in one product, for a user who would rather not pick groups.
package.products.append(.library(name: "AliyunECSFullAPI", targets: ecsAPIModules))

// Fuzz targets (`FuzzTesting/`): libFuzzer entry points for every parser we wrote by hand. They exist only
// when `ALIYUN_ECS_FUZZ=1`, which `Scripts/fuzz` sets for its sanitizer build in `.build-fuzz`, so a normal
// build, `swift test`, CI's build and every user of the package never compile them.
if ProcessInfo.processInfo.environment["ALIYUN_ECS_FUZZ"] == "1" {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzJSON", ["AliyunECS"]),
        ("FuzzQuery", ["AliyunECS", "AliyunECSTesting"]),
        ("FuzzPercentEncoding", ["AliyunECS"]),
        ("FuzzTimestamp", ["AliyunECS"]),
        ("FuzzCLIConfig", ["AliyunECS"]),
        ("FuzzCredentialsINI", ["AliyunECS"]),
        ("FuzzInterruptionEvents", ["AliyunECS", "SpotRecovery"]),
        ("FuzzEmulatorHTTP", [
            "AliyunECS", "AliyunECSTesting", "AliyunECSEmulator",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        ("FuzzGuardianConfig", ["SpotGuardian"]),
        ("FuzzMNSXML", ["AliyunECS", "AliyunMNS"]),
    ]
    // Hands each target's `main` to libFuzzer's driver (see its header).
    package.targets.append(.target(name: "FuzzDriver", path: "FuzzTesting/Sources/FuzzDriver"))
    // What several targets share: running async code from the entry point, the credential context, how our
    // JSON parser reads a document.
    package.targets.append(.target(
        name: "FuzzSupport", dependencies: ["AliyunECS"], path: "FuzzTesting/Sources/FuzzSupport", swiftSettings: strictSwift6))
    for target in fuzzTargets {
        package.targets.append(.executableTarget(
            name: target.name,
            dependencies: target.dependencies + ["FuzzDriver", "FuzzSupport"],
            path: "FuzzTesting/Sources/\(target.name)",
            swiftSettings: strictSwift6
        ))
        package.products.append(.executable(name: target.name, targets: [target.name]))
    }
}
