import RealModule

/// A request rate over time (requests per second), composable by sum and sequence.
///
/// See docs/scenarios.md, Rate shapes. A shape is a description; `compile()` turns it
/// into a `PiecewiseLinearRate` that the arrival schedule walks in O(1) per arrival.
public indirect enum RateShape: Sendable, Equatable {
    /// `rate` for `duration`.
    case constant(rate: Double, duration: TimeSpan)
    /// Linear from `from` to `to` over `duration`.
    case ramp(from: Double, to: Double, duration: TimeSpan)
    /// Each step holds its rate for its duration, one after another.
    case steps([Step])
    /// Baseline, then a linear rise to the peak, a hold, a linear decay back to
    /// the baseline, and the baseline until `duration`.
    case spike(Spike)
    /// `mean + amplitude·sin(2π(t + phase)/period)`, never below zero. Diurnal
    /// traffic is a sine with a 24 h period whose peak falls at a given hour.
    case sine(mean: Double, amplitude: Double, period: TimeSpan, phase: TimeSpan, duration: TimeSpan)
    /// A train of bursts: `baseline`, and `rate` for `length` at the start of every `period`.
    case bursts(baseline: Double, rate: Double, length: TimeSpan, period: TimeSpan, duration: TimeSpan)
    /// A recorded trace: (time, rate) points, linear between them, ending at the last.
    case trace([TracePoint])
    /// The sum of the shapes, as long as the longest.
    case sum([RateShape])
    /// The shapes one after another.
    case sequence([RateShape])

    public struct Step: Sendable, Equatable {
        public var rate: Double
        public var duration: TimeSpan
        public init(rate: Double, duration: TimeSpan) { self.rate = rate; self.duration = duration }
    }

    public struct Spike: Sendable, Equatable {
        public var baseline: Double
        public var start: TimeSpan
        public var rise: TimeSpan
        public var peak: Double
        public var hold: TimeSpan
        public var decay: TimeSpan
        public var duration: TimeSpan
        public init(baseline: Double, start: TimeSpan, rise: TimeSpan, peak: Double, hold: TimeSpan, decay: TimeSpan, duration: TimeSpan) {
            self.baseline = baseline; self.start = start; self.rise = rise; self.peak = peak
            self.hold = hold; self.decay = decay; self.duration = duration
        }
    }

    public struct TracePoint: Sendable, Equatable {
        public var time: TimeSpan
        public var rate: Double
        public init(time: TimeSpan, rate: Double) { self.time = time; self.rate = rate }
    }

    /// The shape's length.
    public var duration: TimeSpan {
        switch self {
        case let .constant(_, d), let .ramp(_, _, d), let .sine(_, _, _, _, d), let .bursts(_, _, _, _, d):
            return d
        case let .steps(steps): return steps.reduce(.zero) { $0 + $1.duration }
        case let .spike(s): return s.duration
        case let .trace(points): return points.last?.time ?? .zero
        case let .sum(shapes): return shapes.map(\.duration).max() ?? .zero
        case let .sequence(shapes): return shapes.reduce(.zero) { $0 + $1.duration }
        }
    }

    /// Segments per period used to follow a sine: the linear pieces stay within
    /// 0.005 % of the curve's amplitude.
    public static let sineSegmentsPerPeriod = 720

    /// The shape as linear pieces, in seconds.
    public func compile() -> PiecewiseLinearRate {
        PiecewiseLinearRate(segments: segments(offset: 0))
    }

    func segments(offset t0: Double) -> [PiecewiseLinearRate.Segment] {
        typealias Seg = PiecewiseLinearRate.Segment
        switch self {
        case let .constant(rate, d):
            return [Seg(start: t0, end: t0 + d.seconds, startRate: rate, endRate: rate)]
        case let .ramp(from, to, d):
            return [Seg(start: t0, end: t0 + d.seconds, startRate: from, endRate: to)]
        case let .steps(steps):
            var t = t0
            return steps.map { step in
                defer { t += step.duration.seconds }
                return Seg(start: t, end: t + step.duration.seconds, startRate: step.rate, endRate: step.rate)
            }
        case let .spike(s):
            var out: [Seg] = []
            var t = t0
            let end = t0 + s.duration.seconds
            func add(_ length: Double, _ r0: Double, _ r1: Double) {
                let stop = min(t + length, end)
                guard stop > t else { return }
                // Cut a ramp short at the end of the shape: interpolate its rate there.
                let r1cut = length > 0 ? r0 + (r1 - r0) * (stop - t) / length : r1
                out.append(Seg(start: t, end: stop, startRate: r0, endRate: r1cut))
                t = stop
            }
            add(s.start.seconds, s.baseline, s.baseline)
            add(s.rise.seconds, s.baseline, s.peak)
            add(s.hold.seconds, s.peak, s.peak)
            add(s.decay.seconds, s.peak, s.baseline)
            add(end - t, s.baseline, s.baseline)
            return out
        case let .sine(mean, amplitude, period, phase, d):
            let total = d.seconds
            let p = period.seconds
            let step = p / Double(Self.sineSegmentsPerPeriod)
            let count = max(1, Int((total / step).rounded(.up)))
            func rate(_ t: Double) -> Double {
                max(0, mean + amplitude * Double.sin(2 * .pi * (t + phase.seconds) / p))
            }
            return (0..<count).map { i in
                let a = Double(i) * step
                let b = min(total, Double(i + 1) * step)
                return Seg(start: t0 + a, end: t0 + b, startRate: rate(a), endRate: rate(b))
            }
        case let .bursts(baseline, rate, length, period, d):
            var out: [Seg] = []
            var t = 0.0
            let total = d.seconds
            while t < total {
                let burstEnd = min(total, t + length.seconds)
                out.append(Seg(start: t0 + t, end: t0 + burstEnd, startRate: rate, endRate: rate))
                let periodEnd = min(total, t + period.seconds)
                if periodEnd > burstEnd {
                    out.append(Seg(start: t0 + burstEnd, end: t0 + periodEnd, startRate: baseline, endRate: baseline))
                }
                t += period.seconds
            }
            return out
        case let .trace(points):
            var out: [Seg] = []
            if let first = points.first, first.time > .zero {
                out.append(Seg(start: t0, end: t0 + first.time.seconds, startRate: first.rate, endRate: first.rate))
            }
            for (a, b) in zip(points, points.dropFirst()) where b.time > a.time {
                out.append(Seg(start: t0 + a.time.seconds, end: t0 + b.time.seconds, startRate: a.rate, endRate: b.rate))
            }
            return out
        case let .sequence(shapes):
            var t = t0
            var out: [Seg] = []
            for shape in shapes {
                out += shape.segments(offset: t)
                t += shape.duration.seconds
            }
            return out
        case let .sum(shapes):
            return PiecewiseLinearRate.sum(shapes.map { PiecewiseLinearRate(segments: $0.segments(offset: t0)) }).segments
        }
    }
}
