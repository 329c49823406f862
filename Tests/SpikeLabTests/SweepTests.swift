import Foundation
@testable import SpikeLab
import SpikeLabCore
import Testing

struct SweepTests {
    static func folder(_ name: String) -> String {
        Fixtures.scratch("sweep-\(name)")
    }

    @Test("The knee is the smallest setting past which p99 improves by less than the fraction")
    func kneeRule() {
        #expect(Sweep.knee([(5, 1000), (10, 400), (20, 100), (50, 95), (100, 94)]) == 20)
        #expect(Sweep.knee([(5, 1000), (10, 500), (20, 250)]) == nil)
        #expect(Sweep.knee([(1, 10), (2, 9.5)], fraction: 0.01) == nil)
    }

    @Test("Sweeping the bundled concurrency sweep: p99 and peak depth fall as concurrency rises, then level off")
    func monotone() async throws {
        let axes = [SweepAxis(path: "consumers.concurrency", values: ["5", "10", "20", "50", "100", "200"])]
        let points = try await Sweep.run(scenarioPath: "\(Fixtures.root)/scenarios/concurrency-sweep.yaml", overrides: [], axes: axes,
                                         seed: nil, folder: Self.folder("monotone"), parallelism: 2)
        let p99 = points.map(\.p99)
        let depth = points.map { $0.peakVisible }
        #expect(zip(p99, p99.dropFirst()).allSatisfy { $0 >= $1 }, "p99 \(p99)")
        #expect(zip(depth, depth.dropFirst()).allSatisfy { $0 >= $1 }, "depth \(depth)")
        #expect(p99.first! > 100 * p99.last!)
        #expect(points.allSatisfy { $0.conservationHolds })
    }

    /// Handler 10 ms, batch 1: each consumer takes 100 a second. At 800 a second,
    /// 8 consumers are saturated (ρ = 1), 16 keep up easily, 32 add nothing.
    static let constructed = """
        name: knee
        workloads:
          - type: orders
            rate: { constant: { rate: 800, duration: 30s } }
            arrivals: poisson
        gateway:
          overhead: 0s
        stream:
          enabled: false
        store:
          writeLatency: 0s
          partitions: 16
          writeCapacity: 100000
        consumers:
          concurrency: 2
          batchSize: 1
          coldStart: 0s
          handler: 10ms
        """

    @Test("The knee is found where a constructed scenario puts it, and a sweep run twice writes the same sweep.csv")
    func kneeWhereConstructed() async throws {
        let file = Self.folder("constructed.yaml")
        try Self.constructed.write(toFile: file, atomically: true, encoding: .utf8)
        let axes = [SweepAxis(path: "consumers.concurrency", values: ["2", "4", "8", "16", "32"])]
        let a = try await Sweep.run(scenarioPath: file, overrides: [], axes: axes, seed: nil, folder: Self.folder("a"), parallelism: 2)
        let b = try await Sweep.run(scenarioPath: file, overrides: [], axes: axes, seed: nil, folder: Self.folder("b"), parallelism: 1)
        let curve = a.map { (Double($0.settings[0].value)!, $0.p99) }
        #expect(Sweep.knee(curve) == 16, "\(curve)")
        let csvA = Sweep.csv(a, axes: axes)
        #expect(csvA == Sweep.csv(b, axes: axes))
        #expect(csvA.split(separator: "\r\n").first { $0.hasPrefix("16,") }?.hasSuffix(",knee") == true)
    }

    @Test("A point's folder keeps ASCII letters, digits, '-', '_' and '.'; a long name is cut and ends in its settings' hash")
    func pointNames() {
        #expect(SweepPoint.name([("consumers.concurrency", "20"), ("consumers.batchSize", "10")]) == "consumers.concurrency-20_consumers.batchSize-10")
        #expect(SweepPoint.name([("name", "café/x")]) == "name-caf--x")
        let fits = String(repeating: "x", count: 115)
        #expect(SweepPoint.name([("name", fits)]) == "name-" + fits)
        let long = String(repeating: "x", count: 300)
        let a = SweepPoint.name([("name", long + "a")]), b = SweepPoint.name([("name", long + "b")])
        #expect(a.utf8.count == 120 && b.utf8.count == 120 && a != b)
        #expect(a.hasPrefix("name-xxxx") && a.dropLast(16).hasSuffix("xx-"))
        #expect(a.suffix(16).allSatisfy { $0.isHexDigit })
    }

    @Test("A point's folder that cannot be written is a write failure, not a refusal of the input")
    func unwritablePoint() async throws {
        let file = Self.folder("tiny.yaml")
        try "name: tiny\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 10, duration: 2s } }\n".write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try await Sweep.run(scenarioPath: file, overrides: [], axes: [SweepAxis(path: "consumers.concurrency", values: ["1", "2"])],
                                    seed: nil, folder: "/proc/spikelab-cannot-write", parallelism: 1)
            Issue.record("swept into /proc")
        } catch {
            #expect(error.isWriteFailure)
            #expect(error.description.hasPrefix("cannot write /proc/spikelab-cannot-write/consumers.concurrency-1"))
        }
        do {
            _ = try await Sweep.run(scenarioPath: file, overrides: [], axes: [SweepAxis(path: "consumers.concurrency", values: ["-1"])],
                                    seed: nil, folder: Self.folder("refused-negative"), parallelism: 1)
            Issue.record("swept a negative concurrency")
        } catch {
            #expect(!error.isWriteFailure)
        }
    }

    @Test("A grid is every combination, the first axis varying fastest")
    func grid() {
        let g = SweepAxis.grid([SweepAxis(path: "a", values: ["1", "2"]), SweepAxis(path: "b", values: ["x", "y"])])
        #expect(g.map { $0.map(\.value).joined() } == ["1x", "2x", "1y", "2y"])
        #expect(SweepAxis.parse("consumers.concurrency=5, 10,20") == SweepAxis(path: "consumers.concurrency", values: ["5", "10", "20"]))
    }

    @Test("A path varied twice, a value given twice, or two points that would share a folder are refused before anything runs", arguments: [
        ([SweepAxis(path: "a", values: ["3", "3"])], "a: '3' is given twice"),
        ([SweepAxis(path: "a", values: ["3", "4"]), SweepAxis(path: "a", values: ["5"])], "a is varied twice; give its values in one list"),
        ([SweepAxis(path: "name", values: ["x/y", "x-y"])], "name=x/y and name=x-y would share the folder 'name-x-y'"),
    ])
    func refusedAxes(_ axes: [SweepAxis], _ problem: String) async throws {
        #expect(SweepAxis.problem(axes) == problem)
        let folder = Self.folder("refused-\(problem.filter(\.isLetter).prefix(12))")
        do {
            _ = try await Sweep.run(scenarioPath: "\(Fixtures.root)/scenarios/poison-messages.yaml", overrides: [], axes: axes, seed: nil,
                                    folder: folder, parallelism: 2)
            Issue.record("swept")
        } catch {
            #expect(error.description == problem)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(SweepAxis.problem([SweepAxis(path: "a", values: ["3", "4"]), SweepAxis(path: "b", values: ["3"])]) == nil)
    }
}
