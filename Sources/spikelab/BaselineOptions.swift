import ArgumentParser
import Foundation
import SpikeLab

/// `--baseline FILE [--tolerance metric=10% …]`, shared by `run` and `check`.
struct BaselineOptions: ParsableArguments {
    @Option(help: "A baseline file saved by `spikelab baseline save`; the run is compared with it.")
    var baseline: String?

    @Option(name: .customLong("tolerance"), help: ArgumentHelp("Allowed change for a metric, an aggregate or a stage: p99=10%, end_to_end=5%, throughput=3% (repeatable; default 10%).", valueName: "metric=share"))
    var tolerances: [String] = []

    func load() throws -> BaselineComparison? {
        guard let baseline else {
            if !tolerances.isEmpty { fail("--tolerance needs --baseline") }
            return nil
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: baseline)) } catch { fail("\(baseline): cannot read the baseline file") }
        let decoded: Baseline
        do { decoded = try Baseline.decode(data, file: baseline) } catch { fail(error.description) }
        var parsed: [String: Double] = [:]
        for t in tolerances {
            let parts = t.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, case let .success(share) = Units.share(parts[1]) else {
                fail("--tolerance \(t): expected metric=share, such as p99=10%")
            }
            guard BaselineComparison.toleranceNames.contains(parts[0]) else {
                fail("--tolerance \(t): '\(parts[0])' names no metric the baseline keeps; use one of \(BaselineComparison.toleranceNames.joined(separator: ", "))")
            }
            parsed[parts[0]] = share
        }
        return BaselineComparison(baseline: decoded, file: baseline, tolerances: parsed)
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(ExitStatus.usage.rawValue)
    }
}
