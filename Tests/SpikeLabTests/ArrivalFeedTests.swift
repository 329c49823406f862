import Foundation
import SpikeLabCore
import Testing
@testable import SpikeLab

struct ArrivalFeedTests {
    /// Two workloads with invalid bodies and duplicate submissions.
    static let yaml = """
        name: feed
        workloads:
          - type: orders
            rate: { constant: { rate: 2000, duration: 3s } }
            keys: { distribution: zipf, count: 1000, exponent: 1.1 }
            invalid: 5%
            duplicates: 2%
          - type: bookings
            rate: { ramp: { from: 100, to: 1500, duration: 3s } }
            arrivals: even
            invalid: 5%
            duplicates: 2%
        """

    /// What identifies one arrival and its gateway input.
    struct Seen: Equatable {
        var id: UInt64
        var at: Instant
        var key: Int32
        var variant: PayloadVariant
        var size: Int
        var check: RequestPreparer.BodyCheck
        var duplicateAt: Instant?

        init(_ prepared: RequestPreparer.Prepared, duplicateAt: Instant?) {
            id = prepared.request.requestId
            at = prepared.request.intendedAt
            key = prepared.request.key
            variant = prepared.request.variant
            size = prepared.size
            check = prepared.check
            self.duplicateAt = duplicateAt
        }
    }

    @Test("The feed's arrivals, made on its thread in small chunks, are the ones each source makes inline",
          arguments: [(7, 2), (7, 1), (5, 8)])
    func sameAsInline(chunkSize: Int, ahead: Int) throws {
        let pipeline = Pipeline(scenario: try Fixtures.scenario(Self.yaml), seed: 7)
        var inline: [[Seen]] = []
        var body: [UInt8] = []
        for var source in pipeline.sources {
            var seen: [Seen] = []
            while let t = source.schedule.next() {
                let (request, duplicate) = source.nextRequest(intendedAt: t, sentAt: t)
                seen.append(Seen(pipeline.preparer.prepare(request, buffer: &body), duplicateAt: duplicate?.intendedAt))
            }
            inline.append(seen)
        }
        // Small chunks, few waiting: the producer sleeps and is woken hundreds of
        // times (at one chunk waiting for `ahead` 2 or 1, at four for 8).
        let feed = ArrivalFeed(sources: pipeline.sources, preparer: pipeline.preparer, chunkSize: chunkSize, ahead: ahead)
        var fed: [[Seen]] = Array(repeating: [], count: inline.count)
        var open = Set(inline.indices)
        while !open.isEmpty {
            for s in open.sorted() {
                if let chunk = feed.next(source: s) { fed[s] += chunk.reversed().map { Seen($0.prepared, duplicateAt: $0.duplicateAt) } } else { open.remove(s) }
            }
        }
        feed.stop()
        #expect(fed == inline)
        let all = inline.joined()
        #expect(all.count > 6_000)
        #expect(Set(all.map(\.id)).count == all.count, "request ids are unique across sources")
        #expect(all.contains { if case .invalid = $0.check { true } else { false } }, "some bodies are invalid")
        #expect(all.contains { $0.duplicateAt != nil }, "some requests are submitted twice")
    }

