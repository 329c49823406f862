/// The intended send times of one workload, in order: an open model.
///
/// Arrival times come from inverting the integrated rate Λ(t): the next arrival is
/// where Λ grows by one (even spacing) or by an Exp(1) draw (Poisson, by the
/// time-rescaling theorem). Within a linear segment the inversion is closed-form,
/// so each arrival costs O(1) amortised; nothing waits for responses.
public struct ArrivalSchedule: Sendable {
    public let rate: PiecewiseLinearRate
    public let process: ArrivalProcess
    private var rng: Xoshiro256
    private var segment = 0
    /// Position inside the current segment, in seconds.
    private var time: Double
    /// Arrivals produced so far.
    public private(set) var count: Int = 0

    public init(rate: PiecewiseLinearRate, process: ArrivalProcess, rng: Xoshiro256) {
        self.rate = rate
        self.process = process
        self.rng = rng
        self.time = rate.segments.first?.start ?? 0
    }

    /// The next intended send time, or nil when the shape has ended.
    /// - Complexity: O(1) amortised over the segments.
    public mutating func next() -> Instant? {
        var need: Double
        switch process {
        case .poisson: need = rng.exponential(mean: 1)
        case .even: need = count == 0 ? 0.5 : 1
        }
        let segments = rate.segments
        while segment < segments.count {
            let s = segments[segment]
            if time < s.start { time = s.start }
            let available = s.area(from: time, to: s.end)
            if need <= available {
                let r = s.rate(at: time)
                let slope = s.slope
                // Solve r·τ + slope·τ²/2 = need in the numerically stable form.
                let disc = max(0, r * r + 2 * slope * need)
                let denominator = r + disc.squareRoot()
                let tau = denominator > 0 ? 2 * need / denominator : 0
                time = min(s.end, time + tau)
                count += 1
                return Instant(nanoseconds: Int64((time * 1e9).rounded()))
            }
            need -= available
            segment += 1
        }
        return nil
    }
}
