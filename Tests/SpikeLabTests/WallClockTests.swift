import Foundation
import SpikeLab
import SpikeLabCore
import Testing

struct WallClockTests {
    /// ρ 0.7: 10 consumers, exponential handler time with a 20 ms mean, batch
    /// size 1, Poisson arrivals at 350 a second for 30 s.
    static let agreement = """
        name: agreement
        interval: 1s
        workloads:
          - type: orders
            rate: { constant: { rate: 350, duration: 30s } }
            arrivals: poisson
        gateway:
          overhead: 0s
        stream:
          enabled: false
        store:
          writeLatency: 0s
          partitions: 16
          writeCapacity: 100000
        consumers:
          concurrency: 10
          batchSize: 1
          coldStart: 0s
          handler: { exponential: { mean: 20ms } }
        """

    @Test("At ρ 0.7 the wall clock's end-to-end p50 and p99 agree with the virtual clock's within 15%")
    func agreesWithVirtualClock() async throws {
        let scenario = try Fixtures.scenario(Self.agreement)
        let virtual = VirtualEngine(scenario: scenario).run().histograms.merged(.endToEnd)
        let wall = await WallClockEngine(scenario: scenario).run()
        let real = wall.histograms.merged(.endToEnd)
        for p in [50.0, 99.0] {
            let v = Double(virtual.percentile(p))
            let w = Double(real.percentile(p))
            #expect(abs(w / v - 1) < 0.15, "p\(p): wall \(w) µs, virtual \(v) µs")
        }
        #expect(wall.counters.dropped == 0)
        #expect(wall.ledger.holds)
    }

    @Test("The generator measures from the intended send time: corrected ≥ uncorrected, and late arrivals are counted")
    func correctedAndUncorrected() async throws {
        let scenario = try Fixtures.scenario("""
            name: lag
            workloads:
              - type: orders
                rate: { constant: { rate: 2000, duration: 2s } }
                arrivals: even
            consumers:
              concurrency: 10
              coldStart: 0s
              handler: 1ms
            """)
        let r = await WallClockEngine(scenario: scenario).run()
        let corrected = r.histograms.merged(.gatewayResponse)
        let uncorrected = r.histograms.merged(.gatewayResponseUncorrected)
        #expect(corrected.count == uncorrected.count && corrected.count == UInt64(r.counters.sent))
        #expect(corrected.mean >= uncorrected.mean)
        #expect(r.counters.offered == 4000)
        #expect(r.counters.late + r.counters.dropped <= r.counters.offered)
        #expect(r.sendLag?.count == UInt64(r.counters.offered - r.counters.dropped), "every arrival sent has its send lag")
        #expect(r.ledger.holds)
        #if os(Linux)
        #expect(!r.rows.isEmpty && r.rows.allSatisfy { $0.hostStealMs != nil }, "every interval notes the host's steal")
        #endif
    }

    @Test("A stop request ends the traffic, drains, and still balances the ledger")
    func stopDrains() async throws {
        var options = WallClockEngine.Options()
        options.stopDrain = .seconds(5)
        let scenario = try Fixtures.scenario("""
            name: stop
            workloads:
              - type: orders
                rate: { constant: { rate: 300, duration: 60s } }
            consumers:
              concurrency: 5
              coldStart: 0s
              handler: 5ms
            """)
        let stop = options.stop
        let engine = WallClockEngine(scenario: scenario, options: options)
        async let result = engine.run()
        try await Task.sleep(for: .seconds(1.5))
        stop.escalate()
        let r = await result
        #expect(r.interrupted)
        #expect(r.simulatedSeconds < 10)
        #expect(r.counters.offered > 200 && r.counters.offered < 3000)
        #expect(r.ledger.holds, "\(r.ledger.equation)")
    }
}
