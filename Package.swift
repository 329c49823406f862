// swift-tools-version: 6.1
import PackageDescription
import class Foundation.ProcessInfo

/// `SPIKELAB_NO_JEMALLOC=1` builds the tool on the system allocator, to measure
/// what jemalloc changes (the README's allocator table); normally it links jemalloc.
let linkJemalloc = ProcessInfo.processInfo.environment["SPIKELAB_NO_JEMALLOC"] == nil

/// Settings every SpikeLab target opts into, as Hummingbird 2 does.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SpikeLab",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SpikeLabCore", targets: ["SpikeLabCore"]),
        .library(name: "SpikeLab", targets: ["SpikeLab"]),
        // The fuzz targets' checks, for the libFuzzer entries in Tests/Fuzz.
        .library(name: "SpikeLabFuzzing", targets: ["SpikeLabFuzzing"]),
        .executable(name: "spikelab", targets: ["spikelab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.29.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        // Cache prefetch hints, for the event loop's known next reads.
        .target(name: "CPrefetch"),
        // The pure pipeline: state machines that take `now:`, traffic and randomness.
        // No I/O, no clocks, no Foundation.
        .target(
            name: "SpikeLabCore",
            dependencies: [
                "CPrefetch",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: strictSettings
        ),
        // Scenarios, the virtual-time engine, metrics and report files.
        .target(
            name: "SpikeLab",
            dependencies: [
                "CPrefetch",
                "SpikeLabCore",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // The HTTP face: `spikelab serve` (Hummingbird) and the HTTP generator
        // (async-http-client). Kept apart so the library pulls in no NIO.
        .target(
            name: "SpikeLabServer",
            dependencies: [
                "SpikeLab",
                "SpikeLabCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // What each fuzz target checks of one input (see Tests/Fuzz).
        .target(
            name: "SpikeLabFuzzing",
            dependencies: ["SpikeLab", "SpikeLabCore"],
            swiftSettings: strictSettings
        ),
        // jemalloc, linked into the command-line tool so that it replaces malloc.
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        .executableTarget(
            name: "spikelab",
            dependencies: [
                "SpikeLab",
                "SpikeLabCore",
                "SpikeLabServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ] + (linkJemalloc ? ["CJemalloc"] : []),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SpikeLabCoreTests",
            dependencies: ["SpikeLabCore", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SpikeLabServerTests",
            dependencies: [
                "SpikeLab", "SpikeLabCore", "SpikeLabServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SpikeLabTests",
            dependencies: [
                "SpikeLab", "SpikeLabCore", "SpikeLabFuzzing",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strictSettings
        ),
        // Hummingbird 2 alone answering a fixed 202: the floor `compare.sh` measures
        // `serve` against (Benchmarks/http).
        .executableTarget(
            name: "hummingbird-floor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/http/HummingbirdFloor",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "SpikeLabBenchmarks",
            dependencies: [
                "SpikeLab",
                "SpikeLabCore",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            path: "Benchmarks/SpikeLabBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
