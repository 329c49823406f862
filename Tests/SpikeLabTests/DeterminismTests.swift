import Foundation
import SpikeLab
import SpikeLabCore
import Testing

struct DeterminismTests {
    static let yaml = """
        name: determinism
        workloads:
          - name: orders
            type: orders
            rate: { spike: { baseline: 100, start: 5s, rise: 2s, peak: 2000, hold: 5s, decay: 3s, duration: 20s } }
            keys: { distribution: zipf, count: 1000, exponent: 1.1 }
            partitionKey: customerId
            invalid: 1%
            duplicates: 1%
            retry: { attempts: 3 }
          - name: bookings
            type: bookings
            rate: { sine: { mean: 200, amplitude: 150, period: 10s, duration: 20s } }
        gateway:
          routes:
            orders: { rate: 1500, burst: 200 }
        queue:
          duplicateProbability: 1%
        consumers:
          failureProbability: 1%
        """

    static func files(_ r: RunResult) throws -> [String] {
        let summary = String(decoding: try RunReport.encoder().encode(Summary(r)), as: UTF8.self)
        return [summary, TimeseriesCSV.render(r.rows, partitions: r.scenario.store.partitions), LatencyCSV.render(r.histograms)]
    }

    @Test("Same scenario and seed: byte-identical summary.json, timeseries.csv and latency.csv")
    func sameSeedSameBytes() throws {
        let a = try Self.files(Fixtures.run(Self.yaml))
        let b = try Self.files(Fixtures.run(Self.yaml))
        #expect(a == b)
        let other = try Self.files(Fixtures.run(Self.yaml, seed: 2))
        #expect(other[0] != a[0] && other[1] != a[1])
    }

    @Test("Changing consumer concurrency does not change the arrivals (one stream per purpose)")
    func streamsAreIndependent() throws {
        let a = try Fixtures.run(Self.yaml)
        let b = try Fixtures.run(Self.yaml, overrides: ["consumers.concurrency=50"])
        #expect(a.rows.prefix(20).map(\.offered) == b.rows.prefix(20).map(\.offered))
        #expect(a.counters.offered == b.counters.offered)
    }
}
