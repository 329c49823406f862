import Foundation
import SpikeLab
import SpikeLabCore

/// Helpers shared by the engine tests.
enum Fixtures {
    /// The package's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A folder of this test process's own under the temporary directory
    /// (`spikelab-tests-<pid>`), removed when the process exits, so that test runs
    /// leave nothing behind. Each test's files go in a subfolder named for it.
    static let scratch: String = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("spikelab-tests-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fixtures.scratch) }
        return root
    }()

    /// The path `name` in this process's scratch folder (not created).
    static func scratch(_ name: String) -> String { "\(scratch)/\(name)" }

    /// Parses a scenario written inline; the test fails loudly if it does not validate.
    static func scenario(_ yaml: String, overrides: [String] = []) throws -> Scenario {
        try ScenarioLoader.parse(text: yaml, file: "test.yaml", overrides: overrides)
    }

    static func run(_ yaml: String, seed: UInt64? = nil, overrides: [String] = []) throws -> RunResult {
        VirtualEngine(scenario: try scenario(yaml, overrides: overrides), seed: seed).run()
    }

    /// A bundled scenario.
    static func bundled(_ name: String, overrides: [String] = []) throws -> Scenario {
        try ScenarioLoader.load(path: "\(root)/scenarios/\(name).yaml", overrides: overrides)
    }

    /// Pipeline settings that take every stage but the one under test out of the way.
    /// The `consumers` block comes last, so a test can append fields to it.
    static let quietPipeline = """
        gateway:
          account: { rate: 10000000, burst: 10000000 }
          overhead: 0s
        store:
          partitions: 16
          writeCapacity: 1000000000
          partitionWriteLimit: 1000000000
          writeLatency: 0s
        stream:
          enabled: false
        consumers:
          coldStart: 0s
          batchSize: 1
        """

    /// Erlang C: the chance that an arrival waits in an M/M/c queue with offered load `a` = λ/μ.
    static func erlangC(servers c: Int, load a: Double) -> Double {
        var term = 1.0
        var sum = 1.0
        for k in 1..<c {
            term *= a / Double(k)
            sum += term
        }
        let last = term * a / Double(c) * Double(c) / (Double(c) - a)
        return last / (sum + last)
    }
}
