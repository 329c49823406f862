import Testing
@testable import SpikeLabCore

struct TokenBucketTests {
    @Test("Bursts up to capacity, then throttles")
    func burstThenThrottle() {
        var bucket = TokenBucket(rate: 100, burst: 20)
        var granted = 0
        for _ in 0..<50 where bucket.tryTake(now: .zero) { granted += 1 }
        let emptyNow = bucket.tryTake(now: .zero)
        // 10 ms later exactly one token has come back.
        let oneBack = bucket.tryTake(now: .seconds(0.01))
        let thenNone = bucket.tryTake(now: .seconds(0.01))
        #expect(granted == 20)
        #expect(!emptyNow)
        #expect(oneBack)
        #expect(!thenNone)
    }

    @Test("Offered twice the rate for T seconds, grants rate·T + burst within one", arguments: [(100.0, 50.0, 10.0), (1000.0, 5.0, 3.0), (7.5, 30.0, 60.0)])
    func grantsRateTimesTPlusBurst(rate: Double, burst: Double, seconds: Double) {
        var bucket = TokenBucket(rate: rate, burst: burst)
        let offered = Int(2 * rate * seconds)
        var granted = 0
        for i in 0..<offered {
            let t = Instant(nanoseconds: Int64(Double(i) * seconds * 1e9 / Double(offered)))
            if bucket.tryTake(now: t) { granted += 1 }
        }
        let expected = rate * seconds + burst
        #expect(abs(Double(granted) - expected) <= 1, "granted \(granted), expected \(expected)")
    }

    @Test("Never holds more than its burst")
    func capsAtBurst() {
        var bucket = TokenBucket(rate: 10, burst: 3)
        _ = bucket.hasTokens(now: .seconds(1000))
        #expect(bucket.tokens == 3)
        #expect(bucket.wait(for: 4, now: .seconds(1000)) == .milliseconds(100))
    }
}
