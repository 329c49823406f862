import Foundation
@testable import SpikeLab
import SpikeLabCore
import Testing

/// Every field of a scenario that sets them all, set by `--set` to values past what
/// its type holds or meant to trip a parser: each is refused with messages that name
/// the file or the `--set`, the field and the problem, or accepted and run with the
/// ledger balancing. None traps. A field added to the format belongs in `sink`.
struct FieldSweepTests {
    static let sink = """
        name: sink
        description: every field
        seed: 7
        topology: queue
        clock: virtual
        interval: 1s
        drain: 1m
        workloads:
          - name: orders
            type: orders
            rate: { constant: { rate: 100, duration: 10s } }
            arrivals: poisson
            keys: { distribution: zipf, count: 1000, exponent: 1.1 }
            partitionKey: orderId
            apiKey: storefront
            invalid: 1%
            duplicates: 1%
            duplicateDelay: { uniform: { min: 100ms, max: 2s } }
            retry: { enabled: true, attempts: 3, base: 100ms, cap: 5s }
          - { name: b1, type: bookings, rate: { ramp: { from: 1, to: 10, duration: 10s } }, partitionKey: vehicleId,
              keys: { distribution: hotspot, count: 100, hotKeys: 5, hotShare: 80% } }
          - { name: b2, type: bookings, rate: { steps: [{ rate: 5, duration: 2s }, { rate: 10, duration: 3s }] }, keys: { distribution: constant } }
          - { name: b3, type: bookings, rate: { spike: { baseline: 3, start: 2s, rise: 1s, peak: 20, hold: 2s, decay: 1s, duration: 10s } } }
          - { name: b4, type: bookings, rate: { sine: { mean: 10, amplitude: 5, period: 5s, phase: 1s, duration: 10s } } }
          - { name: b5, type: bookings, rate: { diurnal: { mean: 10, amplitude: 5, period: 10s, peakAt: 3s, duration: 10s } } }
          - { name: b6, type: bookings, rate: { bursts: { baseline: 1, rate: 20, length: 1s, every: 3s, duration: 10s } } }
          - { name: b7, type: bookings, rate: { trace: { file: sweep-trace.csv } } }
          - { name: b8, type: bookings, rate: { trace: { points: [[0s, 10], [5s, 20]] } } }
          - { name: b9, type: bookings, rate: { sum: [{ constant: { rate: 1, duration: 5s } }, { constant: { rate: 2, duration: 3s } }] } }
          - { name: b10, type: bookings, rate: { sequence: [{ constant: { rate: 1, duration: 5s } }, { ramp: { from: 2, to: 1, duration: 3s } }] } }
        gateway:
          account: { rate: 10000, burst: 5000 }
          routes:
            orders: { rate: 5000, burst: 2000, apiKeyRequired: true }
          apiKeys:
            - { key: storefront, rate: 8000, burst: 4000, quota: 10000000 }
          maxPayload: 10MB
          overhead: { normal: { mean: 5ms, stddev: 1ms } }
        queue:
          visibilityTimeout: 30s
          retention: 4d
          maxReceiveCount: 3
          delay: 1s
          maxDepth: 100000
          inFlightLimit: 120000
          duplicateProbability: 1%
          receiveWait: 20s
        consumers:
          scaling: { initial: 5, perMinute: 300, maximum: 1000 }
          batchSize: 10
          batchingWindow: 1s
          coldStart: { lognormal: { p50: 250ms, p99: 900ms } }
          keepWarm: 10m
          handler: { empirical: { p50: 10ms, p90: 40ms, p99_9: 90ms, p100: 300ms } }
          timeout: 20s
          failureProbability: 1%
          poisonShare: 1%
          partialBatchResponse: true
          storeRetry: { base: 50ms, cap: 5s, attempts: 10 }
        sync:
          concurrency: 1000
        store:
          partitions: 4
          mode: provisioned
          writeCapacity: 4000
          readCapacity: 12000
          partitionWriteLimit: 1000
          burstSeconds: 300
          writeLatency: { exponential: { mean: 5ms } }
          maxItemSize: 400KB
        stream:
          enabled: true
          pollInterval: 250ms
          batchSize: 100
          subscribers:
            - { name: email, latency: { fixed: 50ms }, rate: 14 }
        thresholds:
          - "p99(end_to_end) < 2s"
          - { expr: "p99(end_to_end) < 5s", window: 10s }
        sweep:
          vary:
            consumers.concurrency: [5, 10]
          kneeFraction: 10%
        """

    /// Where `sink`'s trace file is.
    static let folder: String = {
        let dir = Fixtures.scratch("field-sweep")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? "time_s,rate_rps\n0,10\n5,20\n10,0\n".write(toFile: "\(dir)/sweep-trace.csv", atomically: true, encoding: .utf8)
        return dir
    }()

    /// Every path `--set` can reach in `sink`: each value, mapping and list.
    static let paths: [String] = {
        guard let root = try? ScenarioLoader.document(text: sink, file: "sink.yaml") else { return [] }
        var paths: [String] = []
        func walk(_ node: ScenarioNode, _ path: [String]) {
            if !path.isEmpty { paths.append(path.joined(separator: ".")) }
            switch node {
            case let .mapping(entries, _):
                for e in entries where !e.key.contains(".") { walk(e.value, path + [e.key]) }
            case let .sequence(items, _):
                for (i, item) in items.enumerated() { walk(item, path + [String(i)]) }
            case .scalar:
                break
            }
        }
        walk(root, [])
        return paths
    }()

    /// Values past their types or meant to trip a parser; the runs take the first three.
    static let values = ["1e308", "4.9e-324", "0", "-1", "-1e308", ".nan", ".inf", "~", "[]", "{}", "true",
                         "99999999999999999999", "9223372036854775808", "1e30s", "-5s", "1ns", "2000000h2000000h",
                         "1e400", "101%", "1e30KB", "1e-9s"]

    @Test("The sink itself loads, and every one of its fields is reached")
    func sinkLoads() throws {
        let s = try ScenarioLoader.parse(text: Self.sink, file: "sink.yaml", baseDirectory: Self.folder)
        #expect(s.workloads.count == 11)
        #expect(Self.paths.count == 233)
    }

    @Test("Every field set to an odd value is refused with a well-formed message, or accepted and runs with the ledger balanced",
          arguments: values)
    func oddValue(_ value: String) throws {
        var accepted = 0
        for path in Self.paths {
            let set = "\(path)=\(value)"
            do {
                let s = try ScenarioLoader.parse(text: Self.sink, file: "sink.yaml", baseDirectory: Self.folder, overrides: [set])
                accepted += 1
                guard Self.values.prefix(3).contains(value), s.expectedArrivals < 100_000 else { continue }
                let r = VirtualEngine(scenario: s, seed: 1).run()
                #expect(r.ledger.holds, "\(set): \(r.ledger)")
            } catch {
                #expect(!error.issues.isEmpty, "\(set)")
                for issue in error.issues {
                    #expect(!issue.message.isEmpty, "\(set): \(issue)")
                    let d = issue.description
                    #expect(d.hasPrefix("sink.yaml:") || d.hasPrefix("--set "), "\(set): \(d)")
                }
            }
        }
        // Most values are refused almost everywhere: a run of acceptances means the loader stopped checking.
        #expect(accepted < Self.paths.count / 2, "\(value): \(accepted) of \(Self.paths.count) accepted")
    }
}
