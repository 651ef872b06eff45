// swift-tools-version:6.1
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
