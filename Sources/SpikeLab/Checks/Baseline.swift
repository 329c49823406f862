import Foundation

/// A saved run's key figures, to compare later runs of the same scenario with.
/// Small, stable JSON that lives in the repository beside the scenario.
public struct Baseline: Codable, Sendable, Equatable {
    /// The layout this version writes and reads.
    public static let schema = 1
    public var schemaVersion = Baseline.schema
    public var scenario: String
    /// The test's hash (name, traffic and seed): a baseline compares only runs of
    /// the same test. The pipeline's settings may differ: they are what is checked.
    public var testHash: String
    public var seed: UInt64
    public var engine: String
    /// Metric name → value (latencies in ms, rates as fractions).
    public var metrics: [String: Double]

    /// The metrics a baseline keeps, and which way is worse.
    public static let tracked: [(name: String, higherIsWorse: Bool, value: @Sendable (Summary) -> Double)] = [
        ("p50(end_to_end)", true, { $0.latency["end_to_end"]?["all"]?.p50Ms ?? 0 }),
        ("p90(end_to_end)", true, { $0.latency["end_to_end"]?["all"]?.p90Ms ?? 0 }),
        ("p99(end_to_end)", true, { $0.latency["end_to_end"]?["all"]?.p99Ms ?? 0 }),
        ("p99.9(end_to_end)", true, { $0.latency["end_to_end"]?["all"]?.p999Ms ?? 0 }),
        ("max(end_to_end)", true, { $0.latency["end_to_end"]?["all"]?.maxMs ?? 0 }),
        ("p99(gateway_response)", true, { $0.latency["gateway_response"]?["all"]?.p99Ms ?? 0 }),
        ("p99(queue_wait)", true, { $0.latency["queue_wait"]?["all"]?.p99Ms ?? 0 }),
        ("p99(handler)", true, { $0.latency["handler"]?["all"]?.p99Ms ?? 0 }),
        ("throughput", false, { $0.simulatedSeconds > 0 ? Double($0.counts.stored) / $0.simulatedSeconds : 0 }),
        ("max(queue_visible)", true, { Double($0.peaks.visible) }),
        ("rate(throttled)", true, { $0.counts.sent > 0 ? Double($0.counts.throttledTotal) / Double($0.counts.sent) : 0 }),
        ("count(dead_lettered)", true, { Double($0.counts.deadLettered) }),
        ("count(store_throttled)", true, { Double($0.counts.storeThrottled) }),
    ]

    /// The baseline in `data`, read from `file`; a message naming the file and the
    /// field when it is not JSON, not a baseline, or of a schema this version does
    /// not read.
    public static func decode(_ data: Data, file: String) throws(Unreadable) -> Baseline {
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch let error as DecodingError {
            throw Unreadable(description: "\(file): not a SpikeLab baseline: \(error.fieldDescription)")
        } catch {
            throw Unreadable(description: "\(file): not a SpikeLab baseline: \(error)")
        }
        guard baseline.schemaVersion == schema else {
            throw Unreadable(description: "\(file): schemaVersion \(baseline.schemaVersion) is not one this SpikeLab reads (\(schema)); save the baseline again with `spikelab baseline save`")
        }
        return baseline
    }

    /// Whether `path` is a regular file holding a baseline this version reads:
    /// what `baseline save --force` may replace.
    public static func isBaseline(atPath path: String) -> Bool {
        guard RunFolder.state(of: path) == .file, let data = FileManager.default.contents(atPath: path) else { return false }
        return (try? decode(data, file: path)) != nil
    }

    /// A baseline file that cannot be used, with the reason.
    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ s: Summary) {
        scenario = s.scenario.name
        testHash = s.scenario.testHash
        seed = s.seed
        engine = s.engine
        metrics = Dictionary(uniqueKeysWithValues: Self.tracked.map { ($0.name, $0.value(s)) })
    }
}

/// A baseline and the tolerances a comparison allows.
public struct BaselineComparison: Sendable {
    public var baseline: Baseline
    public var file: String
    /// Metric name (or a prefix such as `p99`) → allowed relative change.
    public var tolerances: [String: Double]
    /// Allowed relative change where no tolerance is given.
    public var defaultTolerance = 0.10

    public init(baseline: Baseline, file: String, tolerances: [String: Double]) {
        self.baseline = baseline
        self.file = file
        self.tolerances = tolerances
    }

    /// One metric's comparison.
    public struct Row: Sendable, Equatable {
        public var metric: String
        public var baseline: Double
        public var now: Double
        /// Relative change, signed (nil when the baseline is 0). Latencies also
        /// need to move by more than 1 ms to fail.
        public var change: Double?
        public var tolerance: Double
        public var passed: Bool
    }

