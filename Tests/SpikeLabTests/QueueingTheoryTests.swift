import SpikeLab
import SpikeLabCore
import Testing

/// The engine against queueing theory: an M/M/c queue (Poisson arrivals,
/// exponential handler time, batch size 1, c consumers, nothing else in the way).
struct QueueingTheoryTests {
    static func mmc(lambda: Double, servers: Int, meanService: String, seconds: Int) -> String {
        """
        name: mmc
        interval: 100ms
        workloads:
          - type: orders
            rate: { constant: { rate: \(lambda), duration: \(seconds)s } }
            arrivals: poisson
        \(Fixtures.quietPipeline)
        """ + "\n  concurrency: \(servers)\n  handler: { exponential: { mean: \(meanService) } }\n"
    }

    @Test("Mean queue wait matches Erlang C, and Little's law holds, at ρ 0.7 and 0.95",
          arguments: [(0.7, 10, 600), (0.95, 20, 1500)])
    func erlangC(rho: Double, servers: Int, seconds: Int) throws {
        let mu = 100.0
        let lambda = rho * Double(servers) * mu
        // The consumers block of quietPipeline ends the YAML: append to it.
        let yaml = Self.mmc(lambda: lambda, servers: servers, meanService: "10ms", seconds: seconds)
        let r = try Fixtures.run(yaml)
        let wait = r.histograms.merged(.queueWait)
        let measuredWq = wait.mean / 1e6
        let pWait = Fixtures.erlangC(servers: servers, load: lambda / mu)
        let expectedWq = pWait / (Double(servers) * mu - lambda)
        #expect(abs(measuredWq / expectedWq - 1) < 0.05, "Wq measured \(measuredWq) s, Erlang C \(expectedWq) s")
        // The share of arrivals that waited at all is Erlang C itself.
        let waited = 1 - Double(wait.count(atOrBelow: 0)) / Double(wait.count)
        #expect(abs(waited - pWait) < 0.02, "P(wait) measured \(waited), Erlang C \(pWait)")
        // Little's law: mean queue length = λ · Wq, from depth sampled every 100 ms.
        let traffic = r.rows.filter { $0.end <= Double(seconds) }
        let meanDepth = Double(traffic.map(\.visible).reduce(0, +)) / Double(traffic.count)
        #expect(abs(meanDepth / (lambda * measuredWq) - 1) < 0.06, "L \(meanDepth), λ·W \(lambda * measuredWq)")
        #expect(r.ledger.holds)
    }
}
