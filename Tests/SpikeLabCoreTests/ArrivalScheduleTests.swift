import Testing
@testable import SpikeLabCore

struct ArrivalScheduleTests {
    func arrivals(_ shape: RateShape, _ process: ArrivalProcess, seed: UInt64 = 1) -> [Instant] {
        var s = ArrivalSchedule(rate: shape.compile(), process: process, rng: Xoshiro256(seed: seed))
        var out: [Instant] = []
        while let t = s.next() { out.append(t) }
        return out
    }

    @Test("Even arrivals at a constant rate fall at (n + ½)/rate exactly")
    func evenConstant() {
        let a = arrivals(.constant(rate: 100, duration: .seconds(10)), .even)
        #expect(a.count == 1000)
        #expect(a.first == .seconds(0.005))
        #expect(a[499] == .seconds(4.995))
        #expect(a.last == .seconds(9.995))
    }

    @Test("Even arrivals on a ramp follow the integrated rate")
    func evenRamp() {
        // Rate 0 → 200 over 10 s: Λ(t) = 10 t², the n-th arrival at sqrt((n + ½)/10).
        let a = arrivals(.ramp(from: 0, to: 200, duration: .seconds(10)), .even)
        #expect(a.count == 1000)
        for n in [0, 10, 500, 999] {
            let expected = ((Double(n) + 0.5) / 10).squareRoot()
            #expect(abs(a[n].seconds - expected) < 1e-6)
        }
    }

    @Test("Poisson counts match the expected number within four standard deviations")
    func poissonCount() {
        let shape = RateShape.spike(.init(baseline: 100, start: .seconds(10), rise: .seconds(5), peak: 2000,
                                          hold: .seconds(20), decay: .seconds(5), duration: .seconds(60)))
        let expected = shape.compile().totalArrivals
        let byHand: Double = 100 * 30 + 1050 * 10 + 2000 * 20
        #expect(abs(expected - byHand) < 1e-6)
        for seed in UInt64(1)...5 {
            let n = Double(arrivals(shape, .poisson, seed: seed).count)
            #expect(abs(n - expected) < 4 * expected.squareRoot(), "seed \(seed): \(n) arrivals, expected \(expected)")
        }
    }

    @Test("Poisson gaps at a constant rate are exponential: mean and coefficient of variation near one")
    func poissonGaps() {
        let a = arrivals(.constant(rate: 1000, duration: .seconds(100)), .poisson)
        let gaps = zip(a, a.dropFirst()).map { ($1 - $0).seconds }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count)).squareRoot()
        #expect(abs(mean - 0.001) < 0.00002)
        #expect(abs(sd / mean - 1) < 0.02)
    }

    @Test("Sum and sequence compose; steps, bursts and traces integrate to their areas")
    func composition() {
        let steps = RateShape.steps([.init(rate: 10, duration: .seconds(5)), .init(rate: 30, duration: .seconds(5))])
        #expect(steps.compile().totalArrivals == 200)
        let seq = RateShape.sequence([.constant(rate: 10, duration: .seconds(10)), .ramp(from: 0, to: 20, duration: .seconds(10))])
        #expect(seq.duration == .seconds(20))
        #expect(abs(seq.compile().totalArrivals - 200) < 1e-9)
        let sum = RateShape.sum([.constant(rate: 10, duration: .seconds(10)), .constant(rate: 5, duration: .seconds(20))])
        #expect(abs(sum.compile().totalArrivals - 200) < 1e-9)
        #expect(sum.compile().rate(at: 5) == 15 && sum.compile().rate(at: 15) == 5)
        let bursts = RateShape.bursts(baseline: 1, rate: 100, length: .seconds(1), period: .seconds(10), duration: .seconds(30))
        let burstArea: Double = 3 * 100 + 27
        #expect(abs(bursts.compile().totalArrivals - burstArea) < 1e-9)
        let trace = RateShape.trace([.init(time: .zero, rate: 0), .init(time: .seconds(10), rate: 100), .init(time: .seconds(20), rate: 100)])
        #expect(abs(trace.compile().totalArrivals - 1500) < 1e-9)
        let sine = RateShape.sine(mean: 50, amplitude: 40, period: .seconds(60), phase: .zero, duration: .seconds(600))
        #expect(abs(sine.compile().totalArrivals - 30_000) < 1)
    }
}
