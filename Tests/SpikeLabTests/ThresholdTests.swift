import Foundation
import SpikeLab
import SpikeLabCore
import Testing

struct ThresholdTests {
    @Test("The grammar: percentiles of any N, avg/min/max/count of stages, rates with %, gauges, windows")
    func parsesTheGrammar() throws {
        let p999 = try Threshold.parse("p99.9(end_to_end) < 2s").get()
        #expect(p999.aggregate == .percentile(99.9) && p999.metric == .endToEnd && p999.comparison == .less && p999.value == 2000)
        let pParen = try Threshold.parse("p(97.5)(handler) <= 250ms").get()
        #expect(pParen.aggregate == .percentile(97.5) && pParen.value == 250 && pParen.comparison == .lessOrEqual)
        let rate = try Threshold.parse("rate(throttled) < 1%").get()
        #expect(rate.aggregate == .rate && rate.value == 0.01)
        let gauge = try Threshold.parse("max(queue_visible) < 50_000").get()
        #expect(gauge.metric == .queueVisible && gauge.value == 50_000)
        let count = try Threshold.parse("count(dead_lettered) == 0").get()
        #expect(count.comparison == .equal && count.value == 0)
        let windowed = try Threshold.parse("p99(end_to_end) < 500ms window 10s").get()
        #expect(windowed.window == .seconds(10) && windowed.value == 500)
        let age = try Threshold.parse("max(oldest_age) < 1m").get()
        #expect(age.value == 60)
    }

    @Test("Every malformed expression gets a message naming it", arguments: [
        ("p99(end_too_end) < 2s", "unknown metric 'end_too_end' (did you mean 'end_to_end'?)"),
        ("p101(end_to_end) < 2s", "'p101' is not an aggregate"),
        ("median(end_to_end) < 2s", "'median' is not an aggregate"),
        ("p99 end_to_end < 2s", "expected aggregate(metric)"),
        ("p99(end_to_end) 2s", "expected a comparison"),
        ("p99(end_to_end) <", "expected a value after <"),
        ("p99(end_to_end) < soon", "'soon' is not a value for p99(end_to_end); write a duration"),
        ("rate(throttled) < lots", "write a share such as 1%"),
        ("rate(end_to_end) < 1%", "rate does not apply to end_to_end"),
        ("p99(queue_visible) < 5", "p99 does not apply to queue_visible"),
        ("p99(handler) < 1s window 10s", "windowed latency thresholds are kept for end_to_end only"),
        ("p99(end_to_end) < 1s window forever", "'forever' is not a window length"),
        ("p99(end_to_end) < nan", "is not a limit a run can be held to"),
        ("p99(end_to_end) < inf", "is not a limit a run can be held to"),
        ("p99(end_to_end) < -1", "is not a limit a run can be held to"),
        ("p99(end_to_end) < 1e400", "is not a limit a run can be held to"),
        ("max(queue_visible) < nan", "is not a limit a run can be held to"),
        ("count(dead_lettered) < -1", "is not a limit a run can be held to"),
    ])
    func malformed(expression: String, message: String) {
        switch Threshold.parse(expression) {
        case .success: Issue.record("\(expression) parsed")
        case let .failure(e):
            #expect(e.description.hasPrefix("threshold '\(expression)': "), "\(e)")
            #expect(e.description.contains(message), "\(e)")
        }
    }

    @Test("A malformed threshold in a scenario names file, line and expression")
    func inScenario() {
        do {
            _ = try ScenarioLoader.parse(text: ScenarioValidationTests.base + "\nthresholds:\n  - \"p99(end_to_end) << 1s\"\n", file: "t.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("t.yaml:7:5: thresholds[0]: threshold 'p99(end_to_end) << 1s'"), "\(error)")
        }
    }

    /// Two hours at 100 a second against 2 consumers (capacity 200 a second),
    /// with one 10-second burst to 300 a second at the hour: its backlog delays
    /// about 0.5% of the run's requests by up to 5 s.
    static let burst = """
        name: burst
        interval: 10s
        workloads:
          - type: orders
            rate:
              sum:
                - constant: { rate: 100, duration: 2h }
                - spike: { baseline: 0, start: 1h, peak: 200, hold: 10s, duration: 2h }
            arrivals: even
        gateway:
          overhead: 0s
        stream:
          enabled: false
        store:
          writeLatency: 0s
        consumers:
          concurrency: 2
          batchSize: 1
          coldStart: 0s
          handler: 10ms
        thresholds:
          - "p99(end_to_end) < 200ms"
          - { expr: "p99(end_to_end) < 200ms", window: 10s }
          - "count(dead_lettered) == 0"
          - { expr: "max(queue_visible) < 100", window: 1m }
        """

    @Test("A windowed threshold catches a 10-second burst that the whole-run threshold misses")
    func windowCatchesBurst() throws {
        let r = VirtualEngine(scenario: try Fixtures.scenario(Self.burst)).run()
        let results = Summary(r).thresholds
        #expect(results.count == 4)
        #expect(results[0].passed, "whole run: \(results[0])")
        #expect(!results[1].passed, "windowed: \(results[1])")
        #expect(results[1].windowsFailed ?? 0 >= 1 && (results[1].windowsFailed ?? 0) <= 3)
        let worst = try #require(results[1].worstWindow)
        #expect(worst.startSeconds >= 3590 && worst.endSeconds <= 3640 && worst.value > 200, "\(worst)")
        #expect(results[2].passed)
        #expect(!results[3].passed && results[3].windowsFailed == 1)
    }

    @Test("A result read back from an edited summary.json prints whatever it holds: negative, huge or infinite, never a trap",
          arguments: [("1e300", "count", "observed 1e+300 over the run"), ("-2.5", "ms", "observed -2.500ms over the run"),
                      ("1e20", "ms", "observed 1e+20 over the run"), ("12", "count", "observed 12 over the run"),
                      ("0.0125", "fraction", "observed 1.250% over the run")])
    func observedText(_ value: String, _ unit: String, _ text: String) throws {
        let json = #"{"expression":"x","passed":true,"observed":"# + value + #","unit":""# + unit + #""}"#
        let result = try JSONDecoder().decode(ThresholdResult.self, from: Data(json.utf8))
        #expect(ThresholdText.observed(result) == text)
    }
}
