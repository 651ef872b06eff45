// swift-tools-version:6.1
import Foundation
import PackageDescription

let strictSwift6: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "aliyun-ecs-swift",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [
        .library(name: "AliyunECS", targets: ["AliyunECS"]),
        .library(name: "SpotRecovery", targets: ["SpotRecovery"]),
        .library(name: "AliyunECSTesting", targets: ["AliyunECSTesting"]),
        .executable(name: "CreateSpotInstance", targets: ["CreateSpotInstance"]),
        .executable(name: "CreateSpotImage", targets: ["CreateSpotImage"]),
        .executable(name: "CreateSpotInstanceFromImage", targets: ["CreateSpotInstanceFromImage"]),
        .executable(name: "SpotRecoveryDemo", targets: ["SpotRecoveryDemo"]),
        .executable(name: "ECSEmulator", targets: ["ECSEmulator"]),
        .executable(name: "ECSBenchmarks", targets: ["ECSBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
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
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),

        // Examples: `swift run <name>`.
        .target(
            name: "ExampleSupport",
            dependencies: [
                "AliyunECS",
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
            dependencies: ["ExampleSupport", "AliyunECS", "AliyunECSTesting", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/ECSEmulator",
            swiftSettings: strictSwift6
        ),

        // Benchmarks: `swift run -c release ECSBenchmarks --fixtures Tests/Fixtures/responses`.
        .executableTarget(
            name: "ECSBenchmarks",
            dependencies: ["AliyunECS", "SpotRecovery", "AliyunECSTesting", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/ECSBenchmarks",
            swiftSettings: strictSwift6
        ),

        // Tests.
        .testTarget(
            name: "AliyunECSTests",
            dependencies: ["AliyunECS", "AliyunECSTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "AliyunECSTestingTests",
            dependencies: ["AliyunECS", "AliyunECSTesting"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "SpotRecoveryTests",
            dependencies: ["AliyunECS", "SpotRecovery", "AliyunECSTesting"],
            swiftSettings: strictSwift6
        ),
    ],
    swiftLanguageModes: [.v6]
)

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
    ]
    // Hands each target's `main` to libFuzzer's driver (see its header).
    package.targets.append(.target(name: "FuzzDriver", path: "FuzzTesting/Sources/FuzzDriver"))
    for target in fuzzTargets {
        package.targets.append(.executableTarget(
            name: target.name,
            dependencies: target.dependencies + ["FuzzDriver"],
            path: "FuzzTesting/Sources/\(target.name)",
            swiftSettings: strictSwift6
        ))
        package.products.append(.executable(name: target.name, targets: [target.name]))
    }
}
