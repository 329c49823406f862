import Foundation
@testable import SpikeLab
import SpikeLabCore
import Testing

/// The virtual engine's recording thread and its event payload slab: nothing
/// handed over is lost, and indices come back as documented.
struct LatencyRecorderTests {
    static let levels: [Double] = [0, 50, 90, 99, 99.9, 100]

    /// `count` records over every stage and two workloads, from one seed.
    static func records(_ count: Int) -> [LatencyRecord] {
        var rng = Xoshiro256(seed: 5)
        return (0..<count).map { i in
            LatencyRecord(stage: Stage.allCases[i % Stage.allCases.count], workload: Int32(i % 2),
                          span: .nanoseconds(Int64(rng.exponential(mean: 3e6))))
        }
    }

    /// Each stage's and workload's count, min, max and percentiles.
    static func figures(_ h: StageHistograms) -> [[UInt64]] {
        Stage.allCases.flatMap { stage in
            (0..<2).map { w in
                let one = h.histogram(stage, workload: w)
                return [one.count, one.min, one.max, one.outOfRange] + one.percentiles(levels)
            }
        }
    }

    @Test("Batches handed over as the engine hands them (odd sizes, the recorder kept behind) give the histograms recorded directly",
          arguments: [(7, 1), (64, 2), (4096, 8)])
    func sameAsDirect(batchSize: Int, ahead: Int) {
        let records = Self.records(100_003)
        var direct = StageHistograms(workloads: ["a", "b"])
        for r in records { direct.record(r.stage, workload: Int(r.workload), r.span) }

        let recorder = LatencyRecorder(histograms: StageHistograms(workloads: ["a", "b"]), intervals: IntervalLatency(thresholds: []),
                                       batchSize: batchSize, ahead: ahead)
        var batch: [LatencyRecord] = []
        for r in records {
            batch.append(r)
            if batch.count >= recorder.batchSize { recorder.submit(&batch) }
            #expect(batch.count < recorder.batchSize)
        }
        #expect(!batch.isEmpty, "the last batch is part full, so finish must record it")
        let recorded = recorder.finish(&batch).histograms
        #expect(Self.figures(recorded) == Self.figures(direct))
        #expect(recorded.merged(.endToEnd).count == UInt64(records.filter { $0.stage == .endToEnd }.count))
    }

    @Test("Handed a batch only while it sleeps, the recorder sleeps about once per ahead/2 batches, not once a batch",
          .timeLimit(.minutes(1)))
    func wakesInBursts() {
        let records = Self.records(64 * 400)
        let recorder = LatencyRecorder(histograms: StageHistograms(workloads: ["a", "b"]), intervals: IntervalLatency(thresholds: []),
                                       batchSize: 64, ahead: 8)
        var batch: [LatencyRecord] = []
        var handed = 0
        for r in records {
            batch.append(r)
            guard batch.count >= recorder.batchSize else { continue }
            // The fastest loop for the recorder: it hands a batch over only once
            // the recorder has recorded all before it and gone back to sleep.
            // Woken for every batch, it would sleep once a batch.
            var waited = 0
            while !recorder.recorderSleep.now && waited < 20_000 {
                Thread.sleep(forTimeInterval: 0.000_05)
                waited += 1
            }
            recorder.submit(&batch)
            handed += 1
        }
        let sleeps = recorder.recorderSleep.times
        let recorded = recorder.finish(&batch).histograms
        #expect(handed == 400)
        #expect(recorded.merged(.endToEnd).count == UInt64(records.filter { $0.stage == .endToEnd }.count))
        // Each sleep but the first ends only when ahead/2 = 4 batches wait.
        #expect(sleeps <= handed / 4 + 1, "\(sleeps) sleeps for \(handed) batches")
        #expect(sleeps >= handed / 10, "the loop did wait for the recorder to sleep: \(sleeps) sleeps for \(handed) batches")
    }

