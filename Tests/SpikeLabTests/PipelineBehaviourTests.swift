@testable import SpikeLab
import SpikeLabCore
import Testing

/// Whole-pipeline behaviour on the virtual clock: exact counts, not shapes.
struct PipelineBehaviourTests {
    @Test("Offered twice the account rate for 10 s, the gateway accepts rate·T + burst within one")
    func throttlingBound() throws {
        let r = try Fixtures.run("""
            name: throttle
            workloads:
              - type: orders
                rate: { constant: { rate: 1000, duration: 10s } }
                arrivals: even
            gateway:
              account: { rate: 500, burst: 100 }
              overhead: 0s
            consumers:
              concurrency: 50
            """)
        #expect(abs(r.counters.accepted - 5_100) <= 1)
        #expect(r.counters.throttled[.account] == r.counters.offered - r.counters.accepted)
        #expect(r.counters.offered == 10_000)
        #expect(r.ledger.holds)
    }

    @Test("A constant partition key throttles one partition while the others stay idle; keyed by id the load spreads")
    func hotPartition() throws {
        let yaml = """
            name: hot
            workloads:
              - name: orders
                type: orders
                rate: { constant: { rate: 2500, duration: 20s } }
                partitionKey: recordType
            consumers:
              concurrency: 100
              handler: 5ms
              storeRetry: { attempts: 20, base: 50ms, cap: 2s }
            store:
              partitions: 8
              writeCapacity: 8000
            """
        let hot = try Fixtures.run(yaml)
        let busy = hot.store.writesByPartition.enumerated().filter { $0.element > 0 }.map(\.offset)
        #expect(busy.count == 1)
        #expect(hot.store.throttledByPartition.enumerated().filter { $0.element > 0 }.map(\.offset) == busy)
        #expect(hot.store.throttled > 1_000)
        #expect(hot.ledger.holds)

        let spread = try Fixtures.run(yaml, overrides: ["workloads.orders.partitionKey=orderId"])
        #expect(spread.store.throttled == 0)
        let writes = spread.store.writesByPartition
        let mean = Double(writes.reduce(0, +)) / Double(writes.count)
        #expect(writes.allSatisfy { abs(Double($0) / mean - 1) < 0.1 }, "writes per partition \(writes)")
        #expect(spread.storedItems == hot.storedItems)
    }

    @Test("Every failing message is received exactly maxReceiveCount times, then dead-lettered")
    func deadLetterAfterExactlyThreeReceives() throws {
        let r = try Fixtures.run("""
            name: dlq
            workloads:
              - type: orders
                rate: { constant: { rate: 50, duration: 20s } }
            queue:
              visibilityTimeout: 5s
              maxReceiveCount: 3
            consumers:
              concurrency: 10
              timeout: 4s
              failureProbability: 100%
            """)
        #expect(r.queue.deadLettered == r.counters.accepted)
        #expect(r.queue.received == 3 * r.counters.accepted)
        #expect(r.storedItems == 0)
        #expect(r.ledger.holds)
    }

    @Test("Poison messages go to the DLQ; a partial batch response returns only them, a whole-batch failure returns all")
    func partialBatchResponse() throws {
        let yaml = """
            name: poison
            workloads:
              - name: orders
                type: orders
                rate: { constant: { rate: 200, duration: 30s } }
            queue:
              visibilityTimeout: 5s
              maxReceiveCount: 3
            consumers:
              concurrency: 5
              batchSize: 10
              batchingWindow: 200ms
              handler: 1ms
              timeout: 4s
              poisonShare: 5%
            """
        let partial = try Fixtures.run(yaml)
        let accepted = partial.counters.accepted
        let poison = (1...UInt64(accepted)).filter { ConsumerPool.isPoison($0, share: 0.05) }.count
        #expect(partial.queue.deadLettered == poison)
        // Good messages are received once, poison ones three times.
        #expect(partial.queue.received == accepted + 2 * poison)
        #expect(partial.store.duplicatesSuppressed == 0)
        #expect(partial.storedItems == accepted - poison)

        let whole = try Fixtures.run(yaml, overrides: ["consumers.partialBatchResponse=false"])
        #expect(whole.queue.deadLettered >= poison)
        #expect(whole.consumers.returnedWithBatch > 0)
        #expect(whole.store.duplicatesSuppressed > 0)
        #expect(whole.queue.received > partial.queue.received)
        #expect(whole.ledger.holds && partial.ledger.holds)
    }

