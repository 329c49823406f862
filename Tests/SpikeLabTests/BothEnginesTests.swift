import SpikeLab
import SpikeLabCore
import Testing

/// One test body per invariant, run under both engines: the wall clock must keep
/// every promise the virtual clock keeps.
struct BothEnginesTests {
    static func run(_ yaml: String, on clock: ClockKind) async throws -> RunResult {
        let scenario = try Fixtures.scenario(yaml)
        switch clock {
        case .virtual: return VirtualEngine(scenario: scenario).run()
        case .wall: return await WallClockEngine(scenario: scenario).run()
        }
    }

    @Test("Idempotency: duplicates make no second record, and conservation holds", arguments: ClockKind.allCases)
    func idempotency(clock: ClockKind) async throws {
        let r = try await Self.run("""
            name: both-idempotency
            drain: 20s
            workloads:
              - type: orders
                rate: { constant: { rate: 300, duration: 3s } }
                duplicates: 5%
                duplicateDelay: { uniform: { min: 10ms, max: 200ms } }
            queue:
              duplicateProbability: 5%
            consumers:
              concurrency: 20
              batchSize: 5
              coldStart: 0s
              handler: 2ms
            store:
              writeLatency: 1ms
            """, on: clock)
        #expect(r.ledger.holds, "\(r.ledger.equation)")
        #expect(r.drained)
        #expect(r.counters.duplicateSubmissions > 10 && r.queue.duplicatesInjected > 10)
        #expect(r.storedItems == r.counters.accepted - r.counters.duplicateSubmissions)
        #expect(r.store.duplicatesSuppressed == r.queue.duplicatesInjected + r.counters.duplicateSubmissions)
    }

    @Test("Dead letters: poison messages are received exactly maxReceiveCount times", arguments: ClockKind.allCases)
    func deadLetters(clock: ClockKind) async throws {
        let r = try await Self.run("""
            name: both-dlq
            drain: 30s
            workloads:
              - type: orders
                rate: { constant: { rate: 200, duration: 3s } }
            queue:
              visibilityTimeout: 1s
              maxReceiveCount: 2
            consumers:
              concurrency: 10
              batchSize: 5
              coldStart: 0s
              handler: 2ms
              timeout: 500ms
              poisonShare: 10%
            """, on: clock)
        let poison = (1...UInt64(r.counters.accepted)).filter { ConsumerPool.isPoison($0, share: 0.1) }.count
        #expect(r.ledger.holds, "\(r.ledger.equation)")
        #expect(r.queue.deadLettered == poison)
        #expect(r.queue.received == r.counters.accepted + poison)
        #expect(r.storedItems == r.counters.accepted - poison)
    }

    @Test("Throttling: accepted stays within the token bucket's bound", arguments: ClockKind.allCases)
    func throttling(clock: ClockKind) async throws {
        let r = try await Self.run("""
            name: both-throttle
            workloads:
              - name: orders
                type: orders
                rate: { constant: { rate: 600, duration: 3s } }
                arrivals: even
            gateway:
              routes:
                orders: { rate: 300, burst: 50 }
              overhead: 0s
            consumers:
              concurrency: 20
              coldStart: 0s
              handler: 1ms
            """, on: clock)
        let bound = 300.0 * 3 + 50
        #expect(Double(r.counters.accepted) <= bound + 1)
        #expect(Double(r.counters.accepted) >= bound * 0.97, "accepted \(r.counters.accepted), bound \(bound)")
        #expect(r.counters.accepted + r.counters.throttledTotal + r.counters.dropped == r.counters.offered)
        #expect(r.ledger.holds)
    }
}
