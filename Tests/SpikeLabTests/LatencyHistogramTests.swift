@testable import SpikeLab
import SpikeLabCore
import Testing

/// The one-pass percentiles the time series uses, against the histogram's own.
struct LatencyHistogramTests {
    static let levels: [Double] = [0, 1, 25, 50, 90, 99, 99.9, 99.99, 100]

    @Test("percentiles(_:) gives, in one pass, what percentile(_:) gives for each", arguments: [1.0, 50.0, 5_000.0])
    func onePassAgrees(meanMilliseconds: Double) {
        var rng = Xoshiro256(seed: 7)
        var h = LatencyHistogram()
        for _ in 0..<100_000 { h.record(.nanoseconds(Int64(rng.exponential(mean: meanMilliseconds * 1e6)))) }
        #expect(h.percentiles(Self.levels) == Self.levels.map { h.percentile($0) })
    }

    @Test("One value, a few values, none")
    func smallCases() {
        var h = LatencyHistogram()
        #expect(h.percentiles([50, 99]) == [0, 0])
        h.record(.microseconds(1_234))
        #expect(h.percentiles(Self.levels) == Self.levels.map { h.percentile($0) })
        h.record(.microseconds(7))
        h.record(.microseconds(90_000))
        #expect(h.percentiles(Self.levels) == Self.levels.map { h.percentile($0) })
        #expect(h.percentiles([50]) == [h.percentile(50)] && h.percentile(0) == 7)
    }

    @Test("Uniform 1 to 10,000 µs: p50 and p90 within the histogram's 3 significant digits")
    func uniform() {
        var h = LatencyHistogram()
        for v in 1...10_000 { h.record(.microseconds(Int64(v))) }
        let p = h.percentiles([50, 90])
        #expect(abs(Double(p[0]) - 5_000) <= 5 && abs(Double(p[1]) - 9_000) <= 9, "\(p)")
    }
}
