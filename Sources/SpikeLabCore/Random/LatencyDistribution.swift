import RealModule

/// A distribution of durations: handler time, cold start, write latency, ...
///
/// Parameters are checked where a scenario is validated; here they are trusted.
/// Every sample is a non-negative whole number of nanoseconds.
/// - Complexity: `sample` is O(1), or O(log n) for an empirical table of n points.
public struct LatencyDistribution: Sendable, Equatable, CustomStringConvertible {
    /// One point of an empirical table: the value at a percentile (0...100).
    public struct Point: Sendable, Equatable {
        public var percentile: Double
        public var value: TimeSpan
        public init(percentile: Double, value: TimeSpan) {
            self.percentile = percentile
            self.value = value
        }
    }

    /// The shapes docs/scenarios.md lists under Distributions.
    public enum Kind: Sendable, Equatable {
        case fixed(TimeSpan)
        case uniform(min: TimeSpan, max: TimeSpan)
        /// Normal, truncated at zero by resampling's cheaper cousin: clamping.
        case normal(mean: TimeSpan, stddev: TimeSpan)
        /// Lognormal fitted to a median and a 99th percentile.
        case lognormal(p50: TimeSpan, p99: TimeSpan)
        case exponential(mean: TimeSpan)
        /// Linear interpolation between percentile points, sorted by percentile.
        /// Below the first point it interpolates from zero at p0; above the last
        /// it holds the last value.
        case empirical([Point])
    }

    public let kind: Kind
    // Precomputed parameters, so that sampling does no logarithms of constants.
    private let mu: Double
    private let sigma: Double

    /// The z-score of the 99th percentile of a standard normal.
    static let z99 = 2.326_347_874_040_840_8

    public init(_ kind: Kind) {
        self.kind = kind
        switch kind {
        case let .lognormal(p50, p99):
            mu = Double.log(Double(max(p50.nanoseconds, 1)))
            sigma = max(0, (Double.log(Double(max(p99.nanoseconds, 1))) - mu) / Self.z99)
        default:
            mu = 0
            sigma = 0
        }
    }

    /// The longest duration a distribution may be given (the loader checks
    /// every parameter against it) and the longest it ever draws: a lognormal,
    /// normal or exponential tail is cut here, so that no draw overflows a
    /// time. Seven days: far past any latency a run records (its histograms
    /// stop at one day).
    public static let longest = TimeSpan.seconds(7 * 86_400)

    public static func fixed(_ value: TimeSpan) -> LatencyDistribution { .init(.fixed(value)) }
    public static func exponential(mean: TimeSpan) -> LatencyDistribution { .init(.exponential(mean: mean)) }
    public static let zero = LatencyDistribution(.fixed(.zero))

    /// True when every sample is zero, so callers can skip the draw.
    public var isZero: Bool {
        if case let .fixed(v) = kind { return v.nanoseconds == 0 }
        return false
    }

    /// Draws one duration.
    @inlinable
    public func sample(_ rng: inout Xoshiro256) -> TimeSpan {
        TimeSpan(nanoseconds: sampleNanoseconds(&rng))
    }

    @usableFromInline
    static let longestNanoseconds = Double(longest.nanoseconds)

    @usableFromInline
    func sampleNanoseconds(_ rng: inout Xoshiro256) -> Int64 {
        switch kind {
        case let .fixed(v):
            return v.nanoseconds
        case let .uniform(lo, hi):
            return lo.nanoseconds + Int64((Double(hi.nanoseconds - lo.nanoseconds) * rng.nextUnit()).rounded(.down))
        case let .normal(mean, sd):
            let x = Double(mean.nanoseconds) + Double(sd.nanoseconds) * rng.standardNormal()
            return x > 0 ? Int64(Swift.min(x, Self.longestNanoseconds)) : 0
        case .lognormal:
            return Int64(Swift.min(Double.exp(mu + sigma * rng.standardNormal()), Self.longestNanoseconds))
        case let .exponential(mean):
            return Int64(Swift.min(rng.exponential(mean: Double(mean.nanoseconds)), Self.longestNanoseconds))
        case let .empirical(points):
            return Self.interpolate(points, at: rng.nextUnit() * 100)
        }
    }

    /// Fills `out` with the next `out.count` draws from `rng`: the values that
    /// many calls of `sampleNanoseconds` would give, in order, with the case
    /// decided once for the block.
    /// - Complexity: O(out.count), or O(out.count log n) for an empirical table.
    func fill(_ out: UnsafeMutableBufferPointer<Int64>, from rng: inout Xoshiro256) {
        switch kind {
        case .lognormal:
            for i in out.indices {
                out[i] = Int64(Swift.min(Double.exp(mu + sigma * rng.standardNormal()), Self.longestNanoseconds))
            }
        case let .exponential(mean):
            let m = Double(mean.nanoseconds)
            for i in out.indices {
                out[i] = Int64(Swift.min(rng.exponential(mean: m), Self.longestNanoseconds))
            }
        default:
            for i in out.indices { out[i] = sampleNanoseconds(&rng) }
        }
    }

    /// The value at percentile `p` (0...100) of an empirical table.
    static func interpolate(_ points: [Point], at p: Double) -> Int64 {
        guard let first = points.first else { return 0 }
        if p <= first.percentile {
            guard first.percentile > 0 else { return first.value.nanoseconds }
            return Int64(Double(first.value.nanoseconds) * p / first.percentile)
        }
        // Binary search for the first point at or above p.
        var lo = 0
        var hi = points.count - 1
        if p >= points[hi].percentile { return points[hi].value.nanoseconds }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if points[mid].percentile < p { lo = mid } else { hi = mid }
        }
        let a = points[lo]
        let b = points[hi]
        let f = (p - a.percentile) / (b.percentile - a.percentile)
        return a.value.nanoseconds + Int64(Double(b.value.nanoseconds - a.value.nanoseconds) * f)
    }

    /// The distribution's mean (exact where closed-form; for the empirical table,
    /// the mean of its piecewise-linear quantile function).
    public var mean: Double {
        switch kind {
        case let .fixed(v): return Double(v.nanoseconds)
        case let .uniform(lo, hi): return Double(lo.nanoseconds + hi.nanoseconds) / 2
        case let .normal(mean, _): return Double(mean.nanoseconds)
        case .lognormal: return Double.exp(mu + sigma * sigma / 2)
        case let .exponential(mean): return Double(mean.nanoseconds)
        case let .empirical(points):
            guard let first = points.first, let last = points.last else { return 0 }
            var area = Double(first.value.nanoseconds) / 2 * first.percentile
            for (a, b) in zip(points, points.dropFirst()) {
                area += Double(a.value.nanoseconds + b.value.nanoseconds) / 2 * (b.percentile - a.percentile)
            }
            area += Double(last.value.nanoseconds) * (100 - last.percentile)
            return area / 100
        }
    }

    public var description: String {
        switch kind {
        case let .fixed(v): return "fixed \(v)"
        case let .uniform(lo, hi): return "uniform \(lo)..\(hi)"
        case let .normal(m, s): return "normal mean \(m) sd \(s)"
        case let .lognormal(p50, p99): return "lognormal p50 \(p50) p99 \(p99)"
        case let .exponential(m): return "exponential mean \(m)"
        case let .empirical(points): return "empirical (\(points.count) points)"
        }
    }

    public static func == (lhs: LatencyDistribution, rhs: LatencyDistribution) -> Bool { lhs.kind == rhs.kind }
}