    @Test("Duplicate deliveries and submissions leave one record per request id; suppressed equals duplicates made")
    func idempotency() throws {
        let r = try Fixtures.run("""
            name: idempotent
            workloads:
              - type: orders
                rate: { constant: { rate: 400, duration: 30s } }
                duplicates: 5%
            queue:
              duplicateProbability: 5%
            consumers:
              concurrency: 40
            store:
              partitions: 16
              writeCapacity: 100000
            """)
        #expect(r.queue.duplicatesInjected > 100)
        #expect(r.counters.duplicateSubmissions > 100)
        #expect(r.storedItems == r.counters.accepted - r.counters.duplicateSubmissions)
        #expect(r.store.inserted == r.storedItems)
        #expect(r.store.duplicatesSuppressed == r.queue.duplicatesInjected + r.counters.duplicateSubmissions)
        #expect(r.ledger.holds)
    }

    @Test("The change stream keeps records only when a notifier with subscribers reads them")
    func streamKeepsRecordsForAReader() throws {
        let base = """
            name: stream
            workloads:
              - type: orders
                rate: { constant: { rate: 10, duration: 1s } }
            """
        let read = try Fixtures.scenario(base + "\nstream: { subscribers: [ { name: mail, latency: 1ms } ] }\n")
        let disabled = try Fixtures.scenario(base + "\nstream: { enabled: false, subscribers: [ { name: mail, latency: 1ms } ] }\n")
        let unread = try Fixtures.scenario(base + "\nstream: { subscribers: [] }\n")
        #expect(Pipeline(scenario: read, seed: 1).store.stream.keepsRecords)
        #expect(!Pipeline(scenario: disabled, seed: 1).store.stream.keepsRecords)
        #expect(!Pipeline(scenario: unread, seed: 1).store.stream.keepsRecords)
        // Read, every stored record is notified once; unread, none is, and the run still ends drained.
        let r = VirtualEngine(scenario: read).run()
        #expect(r.counters.notified == r.storedItems && r.streamRecords == r.storedItems)
        let u = VirtualEngine(scenario: disabled).run()
        #expect(u.counters.notified == 0 && u.streamRecords == u.storedItems && u.drained && u.ledger.holds)
    }

    @Test("Synchronous topology: a handler at its concurrency limit answers 429, and every accepted request is answered")
    func synchronous() throws {
        let r = try Fixtures.run("""
            name: sync
            topology: sync
            workloads:
              - type: orders
                rate: { constant: { rate: 1000, duration: 10s } }
            sync:
              concurrency: 10
            consumers:
              handler: 20ms
            """)
        #expect(r.counters.throttled[.concurrency, default: 0] > 1_000)
        #expect(r.counters.syncSucceeded == r.counters.accepted)
        #expect(r.storedItems == r.counters.accepted)
        #expect(r.ledger.holds)
    }

    @Test("Clients retry 429s with backoff and give up after their attempts")
    func clientRetries() throws {
        let r = try Fixtures.run("""
            name: retries
            workloads:
              - type: orders
                rate: { constant: { rate: 1000, duration: 10s } }
                retry: { attempts: 3, base: 100ms, cap: 1s }
            gateway:
              account: { rate: 300, burst: 50 }
            """)
        let c = r.counters
        #expect(c.sent == c.offered + c.clientRetries)
        #expect(c.throttledTotal == c.clientRetries + c.clientGaveUp)
        #expect(c.clientGaveUp > 0)
        #expect(r.ledger.holds)
    }

