import SpikeLab
import SpikeLabCore
import Testing

/// Random scenarios over the whole configuration space (every rate shape, both
/// topologies, throttling at every level, failures, timeouts, retention,
/// duplicates, stream subscribers), small enough to run in milliseconds, each
/// checked against identities that hold for any run. Two bugs were found this
/// way (each now has a test of its own in `PipelineBehaviourTests`): an item
/// stored by an invocation that timed out was left out of end to end, and
/// expiries found by the end-of-run sweep were left out of the time series.
/// With that first bug put back, 5 of 400 seeds fail here (seed 45 the first).
struct RandomScenarioTests {
    @Test("Any valid scenario: the ledger balances, counts agree with each other and with the rows, and a rerun is identical",
          arguments: 0..<200)
    func identities(_ seed: Int) throws {
        var g = ScenarioGenerator(seed: UInt64(seed))
        let yaml = g.scenario()
        let scenario = try Fixtures.scenario(yaml)
        let r = VirtualEngine(scenario: scenario).run()
        let s = Summary(r)
        let c = s.counts
        let context = Comment(rawValue: yaml)
        #expect(s.conservation.holds, context)
        #expect(c.sent == c.offered + c.clientRetries + c.duplicateSubmissions, context)
        if s.drained {
            #expect(c.sent == c.accepted + c.throttledTotal + c.rejectedTotal, context)
        }
        func count(_ stage: String) -> Int { Int(s.latency[stage]?["all"]?.count ?? 0) }
        #expect(count("end_to_end") == c.stored, context)
        if scenario.topology == .queue {
            #expect(count("store_write") == c.processed, context)
            #expect(count("gateway_response") == c.sent, context)
        }
        if scenario.notifier.enabled {
            #expect(c.streamRecords == c.stored, context)
            if s.drained { #expect(c.notified == c.streamRecords * scenario.notifier.subscribers.count, context) }
        }
        let rows = r.rows
        func sum(_ column: (IntervalRow) -> Int) -> Int { rows.reduce(0) { $0 + column($1) } }
        #expect(sum(\.offered) == c.offered && sum(\.sent) == c.sent && sum(\.accepted) == c.accepted, context)
        #expect(sum(\.stored) == c.stored && sum(\.deadLettered) == c.deadLettered && sum(\.expired) == c.expired, context)
        #expect(sum(\.clientRetries) == c.clientRetries && sum(\.notified) == c.notified, context)
        #expect(sum(\.processed) == c.processed && sum(\.duplicatesSuppressed) == c.duplicatesSuppressed, context)
        #expect(sum(\.endToEndCount) == c.stored, context)

        let again = VirtualEngine(scenario: scenario).run()
        #expect(Summary(again) == s && again.rows == rows, context)
    }
}

/// Writes random valid scenarios: a few hundred to a few thousand requests each.
struct ScenarioGenerator {
    var rng: Xoshiro256

