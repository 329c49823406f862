/// A rate that is linear between breakpoints: the compiled form of a `RateShape`.
///
/// Invariant: segments are sorted, do not overlap, and each has `end >= start`.
/// Gaps between segments have rate zero. Times are seconds from the start of the run.
public struct PiecewiseLinearRate: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var startRate: Double
        public var endRate: Double

        @inlinable
        public var slope: Double { end > start ? (endRate - startRate) / (end - start) : 0 }

        /// The rate at `t`, for `start <= t <= end`.
        @inlinable
        public func rate(at t: Double) -> Double { startRate + slope * (t - start) }

        /// The expected number of arrivals between `a` and `b` inside the segment.
        @inlinable
        public func area(from a: Double, to b: Double) -> Double {
            (rate(at: a) + rate(at: b)) / 2 * (b - a)
        }
    }

    public let segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments.filter { $0.end > $0.start }
    }

    /// When the last segment ends.
    public var end: Double { segments.last?.end ?? 0 }

    /// The rate at `t` (right-continuous at breakpoints).
    /// - Complexity: O(log n).
    public func rate(at t: Double) -> Double {
        var lo = 0
        var hi = segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if segments[mid].end <= t { lo = mid + 1 } else { hi = mid }
        }
        guard lo < segments.count, segments[lo].start <= t else { return 0 }
        return segments[lo].rate(at: t)
    }

    /// The expected number of arrivals over the whole shape.
    public var totalArrivals: Double {
        segments.reduce(0) { $0 + $1.area(from: $1.start, to: $1.end) }
    }

    /// The expected number of arrivals in `[0, t)`.
    public func cumulative(to t: Double) -> Double {
        var sum = 0.0
        for s in segments {
            if s.start >= t { break }
            sum += s.area(from: s.start, to: min(s.end, t))
        }
        return sum
    }

    /// The pointwise sum of rates: breakpoints are the union of all breakpoints.
    public static func sum(_ parts: [PiecewiseLinearRate]) -> PiecewiseLinearRate {
        var cuts: [Double] = []
        for p in parts { for s in p.segments { cuts.append(s.start); cuts.append(s.end) } }
        cuts.sort()
        var unique: [Double] = []
        for c in cuts where unique.last != c { unique.append(c) }
        var out: [Segment] = []
        // One cursor per part, advanced monotonically: O(total segments).
        var cursors = [Int](repeating: 0, count: parts.count)
        for (a, b) in zip(unique, unique.dropFirst()) {
            var r0 = 0.0
            var r1 = 0.0
            for (i, p) in parts.enumerated() {
                while cursors[i] < p.segments.count && p.segments[cursors[i]].end <= a { cursors[i] += 1 }
                guard cursors[i] < p.segments.count else { continue }
                let s = p.segments[cursors[i]]
                if s.start <= a && s.end >= b {
                    r0 += s.rate(at: a)
                    r1 += s.rate(at: b)
                }
            }
            out.append(Segment(start: a, end: b, startRate: r0, endRate: r1))
        }
        return PiecewiseLinearRate(segments: out)
    }
}