    @Test("An HTTP client's long ids are interned once, and kept bodies wait beside the queue until their item is stored")
    func longKeysAndKeptBodies() throws {
        var pipeline = try ServedPipeline.make("consumers: { concurrency: 1, batchSize: 1, coldStart: 0s, handler: 0s }", seed: 1)
        let order = ServedPipeline.order
        let ids = ["order-with-a-long-id-0001", "o-7", "order-with-a-long-id-0002", "order-with-a-long-id-0001", "ordé-7"]
        for (i, id) in ids.enumerated() {
            let body = order(id)
            let prepared = ServedPipeline.prepared(body, id: UInt64(i + 1), in: pipeline)
            // The feed's check, made from the body's bytes, is the same.
            let ranges = try #require(body.withUnsafeBufferPointer { pipeline.preparer.validators[0].capturedRanges($0) })
            #expect(body.withUnsafeBufferPointer { pipeline.preparer.check(ranges, in: $0, workload: 0) } == prepared.check, "\(id)")
            #expect(prepared.check.gatewayValidation != nil && (id.utf8.count > 15) == { if case .validLongKey = prepared.check { true } else { false } }())
            let sent = pipeline.send(prepared, credential: pipeline.credentials[0], body: body, now: .zero)
            #expect(sent.verdict == .admitted, "\(id)")
        }
        #expect(pipeline.store.internedKeyStrings == 2, "each long id once, partition and sort key alike")
        #expect(pipeline.bodies.count == 5)
        while let slot = pipeline.pool.takeIdle() {
            guard pipeline.fill(slot: slot, now: .zero) > 0 else { break }
            ServedPipeline.run(pipeline.pool.begin(slot: slot, now: .zero), in: &pipeline)
        }
        #expect(pipeline.queue.depth == 0 && pipeline.store.itemCount == 4 && pipeline.store.counters.duplicatesSuppressed == 1)
        #expect(pipeline.bodies.isEmpty, "every body handed to the store or let go with its suppressed duplicate")
        for id in ids { #expect(pipeline.store.get(sortKey: id)?.body == order(id), "\(id)") }
        #expect(pipeline.store.get(sortKey: ids[0])?.requestId == 1, "the first submission's item")
    }

    @Test("Conservation still holds when the drain times out with messages in the pipeline")
    func conservationWhenCutShort() throws {
        let r = try Fixtures.run("""
            name: cut
            drain: 1s
            workloads:
              - type: orders
                rate: { constant: { rate: 2000, duration: 5s } }
            consumers:
              concurrency: 2
            """)
        #expect(!r.drained)
        #expect(r.ledger.queued + r.ledger.inFlight > 1000)
        #expect(r.ledger.holds)
    }

    @Test("A store write's time runs from its first attempt to its answer, message by message through a batch")
    func storeWriteTimes() throws {
        let r = try Fixtures.run("""
            name: writes
            workloads:
              - type: orders
                rate: { constant: { rate: 200, duration: 10s } }
                arrivals: even
            gateway: { overhead: 0s }
            consumers: { concurrency: 5, batchSize: 10, batchingWindow: 100ms, handler: 2ms, coldStart: 0s }
            store: { writeLatency: 5ms }
            """)
        let writes = Summary(r).latency["store_write"]?["all"]
        #expect(r.store.inserted == 2_000 && r.store.throttled == 0)
        #expect(writes?.count == 2_000 && r.consumers.processed == 2_000)
        // Every write is its 5 ms (within the histogram's bucket: 5 ms to 5.003 ms); measured from the
        // next message's start instead, the first of each batch's writes would read 0.
        #expect(writes?.minMs == 5 && (writes?.maxMs ?? 0) < 5.004, "\(String(describing: writes))")
    }

    @Test("An item put by an invocation that times out before the answer is stored, and counted end to end")
    func timedOutWriteCountsEndToEnd() throws {
        let r = try Fixtures.run("""
            name: slow-writes
            workloads:
              - type: orders
                rate: { constant: { rate: 10, duration: 5s } }
                arrivals: even
            gateway: { overhead: 0s }
            queue: { visibilityTimeout: 5s, maxReceiveCount: 2 }
            consumers: { concurrency: 10, batchSize: 1, handler: 0s, coldStart: 0s, timeout: 2s }
            store: { writeLatency: 3s }
            stream: { enabled: false }
            """)
        let e2e = Summary(r).latency["end_to_end"]?["all"]
        // Each first write lands 3 s after it starts, a second after its invocation timed out;
        // the second delivery's write is a duplicate and times out too; the third receive redrives.
        #expect(r.store.inserted == 50 && r.store.duplicatesSuppressed == 50)
        #expect(e2e?.count == 50)
        #expect((e2e?.minMs ?? 0) >= 3_000, "\(String(describing: e2e))")
        #expect(r.consumers.processed == 0 && r.consumers.timeouts == 100)
        #expect(r.queue.deadLettered == 50 && r.ledger.holds)
    }

    @Test("Messages past their retention are counted expired in the interval they expire in, while no consumer receives")
    func expiryInItsInterval() throws {
        let r = try Fixtures.run("""
            name: expiry
            drain: 3m
            workloads:
              - type: orders
                rate: { constant: { rate: 10, duration: 10s } }
                arrivals: even
            gateway: { overhead: 0s }
            queue: { visibilityTimeout: 15m, retention: 1m }
            consumers: { concurrency: 1, batchSize: 1, handler: 14m, coldStart: 0s, timeout: 14m }
            """)
        // The one consumer holds the first message (sent at 0.05 s) for 14 minutes; the other 99,
        // sent at 0.15 s to 9.95 s, expire a minute later: 9 in the interval ending at 61 s, then 10 a second.
        #expect(r.queue.expired == 99 && r.ledger.inFlight == 1 && r.ledger.holds)
        #expect(r.rows.reduce(0) { $0 + $1.expired } == 99)
        #expect(r.rows.filter { $0.end <= 60 }.allSatisfy { $0.expired == 0 })
        #expect(r.rows.filter { $0.end > 60 && $0.end <= 70 }.map(\.expired) == [9] + Array(repeating: 10, count: 9))
        #expect(r.rows.filter { $0.end >= 70 }.allSatisfy { $0.visible == 0 })
    }
}
