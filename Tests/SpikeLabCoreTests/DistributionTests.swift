import RealModule
import Testing
@testable import SpikeLabCore

struct DistributionTests {
    func samples(_ d: LatencyDistribution, _ n: Int = 200_000) -> [Double] {
        var rng = Xoshiro256(seed: 5)
        return (0..<n).map { _ in Double(d.sample(&rng).nanoseconds) }.sorted()
    }

    func quantile(_ sorted: [Double], _ p: Double) -> Double { sorted[Int(Double(sorted.count - 1) * p)] }

    @Test("Lognormal fitted to p50 and p99 reproduces both within 2%")
    func lognormal() {
        let s = samples(LatencyDistribution(.lognormal(p50: .milliseconds(20), p99: .milliseconds(120))))
        #expect(abs(quantile(s, 0.5) / 20e6 - 1) < 0.02)
        #expect(abs(quantile(s, 0.99) / 120e6 - 1) < 0.02)
    }

    @Test("Tails are cut at `longest`: a draw never passes it, and a distribution well inside it is untouched")
    func tailsCut() {
        let cap = Double(LatencyDistribution.longest.nanoseconds)
        // A lognormal of p50 1 ms and p99 7 days has σ ≈ 8.7: 1% of its draws lie past 7 days, and
        // about 0.03% (z > 3.4) so far past that an uncut draw would overflow Int64 and trap.
        for d in [LatencyDistribution(.lognormal(p50: .milliseconds(1), p99: LatencyDistribution.longest)),
                  LatencyDistribution(.normal(mean: LatencyDistribution.longest, stddev: LatencyDistribution.longest)),
                  .exponential(mean: LatencyDistribution.longest)] {
            let s = samples(d, 100_000)
            #expect(s.last! == cap, "\(d)")
            #expect(s.filter { $0 == cap }.count > 100, "\(d)")
        }
        let s = samples(LatencyDistribution(.lognormal(p50: .milliseconds(20), p99: .milliseconds(120))), 100_000)
        #expect(s.last! < cap / 1000)
    }

    @Test("Exponential, uniform and normal have their means")
    func means() {
        for d in [LatencyDistribution.exponential(mean: .milliseconds(10)),
                  LatencyDistribution(.uniform(min: .milliseconds(5), max: .milliseconds(15))),
                  LatencyDistribution(.normal(mean: .milliseconds(10), stddev: .milliseconds(2)))] {
            let s = samples(d)
            let mean: Double = s.reduce(0, +) / Double(s.count)
            #expect(abs(mean / 10e6 - 1) < 0.01, "\(d)")
            #expect(abs(d.mean / 10e6 - 1) < 1e-9)
        }
    }

    @Test("An empirical table is interpolated exactly between its points")
    func empirical() {
        let points: [LatencyDistribution.Point] = [.init(percentile: 50, value: .milliseconds(10)),
                                                   .init(percentile: 90, value: .milliseconds(50)),
                                                   .init(percentile: 100, value: .milliseconds(100))]
        #expect(LatencyDistribution.interpolate(points, at: 25) == 5_000_000)
        #expect(LatencyDistribution.interpolate(points, at: 70) == 30_000_000)
        #expect(LatencyDistribution.interpolate(points, at: 95) == 75_000_000)
        let s = samples(LatencyDistribution(.empirical(points)))
        #expect(abs(quantile(s, 0.9) / 50e6 - 1) < 0.02)
    }

