import Foundation
import SpikeLabCore

/// A pass/fail condition on a run, in the grammar k6 users know:
/// `p99(end_to_end) < 2s`, `rate(throttled) < 1%`, `max(queue_visible) < 50000`,
/// `count(dead_lettered) == 0`, with an optional `window 10s` to hold it in every
/// window of that length as well as over the whole run.
///
/// Grammar: `aggregate(metric) comparison value[unit] [window duration]`, where
/// aggregate is `p(N)` or `pN` (any N, such as 99.9), `avg`, `min`, `max`, `rate`
/// or `count`; comparison is `<`, `<=`, `>`, `>=`, `==` or `!=`; units are `us`,
/// `ms`, `s`, `m` for latencies and ages, `%` for rates.
public struct Threshold: Sendable, Equatable {
    public enum Aggregate: Sendable, Equatable {
        case percentile(Double)
        case avg, min, max, rate, count

        var name: String {
            switch self {
            case let .percentile(p): return "p\(Threshold.trim(p))"
            case .avg: return "avg"
            case .min: return "min"
            case .max: return "max"
            case .rate: return "rate"
            case .count: return "count"
            }
        }
    }

    public enum Comparison: String, Sendable, Equatable, CaseIterable {
        case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "==", notEqual = "!=", less = "<", greater = ">"

        func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            case .equal: return a == b
            case .notEqual: return a != b
            }
        }
    }

    /// The expression as written.
    public var expression: String
    public var aggregate: Aggregate
    public var metric: ThresholdMetric
    public var comparison: Comparison
    /// In the metric's unit: milliseconds for latencies, seconds for ages, a
    /// fraction for rates, a number for counts and gauges.
    public var value: Double
    public var window: TimeSpan?

    /// Parses an expression; the error names the expression and what is wrong.
    public static func parse(_ text: String) -> Result<Threshold, ThresholdError> {
        func fail(_ why: String) -> Result<Threshold, ThresholdError> { .failure(ThresholdError(expression: text, reason: why)) }
        var rest = Substring(text.trimmingSpaces)
        // Optional trailing window.
        var window: TimeSpan? = nil
        if let range = rest.range(of: " window ") {
            let w = String(rest[range.upperBound...]).trimmingSpaces
            guard case let .success(span) = Units.duration(w), span > .zero else { return fail("'\(w)' is not a window length such as 10s") }
            window = span
            rest = rest[..<range.lowerBound]
        }
        guard let open = rest.firstIndex(of: "("), let close = rest.firstIndex(of: ")"), open < close else {
            return fail("expected aggregate(metric), such as p99(end_to_end)")
        }
        let aggText = String(rest[..<open]).trimmingSpaces
        let metricText = String(rest[rest.index(after: open)..<close]).trimmingSpaces
        var tail = String(rest[rest.index(after: close)...]).trimmingSpaces
        // Aggregate: p(99.9)/p99 forms put the number before the parenthesis.
        let aggregate: Aggregate
        var metricName = metricText
        switch aggText {
        case "avg", "mean": aggregate = .avg
        case "min": aggregate = .min
        case "max": aggregate = .max
        case "rate": aggregate = .rate
        case "count": aggregate = .count
        case "p":
            // p(99.9) carries the percentile inside; the metric follows: p(99.9)(end_to_end) is not it —
            // k6 writes p(99.9) for a metric given elsewhere, so here p(N) must be followed by (metric).
            guard let n = Double(metricText), n >= 0, n <= 100 else { return fail("'\(metricText)' is not a percentile between 0 and 100") }
            guard tail.hasPrefix("("), let end = tail.firstIndex(of: ")") else { return fail("p(\(metricText)) needs a metric: p(\(metricText))(end_to_end)") }
            metricName = String(tail[tail.index(after: tail.startIndex)..<end]).trimmingSpaces
            tail = String(tail[tail.index(after: end)...]).trimmingSpaces
            aggregate = .percentile(n)
        default:
            guard aggText.hasPrefix("p"), let n = Double(aggText.dropFirst().map { $0 == "_" ? "." : $0 }.reduce("") { $0 + String($1) }), n >= 0, n <= 100 else {
                return fail("'\(aggText)' is not an aggregate; use p(N) or pN, avg, min, max, rate or count")
            }
            aggregate = .percentile(n)
        }
        guard let metric = ThresholdMetric(rawValue: metricName) else {
            let hint = ScenarioReader.closest(to: metricName, in: ThresholdMetric.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
            return fail("unknown metric '\(metricName)'\(hint)")
        }
        guard metric.allows(aggregate) else {
            return fail("\(aggregate.name) does not apply to \(metric.rawValue); use \(metric.aggregateNames)")
        }
        guard let comparison = Comparison.allCases.first(where: { tail.hasPrefix($0.rawValue) }) else {
            return fail("expected a comparison (<, <=, >, >=, ==, !=) after \(aggregate.name)(\(metric.rawValue))")
        }
        let valueText = String(tail.dropFirst(comparison.rawValue.count)).trimmingSpaces
        guard !valueText.isEmpty else { return fail("expected a value after \(comparison.rawValue)") }
        guard let value = metric.parseValue(valueText, aggregate: aggregate) else {
            return fail("'\(valueText)' is not a value for \(aggregate.name)(\(metric.rawValue)); \(metric.valueHint(aggregate))")
        }
        // Every metric is a finite number of zero or more: a limit outside that
        // (nan, inf, 1e400, a negative) would make a threshold that never passes
        // or never fails.
        guard value.isFinite, value >= 0, value < 1e15 else {
            return fail("'\(valueText)' is not a limit a run can be held to: write a finite number from 0 to 10^15")
        }
        if window != nil, metric.kind == .latency, metric != .endToEnd {
            return fail("windowed latency thresholds are kept for end_to_end only (each interval has its own end-to-end histogram)")
        }
        return .success(Threshold(expression: text, aggregate: aggregate, metric: metric, comparison: comparison, value: value, window: window))
    }

    static func trim(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

    /// Parses an expression for a run of `interval`-long rows: as `parse(_:)`,
    /// and its window, if any, a whole number of intervals.
    public static func parse(_ text: String, interval: TimeSpan) -> Result<Threshold, ThresholdError> {
        parse(text).flatMap { t in t.windowProblem(interval: interval).map { .failure($0) } ?? .success(t) }
    }

    /// What is wrong with the window for a run of `interval`-long rows, or nil:
    /// a window is made of whole intervals, so it must be one or more of them.
    func windowProblem(interval: TimeSpan) -> ThresholdError? {
        guard let window else { return nil }
        if window < interval {
            return ThresholdError(expression: expression, reason: "window \(window) is shorter than the interval \(interval); a window is made of whole intervals")
        }
        if window.nanoseconds % interval.nanoseconds != 0 {
            return ThresholdError(expression: expression, reason: "window \(window) is not a whole number of intervals (\(interval))")
        }
        return nil
    }
}

/// A threshold that does not parse.
public struct ThresholdError: Error, Sendable, Equatable, CustomStringConvertible {
    public var expression: String
    public var reason: String
    public var description: String { "threshold '\(expression)': \(reason)" }
}
