import Histogram
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

    @Test("reset() empties: what follows reads as in a new histogram, out-of-range counts included")
    func resetStartsAfresh() {
        var rng = Xoshiro256(seed: 11)
        var reused = LatencyHistogram()
        for _ in 0..<10_000 { reused.record(.nanoseconds(Int64(rng.exponential(mean: 3e9)))) }
        reused.record(.seconds(1e9))
        #expect(reused.outOfRange == 1)
        reused.reset()
        #expect(reused.count == 0 && reused.outOfRange == 0 && reused.max == 0 && reused.percentiles([50, 99]) == [0, 0])
        var fresh = LatencyHistogram()
        for _ in 0..<1_000 {
            let span = TimeSpan.nanoseconds(Int64(rng.exponential(mean: 2e6)))
            reused.record(span)
            fresh.record(span)
        }
        #expect(reused.count == 1_000 && reused.percentiles(Self.levels) == fresh.percentiles(Self.levels))
        #expect(reused.min == fresh.min && reused.max == fresh.max && reused.mean == fresh.mean)
        // Another histogram reset meanwhile shares nothing with this one.
        var other = reused
        other.reset()
        #expect(other.count == 0 && reused.count == 1_000 && reused.percentiles(Self.levels) == fresh.percentiles(Self.levels))
    }

    @Test("mean, deviation and the .hgrm text equal the package's own, bit for bit", arguments: [0.0, 0.05, 1.0, 50.0, 5_000.0])
    func sameAsPackage(meanMilliseconds: Double) {
        var rng = Xoshiro256(seed: 13)
        var h = LatencyHistogram()
        if meanMilliseconds == 0 {
            h.record(.microseconds(1_234))  // one value
        } else {
            for _ in 0..<50_000 { h.record(.nanoseconds(Int64(rng.exponential(mean: meanMilliseconds * 1e6)))) }
            h.record(.seconds(1e9))  // out of range, recorded at the top
        }
        #expect(h.mean == h.histogram.mean && h.stdDeviation == h.histogram.stdDeviation)
        var package = ""
        h.histogram.outputPercentileDistribution(to: &package, outputValueUnitScalingRatio: 1000)
        let ours = HgrmFiles.distribution(h)
        #expect(ours == package)
        #expect(ours.hasPrefix("       Value     Percentile TotalCount 1/(1-Percentile)\n\n") && ours.contains("#[Buckets = "))
    }
}
