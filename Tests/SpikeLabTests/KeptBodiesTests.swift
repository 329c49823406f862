@testable import SpikeLab
import SpikeLabCore
import Testing

/// `serve` keeps each admitted body beside the queue until its item is put or
/// the last copy of its message is gone: never longer (a long run with failing
/// messages would grow without bound), never shorter (a later copy's item would
/// be stored without its body).
struct KeptBodiesTests {
    @Test("A body goes with the last copy of its message, or at once when released")
    func counting() {
        var kept = KeptBodies()
        kept.keep([1], for: 7)
        kept.copyMade(7)
        kept.copyMade(7)
        kept.copyEnded(7)
        kept.copyEnded(7)
        #expect(kept.body(for: 7) == [1], "one copy is left")
        kept.copyEnded(7)
        #expect(kept.body(for: 7) == nil && kept.isEmpty)
        kept.copyMade(7)
        kept.copyEnded(7)
        #expect(kept.isEmpty, "notes of a request with no body kept change nothing")
        kept.keep([2], for: 8)
        kept.keep([2], for: 8)
        kept.copyMade(8)
        kept.release(8)
        #expect(kept.isEmpty, "a put for good lets the body go whatever copies remain")
    }

    @Test("Through the pipeline: bodies of dead-lettered or expired messages go, the stored keep theirs",
          arguments: ["queue: { visibilityTimeout: 30s, maxReceiveCount: 1, duplicateProbability: 30% }",
                      "queue: { visibilityTimeout: 30s, retention: 60s, duplicateProbability: 30% }"])
    func throughThePipeline(queue: String) throws {
        var pipeline = try ServedPipeline.make("""
            \(queue)
            consumers: { concurrency: 4, batchSize: 1, coldStart: 0s, handler: 0s, failureProbability: 50% }
            """, seed: 7)
        let count = 400
        for i in 1...count {
            let body = ServedPipeline.order("o-\(i)")
            let prepared = ServedPipeline.prepared(body, id: UInt64(i), in: pipeline)
            #expect(pipeline.send(prepared, credential: pipeline.credentials[0], body: body, now: .zero).verdict == .admitted)
        }
        #expect(pipeline.bodies.count == count)
        // Rounds 11 s apart, at most 40 invocations each, one at a time: a
        // backlog, which failed messages (visible again 30 s on, at the front)
        // overtake, so that a message's first copy can end while a duplicate made
        // from it still waits behind the backlog, to be stored later.
        var now = Instant.zero
        while pipeline.queue.depth > 0 {
            var invocations = 0
            while invocations < 40, let slot = pipeline.pool.takeIdle() {
                guard pipeline.fill(slot: slot, now: now) > 0 else {
                    pipeline.pool.putBack(slot)
                    break
                }
                ServedPipeline.run(pipeline.pool.begin(slot: slot, now: now), in: &pipeline)
                invocations += 1
            }
            now = now + .seconds(11)
        }
        let q = pipeline.queue.counters
        #expect(q.duplicatesInjected > 30 && q.deadLettered + q.expired > 50, "both kinds of copy notes happened: \(q)")
        #expect(q.sent + q.duplicatesInjected == q.deleted + q.deadLettered + q.expired)
        #expect(pipeline.bodies.isEmpty, "every message is gone, and so is every body")
        var stored = 0
        for i in 1...count {
            guard let item = pipeline.store.get(sortKey: "o-\(i)") else { continue }
            stored += 1
            #expect(item.body == ServedPipeline.order("o-\(i)"), "o-\(i) stored without its body")
        }
        #expect(stored > count / 10 && stored < count, "\(stored) stored")
    }

    @Test("Synchronous: a body goes when its invocation ends, stored or failed, or when the handler refuses it")
    func synchronous() throws {
        var pipeline = try ServedPipeline.make("""
            topology: sync
            sync: { concurrency: 2 }
            consumers: { batchSize: 1, coldStart: 0s, handler: 10ms, failureProbability: 50% }
            """, seed: 3)
        var steps: [ConsumerStep] = []
        var refused = 0
        for i in 1...40 {
            let body = ServedPipeline.order("o-\(i)")
            let prepared = ServedPipeline.prepared(body, id: UInt64(i), in: pipeline)
            guard case let .toHandler(r, m, at) = pipeline.send(prepared, credential: pipeline.credentials[0], body: body, now: .zero).outcome else {
                Issue.record("o-\(i) did not reach the handler")
                continue
            }
            // Three at a time: the third finds both slots busy (429).
            let (step, _) = pipeline.startSync(r, m, now: at)
            if let step { steps.append(step) } else { refused += 1 }
            if i % 3 == 0 {
                #expect(pipeline.bodies.count == steps.count, "a refused request's body is not kept")
                for first in steps { ServedPipeline.run(first, in: &pipeline) }
                steps.removeAll()
                #expect(pipeline.bodies.isEmpty, "every invocation ended, stored or not")
            }
        }
        #expect(refused == 13)
        #expect(pipeline.counters.syncFailed > 3 && pipeline.counters.syncSucceeded > 3)
        for first in steps { ServedPipeline.run(first, in: &pipeline) }
        #expect(pipeline.bodies.isEmpty)
    }
}
