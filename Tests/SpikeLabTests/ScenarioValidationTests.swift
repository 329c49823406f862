import Foundation
import SpikeLab
import SpikeLabCore
import Testing

/// Malformed scenarios: each gets its own clear message naming the line and the
/// field, and none crashes.
struct ScenarioValidationTests {
    static let base = """
        name: t
        workloads:
          - name: orders
            type: orders
            rate: { constant: { rate: 10, duration: 10s } }
        """

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let yaml: String
        /// Expected `line:` prefix (nil where the problem has no line, as for a missing file).
        let line: Int?
        let field: String
        let message: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "YAML syntax", yaml: "name: t\nworkloads: [\n", line: 3, field: "", message: "not valid YAML"),
        Case(label: "indented with a tab", yaml: "name: t\nworkloads:\n\t- type: orders\n", line: 3, field: "", message: "indented with a tab: YAML indents with spaces"),
        Case(label: "top level not a mapping", yaml: "- a\n- b\n", line: 1, field: "", message: "must be a mapping of fields, not a list"),
        Case(label: "unknown top-level key", yaml: base + "\nconsumer:\n  concurrency: 5\n", line: 6, field: "consumer", message: "unknown field (did you mean 'consumers'?)"),
        Case(label: "missing workloads", yaml: "name: t\n", line: 1, field: "workloads", message: "is required"),
        Case(label: "empty workloads", yaml: "name: t\nworkloads: []\n", line: 2, field: "workloads", message: "needs at least one workload"),
        Case(label: "unknown workload type", yaml: "name: t\nworkloads:\n  - type: invoices\n    rate: { constant: { rate: 1, duration: 1s } }\n", line: 3, field: "workloads[0].type", message: "'invoices' is not one of orders, bookings"),
        Case(label: "negative rate", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: -5, duration: 10s } }\n", line: 4, field: "workloads[0].rate.constant.rate", message: "'-5' must not be negative"),
        Case(label: "rate not a number", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: lots, duration: 10s } }\n", line: 4, field: "workloads[0].rate.constant.rate", message: "'lots' is not a number"),
        Case(label: "unknown rate shape", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { spik: { baseline: 1 } }\n", line: 4, field: "workloads[0].rate.spik", message: "unknown rate shape (did you mean 'spike'?)"),
        Case(label: "bad duration unit", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 5, duration: 10 parsecs } }\n", line: 4, field: "workloads[0].rate.constant.duration", message: "unknown unit 'parsecs'"),
        Case(label: "batch size over its limit", yaml: base + "\nconsumers:\n  batchSize: 20000\n", line: 7, field: "consumers.batchSize", message: "'20000' is over the limit of 10000"),
        Case(label: "batch size over 10 without a window", yaml: base + "\nconsumers:\n  batchSize: 50\n", line: 7, field: "consumers.batchSize", message: "needs a batchingWindow"),
        Case(label: "maximum concurrency out of range", yaml: base + "\nconsumers:\n  scaling: { maximum: 5000 }\n", line: 7, field: "consumers.scaling.maximum", message: "'5000' is over the limit of 1000"),
        Case(label: "both fixed and managed concurrency", yaml: base + "\nconsumers:\n  concurrency: 5\n  scaling: { maximum: 50 }\n", line: 8, field: "consumers.scaling", message: "give either concurrency (fixed) or scaling (managed), not both"),
        Case(label: "share over 100%", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 5, duration: 10s } }\n    invalid: 150%\n", line: 5, field: "workloads[0].invalid", message: "must be between 0 and 100%"),
        Case(label: "partition key not a field", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 5, duration: 10s } }\n    partitionKey: vehicleId\n", line: 5, field: "workloads[0].partitionKey", message: "'vehicleId' is not a key of orders"),
        Case(label: "unknown distribution", yaml: base + "\nconsumers:\n  handler: { gaussian: { mean: 5ms } }\n", line: 7, field: "consumers.handler.gaussian", message: "unknown distribution"),
        Case(label: "lognormal p99 under p50", yaml: base + "\nconsumers:\n  handler: { lognormal: { p50: 50ms, p99: 10ms } }\n", line: 7, field: "consumers.handler.lognormal.p99", message: "is less than p50"),
        Case(label: "visibility timeout over 12 h", yaml: base + "\nqueue:\n  visibilityTimeout: 13h\n", line: 7, field: "queue.visibilityTimeout", message: "is over the limit of 43200s"),
        Case(label: "delivery delay over 15 min", yaml: base + "\nqueue:\n  delay: 20m\n", line: 7, field: "queue.delay", message: "is over the limit of 900s"),
        Case(label: "long poll over 20 s", yaml: base + "\nqueue:\n  receiveWait: 30s\n", line: 7, field: "queue.receiveWait", message: "is over the limit of 20s"),
        Case(label: "zero partitions", yaml: base + "\nstore:\n  partitions: 0\n", line: 7, field: "store.partitions", message: "is under the minimum of 1"),
        Case(label: "two workloads with one name", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 5, duration: 10s } }\n  - type: orders\n    rate: { constant: { rate: 5, duration: 10s } }\n", line: 5, field: "workloads[1].name", message: "'orders' names two workloads"),
        Case(label: "route for no workload", yaml: base + "\ngateway:\n  routes:\n    invoices: { rate: 5 }\n", line: 8, field: "gateway.routes.invoices", message: "unknown field"),
        Case(label: "handler timeout over the visibility timeout", yaml: base + "\nconsumers:\n  timeout: 60s\n", line: 7, field: "consumers.timeout", message: "is longer than queue.visibilityTimeout"),
        Case(label: "spike phases longer than its duration", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { spike: { baseline: 1, start: 10s, peak: 5, hold: 60s, duration: 30s } }\n", line: 4, field: "workloads[0].rate.spike.duration", message: "is shorter than start + rise + hold + decay"),
        Case(label: "empirical percentiles falling", yaml: base + "\nconsumers:\n  handler: { empirical: { p50: 20ms, p90: 10ms } }\n", line: 7, field: "consumers.handler.empirical", message: "must rise"),
        Case(label: "amplitude over the mean", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { sine: { mean: 10, amplitude: 20, period: 1m, duration: 5m } }\n", line: 4, field: "workloads[0].rate.sine.amplitude", message: "would go below zero"),
        Case(label: "wrong type for a mapping", yaml: base + "\nqueue: 5\n", line: 6, field: "queue", message: "must be a mapping of fields, not a single value"),
        Case(label: "missing trace file", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { trace: { file: nowhere.csv } }\n", line: 4, field: "workloads[0].rate.trace.file", message: "cannot read the trace file"),
        Case(label: "unknown clock", yaml: base + "\nclock: sundial\n", line: 6, field: "clock", message: "'sundial' is not one of virtual, wall"),
        Case(label: "negative seed", yaml: base + "\nseed: -1\n", line: 6, field: "seed", message: "must not be negative"),
        // Limits (`ScenarioLimits`): past them a run would never end or not fit in memory.
        Case(label: "rate over 10 million a second", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { spike: { baseline: 1, start: 1s, peak: 1e30, hold: 1s } }\n", line: 4, field: "workloads[0].rate.spike.peak", message: "'1e30' is over the limit of 10,000,000"),
        Case(label: "traffic over 31 days", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { sequence: [{ constant: { rate: 1, duration: 20d } }, { constant: { rate: 1, duration: 20d } }] }\n", line: 4, field: "workloads[0].rate", message: "the traffic lasts 40.0 days, over the limit of 31 days"),
        Case(label: "a rate drawn with too many pieces", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { sine: { mean: 10, amplitude: 5, period: 1ms, duration: 1h } }\n", line: 4, field: "workloads[0].rate", message: "drawn with 2,592,000,000 straight pieces"),
        Case(label: "over a billion arrivals", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 10000000, duration: 200s } }\n", line: 3, field: "workloads", message: "about 2,000,000,000 arrivals, over the limit of 1,000,000,000"),
        Case(label: "too many intervals", yaml: base + "\ninterval: 1us\n", line: 6, field: "interval", message: "makes 610,000,000 intervals"),
        Case(label: "threshold window shorter than the interval", yaml: base + "\nthresholds:\n  - \"p99(end_to_end) < 2s window 500ms\"\n", line: 7, field: "thresholds[0]", message: "window 500ms is shorter than the interval 1s"),
        Case(label: "threshold window not whole intervals", yaml: base + "\ninterval: 2s\nthresholds:\n  - { expr: \"p99(end_to_end) < 2s\", window: 3s }\n", line: 8, field: "thresholds[0]", message: "window 3s is not a whole number of intervals (2s)"),
        Case(label: "a latency over 7 days", yaml: base + "\nstore:\n  writeLatency: { fixed: 2000000h }\n", line: 7, field: "store.writeLatency.fixed", message: "'2000000h' is over the limit of 604800s"),
        Case(label: "a subscriber too slow for the run's records", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 100000, duration: 100s } }\nstream:\n  subscribers:\n    - { name: slow, rate: 0.001 }\n", line: 7, field: "stream.subscribers[0].rate", message: "would take about 115,741 days to deliver the run's 10,000,000 records, over the limit of 365 days"),
        Case(label: "a slow subscriber after a malformed one, named by its own index", yaml: "name: t\nworkloads:\n  - type: orders\n    rate: { constant: { rate: 100000, duration: 100s } }\nstream:\n  subscribers:\n    - 5\n    - { name: slow, rate: 0.001 }\n", line: 8, field: "stream.subscribers[1].rate", message: "would take about 115,741 days"),
        Case(label: "stream polled too often", yaml: base + "\nstream:\n  pollInterval: 1ns\n", line: 7, field: "stream.pollInterval", message: "must be at least 1ms"),
        // Values past what their type holds: refused, not wrapped or trapped.
        Case(label: "a duration past 100,000 days", yaml: base + "\ndrain: -99999999999999999999s\n", line: 6, field: "drain", message: "'-99999999999999999999s' is out of range: a duration is at most 100,000 days either way"),
        Case(label: "duration parts adding up past 100,000 days", yaml: base + "\ndrain: 2000000h2000000h\n", line: 6, field: "drain", message: "'2000000h2000000h' is out of range"),
        Case(label: "a size past 2^62 bytes", yaml: base + "\ngateway:\n  maxPayload: 1e30\n", line: 7, field: "gateway.maxPayload", message: "'1e30' is out of range for a size"),
    ]

    @Test("Each malformed scenario gets its own message with line and field", arguments: cases)
    func malformed(_ c: Case) {
        do {
            _ = try ScenarioLoader.parse(text: c.yaml, file: "bad.yaml")
            Issue.record("accepted")
        } catch {
            let first = error.issues.first { $0.field == c.field } ?? error.issues[0]
            #expect(first.field == c.field, "\(error)")
            #expect(first.location.line == c.line, "\(error)")
            #expect(first.message.contains(c.message), "\(error)")
            let prefix = c.line.map { "bad.yaml:\($0)" } ?? "bad.yaml"
            #expect(first.description.hasPrefix(prefix), "\(first)")
        }
    }

    @Test("A batching window that outlasts the visibility timeout with the handler's timeout loads, with a warning at its line",
          arguments: [("queue: { visibilityTimeout: 30s }\nconsumers: { batchingWindow: 21s, timeout: 10s }\n", 7),
                      ("queue: { visibilityTimeout: 30s }\nconsumers: { batchingWindow: 20s, timeout: 10s }\n", nil),
                      ("topology: sync\nqueue: { visibilityTimeout: 30s }\nconsumers: { batchingWindow: 21s, timeout: 10s }\n", nil),
                      ("consumers: { timeout: 10s }\n", nil)])
    func batchingWindowWarning(_ settings: String, _ line: Int?) throws {
        let s = try ScenarioLoader.parse(text: Self.base + "\n" + settings, file: "w.yaml")
        #expect(s.warnings.map(\.location.line) == (line.map { [$0] } ?? []))
        if let w = s.warnings.first {
            #expect(w.warningDescription.hasPrefix("w.yaml:\(line!):"))
            #expect(w.warningDescription.contains(": warning: consumers.batchingWindow: 21s plus consumers.timeout 10s is longer than queue.visibilityTimeout 30s"))
        }
    }

    @Test("All messages differ: no two malformed scenarios share one")
    func messagesAreDistinct() {
        var seen: Set<String> = []
        for c in Self.cases {
            do { _ = try ScenarioLoader.parse(text: c.yaml, file: "bad.yaml") } catch {
                #expect(seen.insert(error.description).inserted, "\(c.label): \(error.description)")
            }
        }
        #expect(seen.count == Self.cases.count)
    }

    @Test("Every problem in a file is reported, not just the first")
    func reportsAll() {
        do {
            _ = try ScenarioLoader.parse(text: Self.base + "\nconsumers:\n  batchSize: 0\n  timeout: -1s\nqueue:\n  maxReceiveCount: zero\n", file: "bad.yaml")
            Issue.record("accepted")
        } catch {
            #expect(Set(error.issues.map(\.field)) == ["consumers.batchSize", "consumers.timeout", "queue.maxReceiveCount"])
        }
    }

    @Test("A workload's bad type or rate does not hide its other problems", arguments: [
        ("type: invoices", "rate: { constant: { rate: 1, duration: 1s } }", ["workloads[0].type"]),
        ("type: orders", "rate: { constant: { rate: -5, duration: 1s } }", ["workloads[0].rate.constant.rate"]),
        ("type: invoices", "rate: { constant: { rate: -5, duration: 1s } }", ["workloads[0].type", "workloads[0].rate.constant.rate"]),
    ])
    func workloadProblemsAllReported(_ type: String, _ rate: String, _ typeAndRate: [String]) {
        let yaml = "name: t\nworkloads:\n  - \(type)\n    \(rate)\n    arrivals: sometimes\n"
            + "    keys: { distribution: zipf, count: 0 }\n    invalid: 200%\n    retry: { attempts: 0 }\n"
        do {
            _ = try ScenarioLoader.parse(text: yaml, file: "bad.yaml")
            Issue.record("accepted")
        } catch {
            let rest = ["workloads[0].arrivals", "workloads[0].keys.count", "workloads[0].keys.exponent",
                        "workloads[0].invalid", "workloads[0].retry.attempts"]
            #expect(error.issues.map(\.field).sorted() == (typeAndRate + rest).sorted(), "\(error)")
        }
    }

    @Test("Every bad field of a mapping is reported, not only the first", arguments: [
        ("rate: { ramp: { from: -1, to: x, duration: 0s } }", "",
         ["workloads[0].rate.ramp.from", "workloads[0].rate.ramp.to", "workloads[0].rate.ramp.duration"]),
        ("rate: { steps: [ { rate: -1, duration: 0s } ] }", "",
         ["workloads[0].rate.steps[0].rate", "workloads[0].rate.steps[0].duration"]),
        ("rate: { bursts: { rate: -1, length: x, every: 0s, duration: 0s, baseline: -1 } }", "",
         ["workloads[0].rate.bursts.rate", "workloads[0].rate.bursts.length", "workloads[0].rate.bursts.every",
          "workloads[0].rate.bursts.duration", "workloads[0].rate.bursts.baseline"]),
        ("rate: { sine: { mean: -1, amplitude: x, duration: 0s, period: 0s } }", "",
         ["workloads[0].rate.sine.mean", "workloads[0].rate.sine.amplitude", "workloads[0].rate.sine.duration",
          "workloads[0].rate.sine.period"]),
        ("rate: { constant: { rate: 1, duration: 1s } }\n    keys: { distribution: hotspot, hotKeys: 0, hotShare: 2 }", "",
         ["workloads[0].keys.hotKeys", "workloads[0].keys.hotShare"]),
        ("rate: { constant: { rate: 1, duration: 1s } }\n    keys: { count: 0 }", "",
         ["workloads[0].keys.distribution", "workloads[0].keys.count"]),
        ("rate: { constant: { rate: 1, duration: 1s } }", "consumers: { handler: { lognormal: { p50: -1ms, p99: x } } }",
         ["consumers.handler.lognormal.p50", "consumers.handler.lognormal.p99"]),
        ("rate: { constant: { rate: 1, duration: 1s } }", "consumers: { coldStart: { uniform: { min: x, max: -1s } } }",
         ["consumers.coldStart.uniform.min", "consumers.coldStart.uniform.max"]),
        ("rate: { constant: { rate: 1, duration: 1s } }", "gateway: { account: { rate: -1, burst: x } }",
         ["gateway.account.rate", "gateway.account.burst"]),
        ("rate: { constant: { rate: 1, duration: 1s } }", "gateway: { apiKeys: [ { rate: -1, key: [k], quota: -5 } ] }",
         ["gateway.apiKeys[0].rate", "gateway.apiKeys[0].key", "gateway.apiKeys[0].quota"]),
        ("rate: { constant: { rate: 1, duration: 1s } }", "thresholds: [ { window: [1] } ]",
         ["thresholds[0].expr", "thresholds[0].window"]),
        ("rate: { constant: { rate: -1, duration: 1s } }", "gateway: { routes: { orders: { rate: x, apiKeyRequired: maybe } } }",
         ["workloads[0].rate.constant.rate", "gateway.routes.orders.rate", "gateway.routes.orders.apiKeyRequired"]),
    ])
    func everyBadFieldReported(_ workload: String, _ settings: String, _ fields: [String]) {
        let yaml = "name: t\nworkloads:\n  - type: orders\n    \(workload)\n\(settings)\n"
        do {
            _ = try ScenarioLoader.parse(text: yaml, file: "bad.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.issues.map(\.field).sorted() == fields.sorted(), "\(error)")
        }
    }

    @Test("A workload refused for a bad field, or a workload list that is malformed, does not also make a route unknown", arguments: [
        ("workloads:\n  - type: orders\n    rate: { constant: { rate: 1e9, duration: 1s } }\n", "workloads[0].rate.constant.rate"),
        ("workloads: 5\n", "workloads"),
        ("workloads:\n  - 5\n", "workloads[0]"),
        ("workloads:\n  - { name: [a], type: orders, rate: { constant: { rate: 1, duration: 1s } } }\n", "workloads[0].name"),
    ])
    func routeOfARefusedWorkload(_ workloads: String, _ field: String) {
        let yaml = "name: t\n" + workloads + "gateway:\n  routes:\n    orders: { rate: 5 }\n"
        do {
            _ = try ScenarioLoader.parse(text: yaml, file: "bad.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.issues.map(\.field) == [field], "\(error)")
        }
    }

    @Test("A trace file's bad row names the file, its line and the column", arguments: [
        ("time_s,rate_rps\n0,100\n1,nan\n", 3, "rate_rps 'nan' must be a number from 0 to 10,000,000"),
        ("0,100\n1,inf\n", 2, "rate_rps 'inf'"),
        ("0,100\n1,2e7\n", 2, "rate_rps '2e7'"),
        ("0,100\n1e300,100\n", 2, "time_s '1e300' must be a number of seconds from 0 to 2678400"),
        ("-5,100\n0,100\n", 1, "time_s '-5'"),
    ])
    func traceFileRows(_ text: String, _ line: Int, _ message: String) throws {
        let folder = Fixtures.scratch("trace-rows-\(line)-\(text.hashValue)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: "\(folder)/trace.csv", atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.parse(text: "name: t\nworkloads:\n  - type: orders\n    rate: { trace: { file: trace.csv } }\n",
                                         file: "t.yaml", baseDirectory: folder)
            Issue.record("accepted")
        } catch {
            #expect(error.issues.count == 1, "\(error)")
            #expect(error.description.contains("\(folder)/trace.csv:\(line): workloads[0].rate.trace.file: \(message)"), "\(error)")
        }
    }

    /// Nine levels of ten aliases each: a billion values once expanded.
    static let laughs: String = {
        var lines = ["x-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...8 { lines.append("x-l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]") }
        return lines.joined(separator: "\n")
    }()

    @Test("YAML aliases that expand past two million values are refused at once, in the file or in a --set")
    func aliasExpansion() {
        for (text, overrides) in [(Self.base + "\n" + Self.laughs + "\n", [String]()),
                                  (Self.base + "\n", ["x-laughs={ " + Self.laughs.replacingOccurrences(of: "\n", with: ", ").replacingOccurrences(of: "x-l", with: "l") + " }"])] {
            do {
                _ = try ScenarioLoader.parse(text: text, file: "bad.yaml", overrides: overrides)
                Issue.record("accepted")
            } catch {
                #expect(error.issues.count == 1)
                #expect(error.issues.first?.message.contains("holds over 2,000,000 values once its YAML aliases are expanded") == true, "\(error)")
            }
        }
        // Aliases that stay small are read as ever.
        #expect((try? ScenarioLoader.parse(text: Self.base + "\nx-l0: &l0 [1, 2]\nx-l1: [*l0, *l0]\n", file: "ok.yaml")) != nil)
    }

    @Test("Top-level x- keys are passed over, so they can hold YAML anchors; elsewhere they are unknown")
    func extensionKeys() throws {
        let s = try ScenarioLoader.parse(text: """
            x-handler: &handler { lognormal: { p50: 12ms, p99: 60ms } }
            x-notes: anything at all
            name: t
            workloads:
              - type: orders
                rate: { constant: { rate: 5, duration: 2s } }
            consumers:
              handler: *handler
              coldStart: *handler
            """, file: "t.yaml")
        #expect(s.consumers.handler == LatencyDistribution(.lognormal(p50: .milliseconds(12), p99: .milliseconds(60))))
        #expect(s.consumers.coldStart == s.consumers.handler)
        do {
            _ = try ScenarioLoader.parse(text: Self.base + "\nqueue:\n  x-note: 1\n", file: "bad.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.issues.map(\.field) == ["queue.x-note"], "\(error)")
        }
    }

    @Test("A file that is not UTF-8, or a folder, is named and refused")
    func notAScenarioFile() throws {
        let folder = Fixtures.scratch("not-a-scenario")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data([0xFF, 0xFE, 0x20, 0x62, 0x61, 0x64]).write(to: URL(fileURLWithPath: "\(folder)/binary.yaml"))
        for (path, message) in [("\(folder)/binary.yaml", "is not UTF-8 text; a scenario is a YAML file"),
                                (folder, "is a folder, not a scenario file"),
                                ("\(folder)/missing.yaml", "cannot read the file (no such file)")] {
            do {
                _ = try ScenarioLoader.load(path: path)
                Issue.record("\(path) accepted")
            } catch {
                #expect(error.description.contains("\(path): \(message)"), "\(error)")
            }
        }
    }

    @Test("Just inside every limit is accepted")
    func insideTheLimits() throws {
        let s = try ScenarioLoader.parse(text: """
            name: t
            interval: 3s
            drain: 0s
            workloads:
              - type: orders
                rate: { sum: [{ constant: { rate: 10000000, duration: 50s } }, { constant: { rate: 1, duration: 31d } }] }
              - name: waves
                type: bookings
                rate: { sine: { mean: 10, amplitude: 5, period: 1s, duration: 2777s } }
            stream:
              subscribers:
                - { name: slow, rate: 16 }
            """, file: "t.yaml")
        #expect(s.trafficDuration == ScenarioLimits.maxTraffic)
        #expect(ScenarioLimits.pieces(of: s.workloads[1].rate) == 1_999_440)
        #expect(s.workloads[1].rate.compile().segments.count == 1_999_440)
        // About 502.7 million records at 16 a second: 363.6 days, inside a year (15 a second is over).
        #expect(s.expectedArrivals / 16 <= ScenarioLimits.maxSubscriberBacklog.seconds)
        #expect(s.expectedArrivals / 15 > ScenarioLimits.maxSubscriberBacklog.seconds)
    }

    @Test("--set overrides fields by path, list index or element name, and creates missing ones")
    func overrides() throws {
        let s = try ScenarioLoader.parse(text: Self.base, file: "t.yaml", overrides: [
            "workloads.orders.rate={constant: {rate: 99, duration: 2m}}",
            "consumers.concurrency=42",
            "workloads.0.partitionKey=customerId",
            "seed=7",
        ])
        #expect(s.workloads[0].rate == .constant(rate: 99, duration: .seconds(120)))
        #expect(s.consumers.scaling == .fixed(42))
        #expect(s.workloads[0].partitionKey == "customerId")
        #expect(s.seed == 7)
        let reset = try ScenarioLoader.parse(text: Self.base + "\nconsumers:\n  concurrency: 5\n", file: "t.yaml", overrides: ["consumers.concurrency=null"])
        #expect(reset.consumers.scaling == ConsumerConfig().scaling)
        #expect(s.sourceText.contains("concurrency: 42"))
        // The scenario as run parses back to the same scenario.
        let again = try ScenarioLoader.parse(text: s.sourceText, file: "again.yaml")
        #expect(again.workloads == s.workloads && again.consumers == s.consumers)
    }

    @Test("A bad --set names itself")
    func badOverride() {
        for (set, message) in [("consumers.concurrency=-3", "is under the minimum of 1"), ("workloads.refunds.rate=1", "no list element 'refunds'"),
                               ("nonsense", "expected path=value"), ("name.first=x", "inside a single value")] {
            do {
                _ = try ScenarioLoader.parse(text: Self.base, file: "t.yaml", overrides: [set])
                Issue.record("\(set) accepted")
            } catch {
                #expect(error.description.contains("--set \(set)") && error.description.contains(message), "\(error)")
            }
        }
    }
}