    @Test("A valid body's store key and its hashes are made with it, for each kind of partition key, and travel with its message")
    func keyHashes() throws {
        let yaml = """
            name: keys
            workloads:
              - name: by-id
                type: orders
                rate: { constant: { rate: 500, duration: 2s } }
                invalid: 5%
              - name: by-customer
                type: orders
                rate: { constant: { rate: 500, duration: 2s } }
                partitionKey: customerId
              - name: by-type
                type: bookings
                rate: { constant: { rate: 500, duration: 2s } }
                partitionKey: recordType
            """
        var pipeline = Pipeline(scenario: try Fixtures.scenario(yaml), seed: 3)
        var body: [UInt8] = []
        var invalid = 0
        for w in pipeline.sources.indices {
            var source = pipeline.sources[w]
            while let t = source.schedule.next() {
                let prepared = pipeline.preparer.prepare(source.nextRequest(intendedAt: t, sentAt: t).request, buffer: &body)
                let validation = body.withUnsafeBufferPointer { pipeline.preparer.validators[w].validate($0) }
                guard case let .success(c) = validation else {
                    if case let .failure(failure) = validation { #expect(prepared.check == .invalid(failure)) }
                    invalid += 1
                    continue
                }
                let partitionKey = [c.id, c.partitionKey ?? "", WorkloadKind.bookings.recordType][w]
                let key = ItemKey(partitionKey: partitionKey, sortKey: c.id)
                #expect(prepared.check == .valid(try #require(StoreKey(inline: key)), KeyHashes(key)), "workload \(w)")
                _ = pipeline.send(prepared, now: t)
            }
        }
        #expect(invalid > 0)
        var deliveries: [Delivery] = []
        var byWorkload = [0, 0, 0]
        while true {
            deliveries.removeAll()
            pipeline.queue.receive(max: 10, now: .seconds(3_600), into: &deliveries)
            if deliveries.isEmpty { break }
            for d in deliveries {
                let m = d.message
                let key = pipeline.store.itemKey(m.key)
                #expect(m.keyHashes == KeyHashes(key))
                #expect(key.partitionKey == [key.sortKey, key.partitionKey, WorkloadKind.bookings.recordType][Int(m.workload)])
                #expect(Int(m.workload) != 1 || key.partitionKey.hasPrefix("c-"), "keyed by customer")
                byWorkload[Int(m.workload)] += 1
            }
        }
        #expect(byWorkload.allSatisfy { $0 > 900 })
    }

    @Test("A source's keys are its key stream's draws, one per new arrival, in order (drawn ahead in batches)")
    func keysInStreamOrder() throws {
        let pipeline = Pipeline(scenario: try Fixtures.scenario(Self.yaml), seed: 7)
        var source = pipeline.sources[0]
        var keys: [Int32] = []
        while keys.count < 1_000, let t = source.schedule.next() {
            keys.append(source.nextRequest(intendedAt: t, sentAt: t).request.key)
        }
        var rng = RandomStreams(seed: 7).generator(.keys, index: 0)
        let drawn = (0..<1_000).map { _ in Int32(source.spec.keys.sample(&rng)) }
        #expect(keys == drawn)
        #expect(Set(keys).count > 100, "Zipf over 1,000 keys: many keys, not one")
    }

    @Test("An arrival is the 120 bytes its doc states: its duplicate kept as a time, not as a second request")
    func arrivalSize() {
        #expect(MemoryLayout<ClientRequest>.size == 48)
        #expect(MemoryLayout<RequestPreparer.Prepared>.size == 104)
        #expect(MemoryLayout<ArrivalFeed.Arrival>.stride == 120)
    }

    @Test("Taken from only while it sleeps, the producer sleeps about once per ahead/2 chunks, not once a chunk",
          .timeLimit(.minutes(1)))
    func wakesInBursts() throws {
        let yaml = """
            name: bursts
            workloads:
              - type: orders
                rate: { constant: { rate: 2000, duration: 2s } }
            """
        let pipeline = Pipeline(scenario: try Fixtures.scenario(yaml), seed: 7)
        let feed = ArrivalFeed(sources: pipeline.sources, preparer: pipeline.preparer, chunkSize: 5, ahead: 8)
        var taken = 0
        var arrivals = 0
        while true {
            // The slowest taker: one that lets the producer fill up and sleep
            // before every take. Woken for every chunk, it would sleep once a chunk.
            var waited = 0
            while waited < 20_000 {
                let state = feed.producerSleep
                if state.now || state.done { break }
                Thread.sleep(forTimeInterval: 0.000_05)
                waited += 1
            }
            guard let chunk = feed.next(source: 0) else { break }
            taken += 1
            arrivals += chunk.count
        }
        let sleeps = feed.producerSleep.times
        feed.stop()
        #expect(arrivals > 3_900)
        // Each sleep but the first needs ahead − ahead/2 = 4 chunks taken to end it.
        #expect(sleeps <= taken / 4 + 1, "\(sleeps) sleeps for \(taken) chunks")
        #expect(sleeps >= taken / 10, "the taker did wait for the producer to sleep: \(sleeps) sleeps for \(taken) chunks")
    }

    @Test("A feed stopped before its sources are used up ends its thread", .timeLimit(.minutes(1)))
    func stopsEarly() throws {
        let pipeline = Pipeline(scenario: try Fixtures.scenario(Self.yaml, overrides: ["workloads.0.rate={constant: {rate: 100000, duration: 1h}}"]), seed: 7)
        let feed = ArrivalFeed(sources: pipeline.sources, preparer: pipeline.preparer, chunkSize: 64, ahead: 2)
        let first = feed.next(source: 0)
        #expect(first?.count == 64)
        feed.stop()
        // Stopped: what was already waiting (at most `ahead` chunks), then nil, never more.
        var after = 0
        while feed.next(source: 0) != nil { after += 1 }
        #expect(after <= 2)
    }
}