    @Test("Intervals closed by the recorder at the loop's marks give the figures and windows of intervals closed directly",
          arguments: [(7, 1), (4096, 8)])
    func intervalsSameAsDirect(batchSize: Int, ahead: Int) throws {
        let thresholds = try [Threshold.parse("p99(end_to_end) < 1s window 3s").get(),
                              Threshold.parse("max(end_to_end) < 1s window 7s").get()]
        // 60 one-second intervals with 0 to 5,000 records each, every stage; an
        // empty interval among them, and records after the last mark.
        var rng = Xoshiro256(seed: 8)
        var stream: [LatencyRecord] = []
        for second in 1...60 {
            let n = second == 17 ? 0 : rng.below(5_000)
            for i in 0..<n {
                stream.append(LatencyRecord(stage: Stage.allCases[i % Stage.allCases.count], workload: Int32(i % 2),
                                            span: .nanoseconds(Int64(rng.exponential(mean: Double(second) * 1e6)))))
            }
            stream.append(.intervalEnd(at: .seconds(Double(second))))
        }
        stream += Self.records(1_000)

        var direct = IntervalLatency(thresholds: thresholds)
        var directFigures: [IntervalLatency.Figures] = []
        for r in stream {
            if r.isIntervalEnd { directFigures.append(direct.close(end: r.intervalEnd.seconds)) }
            else if r.stage == .endToEnd { direct.record(r.span) }
        }
        direct.finishWindows(end: 61)

        let recorder = LatencyRecorder(histograms: StageHistograms(workloads: ["a", "b"]),
                                       intervals: IntervalLatency(thresholds: thresholds), batchSize: batchSize, ahead: ahead)
        var batch: [LatencyRecord] = []
        for r in stream {
            batch.append(r)
            if batch.count >= recorder.batchSize { recorder.submit(&batch) }
        }
        let recorded = recorder.finish(&batch)
        var intervals = recorded.intervals
        let figures = intervals.takeKept()
        intervals.finishWindows(end: 61)
        #expect(figures.count == 60)
        #expect(figures == directFigures)
        #expect(figures[16].count == 0 && figures[59].count > 0)
        #expect(intervals.windowResults == direct.windowResults)
        #expect(intervals.windowResults[3]?.count == 20 && intervals.windowResults[7]?.count == 9)
        #expect(intervals.takeKept().isEmpty, "taken once")
        // The marks are not latencies: the histograms hold every other record.
        #expect(recorded.histograms.merged(.endToEnd).count == UInt64(stream.filter { !$0.isIntervalEnd && $0.stage == .endToEnd }.count))
    }

    @Test("What the histograms held before is kept")
    func keepsWhatWasThere() {
        var start = StageHistograms(workloads: ["a", "b"])
        start.record(.handler, workload: 1, .milliseconds(5))
        let recorder = LatencyRecorder(histograms: start, intervals: IntervalLatency(thresholds: []), batchSize: 4)
        var batch = [LatencyRecord(stage: .handler, workload: 1, span: .milliseconds(9))]
        let h = recorder.finish(&batch).histograms.histogram(.handler, workload: 1)
        #expect(h.count == 2 && h.min == 5_000 && h.max >= 9_000 && h.max < 9_010)
    }

    @Test("A virtual run records every stage latency its counters imply")
    func runRecordsEverything() throws {
        let r = try Fixtures.run("""
            name: counts
            workloads:
              - type: orders
                rate: { constant: { rate: 3000, duration: 20s } }
                arrivals: poisson
            \(Fixtures.quietPipeline)
              concurrency: 40
              handler: { exponential: { mean: 10ms } }
            """)
        #expect(r.storedItems > 55_000)
        #expect(r.histograms.merged(.endToEnd).count == UInt64(r.storedItems))
        #expect(r.rows.map(\.endToEndCount).reduce(0, +) == r.storedItems, "every interval's figures filled")
        #expect(r.histograms.merged(.queueWait).count == UInt64(r.queue.received))
        #expect(r.histograms.merged(.gatewayResponse).count == UInt64(r.counters.sent))
        #expect(r.histograms.merged(.handler).count == UInt64(r.consumers.processed))
    }

    @Test("The sizes the docs state: an event is 24 bytes with nothing to reference-count, a record 16")
    func layout() {
        #expect(MemoryLayout<Event>.stride == 24 && _isPOD(Event.self))
        #expect(MemoryLayout<LatencyRecord>.stride == 16 && _isPOD(LatencyRecord.self))
    }

    @Test("A slab hands back what was parked, and reuses the index taken last")
    func slab() {
        var slab = Slab<String>()
        let a = slab.park("a"), b = slab.park("b"), c = slab.park("c")
        #expect([a, b, c] == [0, 1, 2] && slab.count == 3)
        #expect(slab.take(b) == "b" && slab.take(a) == "a" && slab.count == 1)
        #expect(slab.park("d") == a && slab.park("e") == b && slab.park("f") == 3)
        #expect(slab.take(a) == "d" && slab.take(b) == "e" && slab.take(c) == "c" && slab.take(3) == "f")
        #expect(slab.count == 0)
    }
}
