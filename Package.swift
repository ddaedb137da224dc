// swift-tools-version:6.2
import PackageDescription

/// One set of compiler settings for every target of ours (Swift 6 mode is the tools default).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "quarry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quarry", targets: ["quarry"]),
        .executable(name: "quarry-bench", targets: ["quarry-bench"]),
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "AWSSigning", targets: ["AWSSigning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Leaves: no networking, no Quarry knowledge below Core.
        .target(name: "Parquet", swiftSettings: strict),
        .target(name: "AWSSigning", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "QuarryCore", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strict),
        .target(name: "QuarryTable", dependencies: ["QuarryCore", "Parquet"], swiftSettings: strict),
        .target(name: "QuarryStore", dependencies: [
            "QuarryCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .target(name: "QuarryEmulator", dependencies: ["QuarryCore"], swiftSettings: strict),
        // AWS wire layer: credentials, S3, Bedrock clients. Knows nothing of runs or jobs.
        .target(name: "QuarryAWS", dependencies: [
            "AWSSigning",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // The emulator served over real HTTP (S3 + Bedrock control plane + Bedrock Runtime, SigV4 checked).
        .target(name: "QuarryEmulatorHTTP", dependencies: [
            "QuarryEmulator", "QuarryCore", "AWSSigning",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // Hugging Face Hub datasets: Parquet file listing, resumable downloads, the HF cache layout.
        .target(name: "QuarryHub", dependencies: [
            "QuarryCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "QuarryEngine", dependencies: [
            "QuarryCore", "QuarryTable", "QuarryStore", "QuarryEmulator", "QuarryAWS", "Parquet",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),
        .executableTarget(name: "quarry", dependencies: [
            "QuarryEngine", "QuarryCore", "QuarryStore", "QuarryTable", "QuarryEmulatorHTTP", "QuarryHub", "Parquet",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .executableTarget(name: "quarry-bench", dependencies: [
            "QuarryEngine", "QuarryCore", "QuarryTable", "QuarryEmulator", "QuarryAWS", "AWSSigning", "QuarryEmulatorHTTP", "QuarryTesting",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        .target(name: "QuarryTesting", dependencies: ["QuarryCore", "QuarryEngine", "QuarryTable"], swiftSettings: strict),

        .testTarget(name: "ParquetTests", dependencies: ["Parquet"], swiftSettings: strict),
        .testTarget(name: "AWSSigningTests", dependencies: ["AWSSigning"],
                    resources: [], swiftSettings: strict),
        .testTarget(name: "QuarryAWSTests", dependencies: [
            "QuarryAWS", "AWSSigning", "QuarryTesting",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .testTarget(name: "QuarryEmulatorHTTPTests", dependencies: ["QuarryEmulatorHTTP", "QuarryEmulator", "QuarryCore", "AWSSigning"], swiftSettings: strict),
        .testTarget(name: "QuarryCoreTests", dependencies: ["QuarryCore"], swiftSettings: strict),
        .testTarget(name: "QuarryTableTests", dependencies: ["QuarryTable", "QuarryCore"], swiftSettings: strict),
        .testTarget(name: "QuarryStoreTests", dependencies: ["QuarryStore", "QuarryCore"], swiftSettings: strict),
        .testTarget(name: "QuarryEmulatorTests", dependencies: ["QuarryEmulator", "QuarryCore"], swiftSettings: strict),
        .testTarget(name: "QuarryEngineTests", dependencies: [
            "QuarryEngine", "QuarryTesting", "QuarryCore", "QuarryTable", "QuarryEmulator", "QuarryStore",
            "QuarryAWS", "QuarryEmulatorHTTP", "AWSSigning", "Parquet",
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),
        .testTarget(name: "QuarryHubTests", dependencies: ["QuarryHub", "QuarryCore", "QuarryTable", "QuarryTesting"], swiftSettings: strict),
        .testTarget(name: "QuarryEndToEndTests", dependencies: ["QuarryTesting", "QuarryCore"], swiftSettings: strict),
    ]
)