    @Test("A sampler drawing a block at a time gives the durations drawn one at a time from the same stream, for every shape",
          arguments: [
              LatencyDistribution(.lognormal(p50: .milliseconds(12), p99: .milliseconds(60))),
              .exponential(mean: .milliseconds(10)),
              LatencyDistribution(.normal(mean: .milliseconds(10), stddev: .milliseconds(4))),
              LatencyDistribution(.uniform(min: .milliseconds(5), max: .milliseconds(15))),
              LatencyDistribution(.empirical([.init(percentile: 50, value: .milliseconds(10)), .init(percentile: 99, value: .milliseconds(80))])),
              .fixed(.milliseconds(3)), .zero,
          ])
    func samplerSameAsOneByOne(_ d: LatencyDistribution) {
        var rng = Xoshiro256(seed: 11)
        var sampler = LatencySampler(d, rng: rng)
        // Past three blocks, so that refills are crossed.
        let n = 3 * LatencySampler.blockSize + 5
        let one = (0..<n).map { _ in d.isZero ? TimeSpan.zero : d.sample(&rng) }
        let blocked = (0..<n).map { _ in sampler.next() }
        #expect(blocked == one, "\(d)")
        // Random shapes draw: most durations differ (an empirical table holds its
        // last value above its last point), so the comparison is not of constants.
        if case .fixed = d.kind { #expect(Set(one).count == 1) } else { #expect(Set(one).count > n * 9 / 10, "\(d): draws differ") }
    }

    @Test("Zipf key frequencies follow 1/k^s")
    func zipf() {
        let d = KeyDistribution(.zipf(count: 1000, exponent: 1.1))
        var rng = Xoshiro256(seed: 3)
        var counts = [Int](repeating: 0, count: 1000)
        let n = 500_000
        for _ in 0..<n { counts[d.sample(&rng)] += 1 }
        let h = (1...1000).reduce(0.0) { $0 + 1 / Double.pow(Double($1), 1.1) }
        for k in [1, 2, 10, 100] {
            let expected = Double(n) / Double.pow(Double(k), 1.1) / h
            #expect(abs(Double(counts[k - 1]) - expected) < 5 * expected.squareRoot(), "rank \(k)")
        }
    }

    @Test("Hotspot puts its share on the hot keys; constant uses one key")
    func hotspot() {
        let d = KeyDistribution(.hotspot(count: 10_000, hotKeys: 10, hotShare: 0.8))
        var rng = Xoshiro256(seed: 4)
        let hot = (0..<100_000).filter { _ in d.sample(&rng) < 10 }.count
        #expect(abs(hot - 80_000) < 600)
        #expect(KeyDistribution(.constant).sample(&rng) == 0)
    }

    @Test("Keys drawn in batches are the keys drawn one at a time, and leave the generator where they would",
          arguments: [
              KeyDistribution(.zipf(count: 200_000, exponent: 1.01)),
              KeyDistribution(.zipf(count: 3, exponent: 2)),
              KeyDistribution(.uniform(count: 1000)),
              KeyDistribution(.hotspot(count: 10_000, hotKeys: 10, hotShare: 0.8)),
              KeyDistribution(.constant),
          ])
    func batches(_ d: KeyDistribution) {
        var one = Xoshiro256(seed: 9)
        let single = (0..<5_000).map { _ in Int32(d.sample(&one)) }
        var batched = Xoshiro256(seed: 9)
        var keys: [Int32] = [-1]
        for count in [1, 7, 256, 4_000, 0, 736] { d.sample(&batched, count: count, into: &keys) }
        #expect(keys.first == -1, "appended after what was there")
        #expect(Array(keys.dropFirst()) == single)
        #expect(batched.next() == one.next())
    }

    @Test("Each ziggurat's layers have the same area, its widths fall from r to 0", arguments: ["normal", "exponential"])
    func zigguratLayers(_ name: String) {
        let t = name == "normal" ? ZigguratTable.normal : ZigguratTable.exponential
        let density: (Double) -> Double = name == "normal" ? { Double.exp(-$0 * $0 / 2) } : { Double.exp(-$0) }
        #expect(t.x[1] == t.r && t.x[256] == 0, "\(name)")
        #expect(abs(t.x[0] * density(t.r) / t.v - 1) < 1e-12, "\(name): base strip")
        for i in 1...255 {
            #expect(t.x[i + 1] < t.x[i], "\(name): width \(i + 1)")
            #expect(t.f[i] == density(t.x[i]))
            #expect(abs(t.x[i] * (density(t.x[i + 1]) - density(t.x[i])) / t.v - 1) < 1e-9, "\(name): layer \(i)")
        }
    }

    /// Kolmogorov–Smirnov distance between sorted samples and a CDF.
    func ksDistance(_ sorted: [Double], _ cdf: (Double) -> Double) -> Double {
        let n = Double(sorted.count)
        var d = 0.0
        for (k, x) in sorted.enumerated() {
            let c = cdf(x)
            d = max(d, abs(c - Double(k) / n), abs(Double(k + 1) / n - c))
        }
        return d
    }

    /// The normal distribution's upper tail, 1 - Φ(z).
    func normalUpperTail(_ z: Double) -> Double { Double.erfc(z / 2.0.squareRoot()) / 2 }

    @Test("Standard normal variates follow Φ (Kolmogorov–Smirnov, 2M draws) and reach the tail as often as they should")
    func standardNormal() {
        var rng = Xoshiro256(seed: 11)
        let n = 2_000_000
        let s = (0..<n).map { _ in rng.standardNormal() }.sorted()
        // The 0.1% critical value of the KS distance is 1.95/√n.
        #expect(ksDistance(s, { 1 - normalUpperTail($0) }) < 1.95 / Double(n).squareRoot())
        let mean = s.reduce(0, +) / Double(n)
        let variance = s.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        #expect(abs(mean) < 5 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 5 * 2.0.squareRoot() / Double(n).squareRoot())
        // Beyond r (the tail's own sampler) and beyond 4: counts within 5 standard deviations, both signs.
        for (z, label) in [(ZigguratTable.normal.r, "r"), (4.0, "4")] {
            let expected = Double(n) * normalUpperTail(z)
            let above = Double(s.count { $0 > z }), below = Double(s.count { $0 < -z })
            #expect(abs(above - expected) < 5 * expected.squareRoot(), "above \(label): \(above) vs \(expected)")
            #expect(abs(below - expected) < 5 * expected.squareRoot(), "below -\(label): \(below) vs \(expected)")
        }
    }

    @Test("Standard exponential variates follow 1 - e^-x (Kolmogorov–Smirnov, 2M draws), the tail included")
    func standardExponential() {
        var rng = Xoshiro256(seed: 12)
        let n = 2_000_000
        let s = (0..<n).map { _ in rng.standardExponential() }.sorted()
        #expect(ksDistance(s, { 1 - Double.exp(-$0) }) < 1.95 / Double(n).squareRoot())
        #expect(abs(s.reduce(0, +) / Double(n) - 1) < 5 / Double(n).squareRoot())
        for z in [ZigguratTable.exponential.r, 9.0] {
            let expected = Double(n) * Double.exp(-z)
            let above = Double(s.count { $0 > z })
            #expect(abs(above - expected) < 5 * expected.squareRoot(), "above \(z): \(above) vs \(expected)")
        }
        #expect(s.first! >= 0)
    }
}