    init(seed: UInt64) { rng = Xoshiro256(seed: seed &+ 0x5EED) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    mutating func ms(_ low: Double, _ high: Double) -> String {
        let x = Double.random(in: low...high, using: &rng)
        return "\((x * 1000).rounded() / 1000)ms"
    }

    mutating func distribution() -> String {
        switch int(0...5) {
        case 0: return "{ fixed: \(ms(0, 50)) }"
        case 1: return "{ uniform: { min: 2ms, max: \(ms(2, 60)) } }"
        case 2: return "{ normal: { mean: \(ms(1, 50)), stddev: \(ms(0, 30)) } }"
        case 3: return "{ lognormal: { p50: 10ms, p99: \(ms(11, 200)) } }"
        case 4: return "{ exponential: { mean: \(ms(0.1, 40)) } }"
        default: return "0s"
        }
    }

    mutating func rate(nested: Bool = false) -> String {
        func r(_ g: inout ScenarioGenerator) -> Int { g.pick([0, 1, 5, 50, 200, 500]) }
        switch int(0...(nested ? 6 : 8)) {
        case 0: return "{ constant: { rate: \(r(&self)), duration: \(int(1...20))s } }"
        case 1: return "{ ramp: { from: \(r(&self)), to: \(r(&self)), duration: \(int(1...20))s } }"
        case 2: return "{ steps: [{ rate: \(r(&self)), duration: \(int(1...9))s }, { rate: \(r(&self)), duration: \(int(1...9))s }] }"
        case 3: return "{ spike: { baseline: \(r(&self)), start: \(int(0...5))s, rise: \(int(0...3))s, peak: \(r(&self) + 1), hold: \(int(1...5))s, decay: \(int(0...3))s } }"
        case 4: return "{ sine: { mean: 100, amplitude: \(int(0...100)), period: \(int(1...10))s, duration: \(int(1...20))s } }"
        case 5: return "{ bursts: { baseline: \(r(&self)), rate: \(r(&self) + 1), length: \(int(100...2000))ms, every: \(int(2...5))s, duration: \(int(1...20))s } }"
        case 6: return "{ trace: { points: [[0s, \(r(&self))], [3s, \(r(&self))], [6s, \(r(&self))]] } }"
        case 7: return "{ sum: [\(rate(nested: true)), \(rate(nested: true))] }"
        default: return "{ sequence: [\(rate(nested: true)), \(rate(nested: true))] }"
        }
    }

    mutating func scenario() -> String {
        let topology = pick(["queue", "queue", "sync"])
        var y = "name: random\nseed: \(int(0...1000))\ntopology: \(topology)\ninterval: \(pick(["1s", "2s", "500ms"]))\ndrain: \(pick(["30s", "2m"]))\nworkloads:\n"
        let count = int(1...2)
        for i in 0..<count {
            let type = pick(["orders", "bookings"])
            y += "  - name: w\(i)\n    type: \(type)\n    rate: \(rate())\n    arrivals: \(pick(["poisson", "even"]))\n"
            let keyCount = int(1...1000)
            y += "    keys: " + pick(["{ distribution: uniform, count: \(keyCount) }", "{ distribution: zipf, count: \(keyCount), exponent: 1.1 }",
                                   "{ distribution: hotspot, count: \(keyCount), hotKeys: 1, hotShare: 80% }", "{ distribution: constant }"]) + "\n"
            y += "    partitionKey: \(pick(type == "orders" ? ["orderId", "customerId", "recordType"] : ["bookingId", "vehicleId", "recordType"]))\n"
            y += "    invalid: \(pick([0, 0.01, 0.2]))\n    duplicates: \(pick([0, 0.01, 0.3]))\n"
            if chance(0.5) { y += "    retry: { attempts: \(int(1...5)), base: \(int(1...300))ms, cap: \(int(1...5))s }\n" }
            if chance(0.3) { y += "    apiKey: k\(i)\n" }
        }
        y += "gateway:\n  account: { rate: \(pick([50, 300, 1000, 100_000])), burst: \(pick([0, 10, 100, 5000])) }\n"
        if chance(0.5) {
            y += "  routes:\n"
            for i in 0..<count { y += "    w\(i): { rate: \(pick([20, 200, 2000])), burst: \(pick([1, 50, 500])), apiKeyRequired: \(chance(0.3)) }\n" }
        }
        if chance(0.4) {
            y += "  apiKeys:\n"
            for i in 0..<2 { y += "    - { key: k\(i), rate: \(pick([30, 300, 3000])), burst: \(pick([1, 30, 300])), quota: \(pick([100, 1000, 10_000_000])) }\n" }
        }
        y += "  overhead: \(distribution())\n"
        let visibility = int(1...60)
        y += "queue:\n  visibilityTimeout: \(visibility)s\n  retention: \(pick(["1m", "2m", "4d"]))\n  maxReceiveCount: \(pick(["1", "3", "none"]))\n"
        y += "  delay: \(int(0...3))s\n  duplicateProbability: \(pick([0, 0.01, 0.2]))\n"
        if chance(0.3) { y += "  maxDepth: \(pick([1, 10, 500]))\n" }
        if chance(0.3) { y += "  inFlightLimit: \(pick([1, 5, 100]))\n" }
        y += "consumers:\n"
        y += chance(0.5) ? "  concurrency: \(int(1...50))\n" : "  scaling: { initial: \(int(1...5)), perMinute: \(int(1...300)), maximum: \(int(5...100)) }\n"
        let batch = pick([1, 1, 5, 10, 100])
        y += "  batchSize: \(batch)\n"
        if batch > 10 || chance(0.3) { y += "  batchingWindow: \(pick(["100ms", "1s", "5s"]))\n" }
        y += "  coldStart: \(distribution())\n  keepWarm: \(pick(["1s", "10m"]))\n  handler: \(distribution())\n  timeout: \(int(1...visibility))s\n"
        y += "  failureProbability: \(pick([0, 0.01, 0.3, 1]))\n  poisonShare: \(pick([0, 0.01]))\n  partialBatchResponse: \(chance(0.5))\n"
        y += "  storeRetry: { base: \(int(1...100))ms, cap: \(int(1...5))s, attempts: \(int(1...10)) }\n"
        y += "sync:\n  concurrency: \(int(1...100))\n"
        y += "store:\n  partitions: \(int(1...16))\n  mode: \(pick(["provisioned", "onDemand"]))\n  writeCapacity: \(pick([10, 100, 4000]))\n"
        y += "  partitionWriteLimit: \(pick([5, 50, 1000]))\n  burstSeconds: \(int(0...300))\n  writeLatency: \(distribution())\n  maxItemSize: \(pick(["200B", "400KB"]))\n"
        y += "stream:\n  enabled: \(chance(0.7))\n  pollInterval: \(pick(["1ms", "100ms", "1s"]))\n  batchSize: \(pick([1, 10, 100]))\n  subscribers:\n"
        for i in 0..<int(1...2) {
            y += "    - { name: s\(i), latency: \(distribution())\(chance(0.5) ? ", rate: \(pick([1, 14, 1000]))" : "") }\n"
        }
        return y
    }
}
