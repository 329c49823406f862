import SpikeLabCore

/// Evaluates thresholds on a finished run: whole-run values from the run's
/// histograms and counts, windowed values from tumbling windows of the time
/// series (and, for end-to-end latency, of the interval histograms).
public enum ThresholdEvaluator {
    public static func evaluate(_ thresholds: [Threshold], _ run: RunResult) -> [ThresholdResult] {
        thresholds.map { evaluate($0, run) }
    }

    static func evaluate(_ t: Threshold, _ run: RunResult) -> ThresholdResult {
        let observed = wholeRun(t, run)
        var result = ThresholdResult(expression: t.expression, passed: t.comparison.holds(observed, t.value), observed: observed,
                                     unit: unit(t), windowSeconds: nil, windows: nil, windowsFailed: nil, worstWindow: nil)
        if run.http != nil, let stage = stage(t.metric), t.aggregate != .count, run.histograms.merged(stage).count == 0 {
            result.passed = false
            result.unmeasured = true
            return result
        }
        guard let window = t.window else { return result }
        let values = windowed(t, run, length: window.seconds)
        result.windowSeconds = window.seconds
        result.windows = values.count
        let failing = values.filter { !t.comparison.holds($0.value, t.value) }
        result.windowsFailed = failing.count
        // The worst window: the failing one furthest past the limit, else the one closest to it.
        func distance(_ w: ThresholdResult.Window) -> Double { abs(w.value - t.value) }
        result.worstWindow = failing.isEmpty ? values.min { distance($0) < distance($1) } : failing.max { distance($0) < distance($1) }
        result.passed = result.passed && failing.isEmpty
        return result
    }

    static func unit(_ t: Threshold) -> String {
        if t.aggregate == .rate { return "fraction" }
        switch t.metric.kind {
        case .latency: return t.aggregate == .count ? "count" : "ms"
        case .counter: return "count"
        case .gauge: return t.metric == .oldestAge ? "s" : "count"
        }
    }

    static func stage(_ m: ThresholdMetric) -> Stage? { Stage(rawValue: m.rawValue) }

    static func latency(_ h: LatencyHistogram, _ a: Threshold.Aggregate) -> Double {
        switch a {
        case let .percentile(p): return Double(h.percentile(p)) / 1000
        case .avg: return h.mean / 1000
        case .min: return Double(h.min) / 1000
        case .max: return Double(h.max) / 1000
        case .count: return Double(h.count)
        case .rate: return 0
        }
    }

    /// A counter or gauge column over some rows.
    static func series(_ t: Threshold, _ rows: ArraySlice<IntervalRow>) -> Double {
        func column(_ name: String) -> [Double] {
            guard let c = TimeseriesCSV.columns.first(where: { $0.name == name }) else { return [] }
            return rows.map { Double(c.value($0)) ?? 0 }
        }
        let values = column(t.metric.column)
        switch t.aggregate {
        case .count: return values.reduce(0, +)
        case .rate:
            let denominator = t.metric.rateDenominators.map { column($0).reduce(0, +) }.reduce(0, +)
            return denominator > 0 ? values.reduce(0, +) / denominator : 0
        case .max: return values.max() ?? 0
        case .min: return values.min() ?? 0
        case .avg: return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        case .percentile: return 0
        }
    }

    static func wholeRun(_ t: Threshold, _ run: RunResult) -> Double {
        if let stage = stage(t.metric) { return latency(run.histograms.merged(stage), t.aggregate) }
        return series(t, run.rows[...])
    }

    /// Tumbling windows of `length` seconds, by interval end.
    static func windowed(_ t: Threshold, _ run: RunResult, length: Double) -> [ThresholdResult.Window] {
        if t.metric == .endToEnd {
            let name = EndToEndWindows.name(t.aggregate)
            return (run.endToEndWindows[length] ?? []).filter { $0.count > 0 || t.aggregate == .count }.map {
                .init(startSeconds: $0.start, endSeconds: $0.end, value: $0.values[name] ?? 0)
            }
        }
        var out: [ThresholdResult.Window] = []
        var start = 0
        while start < run.rows.count {
            let windowStart = run.rows[start].start
            var end = start
            while end < run.rows.count && run.rows[end].end <= windowStart + length + 1e-9 { end += 1 }
            end = max(end, start + 1)
            let slice = run.rows[start..<end]
            out.append(.init(startSeconds: windowStart, endSeconds: slice.last!.end, value: series(t, slice)))
            start = end
        }
        return out
    }
}
