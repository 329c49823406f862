import Foundation
import SpikeLabCore
import Testing

@testable import SpikeLab

/// A sweep's bounds: a grid past `Sweep.maxPoints` is refused before anything
/// runs, and a raised stop ends the points running at their next interval.
struct SweepLimitsTests {
    @Test("A grid over the limit is refused from its size alone, however large")
    func gridLimit() async throws {
        let big = (1...1001).map(String.init)
        #expect(SweepAxis.count([SweepAxis(path: "a", values: big)]) == 1001)
        #expect(SweepAxis.problem([SweepAxis(path: "a", values: Array(big.prefix(1000)))]) == nil)
        #expect(SweepAxis.problem([SweepAxis(path: "a", values: big)])?.contains("the grid has 1,001 points") == true)
        let huge = (0..<7).map { SweepAxis(path: "p\($0)", values: (1...1000).map(String.init)) }
        #expect(SweepAxis.count(huge) == .max)
        #expect(SweepAxis.problem(huge)?.contains("too many points") == true)
        let folder = Fixtures.scratch("sweep-limit")
        await #expect(throws: Sweep.Failure.self) {
            _ = try await Sweep.run(scenarioPath: "\(Fixtures.root)/scenarios/flash-sale.yaml", overrides: [], axes: huge, seed: nil,
                                    folder: folder, parallelism: 2)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test("A raised stop ends a virtual run at its first interval's end, marked as interrupted")
    func stopEndsRun() throws {
        let stop = StopSignal()
        stop.escalate()
        let result = VirtualEngine(scenario: try Fixtures.bundled("flash-sale"), stop: stop).run()
        #expect(result.interrupted)
        #expect(result.simulatedSeconds == 1)
        #expect(Summary(result).conservation.holds)
    }

    @Test("A sweep whose stop is raised before it starts runs and writes no point")
    func stoppedSweep() async throws {
        let stop = StopSignal()
        stop.escalate()
        let folder = Fixtures.scratch("sweep-stopped")
        let points = try await Sweep.run(scenarioPath: "\(Fixtures.root)/scenarios/poison-messages.yaml", overrides: [],
                                         axes: [SweepAxis(path: "consumers.concurrency", values: ["5", "10"])], seed: nil,
                                         folder: folder, parallelism: 2, stop: stop)
        #expect(points.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
