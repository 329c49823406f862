import Foundation
import SpikeLab
import SpikeLabCore
import Testing

struct BaselineTests {
    static func summary(_ overrides: [String] = []) throws -> Summary {
        Summary(VirtualEngine(scenario: try Fixtures.bundled("poison-messages", overrides: overrides)).run())
    }

    @Test("The unchanged scenario passes its baseline; a handler 30% slower fails it")
    func regression() throws {
        let baseline = Baseline(try Self.summary())
        let comparison = BaselineComparison(baseline: baseline, file: "b.json", tolerances: [:])
        let same = try comparison.compare(try Self.summary(), folder: "same")
        #expect(same.passed, "\(same.table)")
        let slower = try comparison.compare(try Self.summary(["consumers.handler={lognormal: {p50: 13ms, p99: 65ms}}"]), folder: "slower")
        #expect(!slower.passed)
        #expect(slower.rows.first { $0.metric == "p99(handler)" }.map { !$0.passed && abs(($0.change ?? 0) - 0.3) < 0.02 } == true, "\(slower.table)")
        #expect(slower.table.contains("BASELINE CHECK FAILED"))
        // A generous tolerance on the stages that moved lets it through.
        let lenient = BaselineComparison(baseline: baseline, file: "b.json", tolerances: ["end_to_end": 0.5, "handler": 0.5, "queue_wait": 10])
        #expect(try lenient.compare(try Self.summary(["consumers.handler={lognormal: {p50: 13ms, p99: 65ms}}"]), folder: "slower").passed)
    }

    @Test("The table signs a change either way, and prints a baseline's extreme values rather than trapping")
    func tableSignsAndExtremes() throws {
        let now = try Self.summary()
        var baseline = Baseline(now)
        baseline.metrics["p99(end_to_end)"] = baseline.metrics["p99(end_to_end)"]! * 1.25
        baseline.metrics["p99(handler)"] = 1e308
        baseline.metrics["p50(end_to_end)"] = -1e308
        let outcome = try BaselineComparison(baseline: baseline, file: "b.json", tolerances: [:]).compare(now, folder: "now")
        let row = outcome.table.split(separator: "\n").first { $0.hasPrefix("p99(end_to_end)") }
        #expect(row?.contains(" -20.0% ") == true, "\(outcome.table)")
        #expect(outcome.table.contains(" 1e+308 ") && outcome.table.contains(" -1e+308 "), "\(outcome.table)")
        #expect(outcome.rows.first { $0.metric == "p99(handler)" }?.passed == true)
        #expect(outcome.rows.first { $0.metric == "p50(end_to_end)" }?.passed == false)
    }

    static let good = #"{"schemaVersion":1,"scenario":"t","testHash":"h","seed":1,"engine":"virtual","metrics":{"throughput":2.5}}"#

    @Test("A broken baseline file is refused with the file, the field and what is wrong", arguments: [
        (#""throughput":2.5"#, #""throughput":"x""#, "b.json: not a SpikeLab baseline: metrics.throughput: expected a number"),
        (#""throughput":2.5"#, #""throughput":null"#, "b.json: not a SpikeLab baseline: metrics.throughput: is null; expected a number"),
        (#""seed":1,"#, "", "b.json: not a SpikeLab baseline: seed: missing"),
        (#""seed":1"#, #""seed":"one""#, "b.json: not a SpikeLab baseline: seed: expected a whole number"),
        (#""metrics":{"#, #""metrics":["#, "b.json: not a SpikeLab baseline: not valid JSON"),
        (#""schemaVersion":1"#, #""schemaVersion":2"#, "b.json: schemaVersion 2 is not one this SpikeLab reads (1); save the baseline again"),
    ])
    func unreadable(_ from: String, _ to: String, _ message: String) throws {
        #expect(try Baseline.decode(Data(Self.good.utf8), file: "b.json").metrics == ["throughput": 2.5])
        let text = Self.good.replacingOccurrences(of: from, with: to)
        #expect(text != Self.good)
        do {
            _ = try Baseline.decode(Data(text.utf8), file: "b.json")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test("Each tolerance name the command line accepts reaches a tracked metric; its three kinds are all there")
    func toleranceNames() throws {
        let empty = try JSONDecoder().decode(Baseline.self, from: Data(#"{"schemaVersion":1,"scenario":"t","testHash":"h","seed":1,"engine":"virtual","metrics":{}}"#.utf8))
        let names = BaselineComparison.toleranceNames
        #expect(Set(names).count == names.count)
        for name in names {
            let c = BaselineComparison(baseline: empty, file: "b.json", tolerances: [name: 0.5])
            #expect(Baseline.tracked.contains { c.tolerance(for: $0.name) == 0.5 }, "\(name) reaches no metric")
        }
        #expect(Set(names).isSuperset(of: ["p99(end_to_end)", "p99", "p99.9", "max", "throughput", "end_to_end", "handler", "queue_visible", "dead_lettered"]))
        #expect(names.count == Baseline.tracked.count + 7 + 8)
    }

    @Test("A baseline of a different test (traffic or seed) is refused, not compared")
    func mismatch() throws {
        let comparison = BaselineComparison(baseline: Baseline(try Self.summary()), file: "b.json", tolerances: [:])
        let other = try Self.summary(["workloads.orders.rate={constant: {rate: 400, duration: 2m}}"])
        #expect(throws: BaselineComparison.Mismatch.self) { try comparison.compare(other, folder: "other") }
    }
}
