// swift-tools-version: 6.1
import PackageDescription
import class Foundation.NSString

/// The SpikeLab package two folders up, named as SwiftPM names a path
/// dependency: by its folder's name, whatever the clone is called.
let root = ((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
let rootName = ((root as NSString).deletingLastPathComponent as NSString).lastPathComponent.lowercased()

// libFuzzer entries for SpikeLab's fuzz targets (`./dev fuzz`).
//
// Each entry is a static library, not an executable: libFuzzer brings its own
// `main`, and SwiftPM gives an executable target a `main` that hides it. So
// `./dev fuzz` builds these libraries with `-sanitize=fuzzer,address` and
// links each one with `swiftc`, as WasmKit's FuzzTesting package does.
let targets = ["scenario", "overrides", "units", "decoders", "run-folder", "gateway", "validator"]

func name(_ target: String) -> String {
    "Fuzz" + target.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
}

let package = Package(
    name: "SpikeLabFuzz",
    products: targets.map { .library(name: name($0), type: .static, targets: [name($0)]) },
    dependencies: [.package(path: "../..")],
    targets: targets.map {
        .target(
            name: name($0),
            dependencies: [.product(name: "SpikeLabFuzzing", package: rootName)],
            path: "Sources/\($0)"
        )
    }
)
