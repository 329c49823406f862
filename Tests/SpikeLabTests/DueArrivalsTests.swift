import SpikeLabCore
import Testing
@testable import SpikeLab

struct DueArrivalsTests {
    /// 1,000 even arrivals a second for 2 s, with duplicate submissions.
    static let yaml = """
        name: due
        workloads:
          - type: orders
            rate: { constant: { rate: 1000, duration: 2s } }
            arrivals: even
            duplicates: 10%
        """

    @Test("A generator's batches: on time, late and dropped counted, at most the limit, the same requests as its source makes inline")
    func batches() throws {
        var pipeline = Pipeline(scenario: try Fixtures.scenario(Self.yaml), seed: 3)
        var inline = pipeline.sources[0]
        var expected: [(request: ClientRequest, duplicate: ClientRequest?)] = []
        while let t = inline.schedule.next() { expected.append(inline.nextRequest(intendedAt: t, sentAt: t)) }
        #expect(expected.count == 2000)

        var source = pipeline.sources[0]
        var schedule = source.schedule
        var next = schedule.next()
        // Even arrivals sit mid-slot: 0.5 ms, 1.5 ms, … The clock reads 1.5 s: the
        // 1,500 arrivals before it are due, the 500 intended before 0.5 s are over
        // a second behind (dropped), the rest before 1.495 s more than 5 ms (late).
        let now = Instant.zero + .milliseconds(1500)
        var batches: [DueArrivals] = []
        while true {
            var due = DueArrivals()
            due.take(from: &source, schedule: &schedule, next: &next, limit: 256, lateAfter: .milliseconds(5),
                     dropAfter: .seconds(1)) { now }
            guard due.requests.count + due.dropped > 0 else { break }
            #expect(due.requests.count + due.dropped <= 256)
            #expect(due.lags.count == due.requests.count)
            pipeline.count(due)
            batches.append(due)
        }
        #expect(pipeline.counters.offered == 1500)
        #expect(pipeline.counters.dropped == 500)
        #expect(pipeline.counters.late == 995)
        #expect(pipeline.sendLag.count == 1000)
        #expect(next == Instant.zero + .microseconds(1_500_500))
        // The requests sent are the source's own, in order, after the dropped ones
        // (a dropped arrival makes no request, so ids continue without a gap).
        let sent = batches.flatMap(\.requests)
        #expect(sent.count == 1000)
        for (i, (request, duplicate)) in sent.enumerated() {
            let e = expected[i]
            #expect(request.requestId == e.request.requestId && request.key == e.request.key)
            #expect(request.intendedAt == Instant.zero + .microseconds(Int64(500_500 + 1000 * i)) && request.sentAt == now)
            #expect((duplicate == nil) == (e.duplicate == nil))
        }
    }
}