    public struct Outcome: Sendable {
        public var rows: [Row]
        public var passed: Bool { rows.allSatisfy(\.passed) }

        /// The table `check` prints: baseline, now, change, limit, pass or fail.
        public var table: String {
            var lines = [["metric", "baseline", "now", "change", "limit", "result"]]
            for r in rows {
                lines.append([r.metric, Self.number(r.baseline), Self.number(r.now),
                              r.change.map { (($0 >= 0 ? "+" : "") + ReportNumber.rounded($0 * 100, 1)) + "%" } ?? (r.now == r.baseline ? "0%" : "new"),
                              "±" + ReportNumber.rounded(r.tolerance * 100, 1) + "%", r.passed ? "pass" : "FAIL"])
            }
            let widths = lines[0].indices.map { i in lines.map { $0[i].count }.max() ?? 0 }
            return lines.map { row in row.enumerated().map { i, c in i == 0 ? c.padding(widths[i]) : c.leftPadding(widths[i]) }.joined(separator: "  ") }
                .joined(separator: "\n") + "\n" + (passed ? "baseline check passed" : "BASELINE CHECK FAILED: \(rows.filter { !$0.passed }.map(\.metric).joined(separator: ", ")) regressed")
        }

        static func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? ReportNumber.grouped(Int(v)) : ReportNumber.rounded(v, 3) }
    }

    /// A comparison that cannot be made: the run is of another scenario.
    public struct Mismatch: Error, CustomStringConvertible {
        public var description: String
    }

    /// Why a run of `scenario` with `seed` could not be compared with the
    /// baseline, or nil when it can: checked before a run, so that a refused
    /// comparison runs and writes nothing.
    public func mismatch(scenario: Scenario, seed: UInt64?) -> Mismatch? {
        let seed = seed ?? scenario.seed
        return mismatch(test: scenario.name, seed: seed, testHash: Summary.testHash(scenario, seed: seed), source: "this run")
    }

    func mismatch(test: String, seed: UInt64, testHash: String, source: String) -> Mismatch? {
        guard testHash != baseline.testHash else { return nil }
        return Mismatch(description: "\(source) runs test '\(test)' seed \(seed) (test hash \(testHash)), but \(file) is a baseline of '\(baseline.scenario)' seed \(baseline.seed) (test hash \(baseline.testHash)): the traffic, the seed or the name differ, so the runs are not comparable. Save a new baseline for the changed test.")
    }

    /// The names a tolerance may give, most specific first: each tracked
    /// metric (`p99(end_to_end)`), its aggregate (`p99`), and its stage or
    /// gauge (`end_to_end`). A name outside these would match nothing.
    public static let toleranceNames: [String] = {
        var names: [String] = []
        for m in Baseline.tracked.map(\.name) { names.append(m) }
        for m in Baseline.tracked.map(\.name) { names.append(String(m.prefix { $0 != "(" })) }
        for m in Baseline.tracked.map(\.name) where m.contains("(") { names.append(String(m.split(separator: "(").last!.dropLast())) }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }()

    /// How `tolerance(for:)` reads the tolerances: the metric's own, else its
    /// aggregate's, else its stage's, else the default.
    public func tolerance(for metric: String) -> Double {
        if let exact = tolerances[metric] { return exact }
        let head = String(metric.prefix { $0 != "(" })
        if let byAggregate = tolerances[head] { return byAggregate }
        let inner = metric.split(separator: "(").last.map { String($0.dropLast()) } ?? ""
        return tolerances[inner] ?? defaultTolerance
    }

    /// Compares a run with the baseline: a metric fails when it moved the worse
    /// way by more than its tolerance.
    public func compare(_ s: Summary, folder: String) throws(Mismatch) -> Outcome {
        if let mismatch = mismatch(test: s.scenario.name, seed: s.seed, testHash: s.scenario.testHash, source: folder) {
            throw mismatch
        }
        let now = Baseline(s)
        let rows: [Row] = Baseline.tracked.compactMap { metric in
            guard let before = baseline.metrics[metric.name], let after = now.metrics[metric.name] else { return nil }
            let tolerance = tolerance(for: metric.name)
            let change: Double? = before != 0 ? (after - before) / abs(before) : nil
            // Latencies move by less than a millisecond without meaning anything.
            let floor = metric.name.hasSuffix(")") && !metric.name.hasPrefix("count") && !metric.name.hasPrefix("rate")
                && !metric.name.contains("queue_visible") ? 1.0 : 0.0
            let moved = after - before
            let worse = metric.higherIsWorse
                ? moved > max(tolerance * abs(before), floor)
                : -moved > tolerance * abs(before)
            return Row(metric: metric.name, baseline: before, now: after, change: change, tolerance: tolerance, passed: !worse)
        }
        return Outcome(rows: rows)
    }
}
