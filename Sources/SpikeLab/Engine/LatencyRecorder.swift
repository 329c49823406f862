import Foundation
import SpikeLabCore

/// Records the virtual engine's stage latencies on a thread of its own: the
/// loop appends each latency to a batch (16 bytes, written in sequence) and hands
/// full batches over; this thread adds them to the run's stage histograms, and
/// each end-to-end latency to its time-series interval too, closing the
/// interval where the loop marked its end (`LatencyRecord.intervalEnd(at:)`).
///
/// Why: a histogram record is cheap, but it touches one counter of a ~220 KB
/// array at a place that depends on the value, and the loop keeps seven such
/// histograms per workload beside the store's index and the queue. On the loop
/// thread those records cost the bundled flash sale about a quarter of its
/// simulation time (3.17 s with them, 2.44 s with recording made a no-op; three
/// alternating runs each), more than their share of perf samples, because they
/// also push the loop's own data out of the cache.
///
/// Deterministic: a histogram is a sum of counts, so the same records give the
/// same histograms in whatever batches and on whatever thread they are added;
/// an interval holds the end-to-end latencies between its marks, as it would
/// on the loop.
///
/// The recorder works in bursts: once it has nothing to record it sleeps until
/// `ahead / 2` batches wait (or the run ends), so the loop wakes it once per
/// `ahead / 2` batches rather than for every batch (see `ArrivalFeed` for what
/// a wake costs here). Each side signals only when the other sleeps.
///
/// Invariants: batches are recorded in the order handed over; at most `ahead`
/// batches wait, so memory is bounded by `ahead × batchSize` records whatever
/// the run length (the loop waits when the recorder is that far behind, and
/// the recorder is awake by then, since it wakes at `ahead / 2`);
/// `finish()` returns only after every batch handed over is recorded.
final class LatencyRecorder: @unchecked Sendable {
    /// Records a batch holds before the loop hands it over.
    let batchSize: Int
    private let ahead: Int

    private let condition = NSCondition()
    // Guarded by `condition`:
    private var waiting: [[LatencyRecord]] = []
    /// Emptied batches, given back to the loop to fill again.
    private var spare: [[LatencyRecord]] = []
    private var ending = false
    private var done = false
    /// The recorder sleeps, to be woken when `wakeAt` batches wait; cleared by
    /// the side that wakes it.
    private var recorderSleeps = false
    /// The loop waits for room to hand a batch over.
    private var loopWaits = false
    /// Times the recorder went to sleep with nothing to record.
    private var sleeps = 0
    /// Batches waiting at which the loop wakes a sleeping recorder (at least 1).
    private var wakeAt: Int { Swift.max(1, ahead / 2) }
    /// The recording thread's while it runs (taken, so that it is never shared
    /// and never copied on write), then the result.
    private var histograms: StageHistograms?
    private var intervals: IntervalLatency?
    /// The end-to-end p99 of the last interval closed (µs), for a progress line.
    private var closedP99: UInt64 = 0

    /// Starts the recording thread; `histograms` and `intervals` are what it adds to.
    init(histograms: StageHistograms, intervals: IntervalLatency, batchSize: Int = 4096, ahead: Int = 8) {
        self.histograms = histograms
        self.intervals = intervals
        self.batchSize = batchSize
        self.ahead = ahead
        let thread = Thread { [self] in record() }
        thread.name = "spikelab-recorder"
        thread.start()
    }

    /// Hands `batch` over to be recorded and leaves an empty one (with capacity
    /// for a batch) in its place. Waits while `ahead` batches are waiting.
    func submit(_ batch: inout [LatencyRecord]) {
        guard !batch.isEmpty else { return }
        condition.lock()
        while waiting.count >= ahead {
            loopWaits = true
            condition.wait()
        }
        loopWaits = false
        var empty = spare.popLast() ?? []
        swap(&empty, &batch)
        waiting.append(empty)
        if recorderSleeps && waiting.count >= wakeAt {
            // Woken: no longer asleep, so that no later batch signals it again.
            recorderSleeps = false
            condition.broadcast()
        }
        condition.unlock()
        if batch.capacity < batchSize { batch.reserveCapacity(batchSize) }
    }

    /// Records what is left in `batch`, waits for the thread to end, and returns
    /// the histograms and intervals with every record handed over in them.
    func finish(_ batch: inout [LatencyRecord]) -> (histograms: StageHistograms, intervals: IntervalLatency) {
        submit(&batch)
        condition.lock()
        defer { condition.unlock() }
        ending = true
        condition.broadcast()
        while !done { condition.wait() }
        return (histograms!, intervals!)
    }

    /// Whether the recorder sleeps for want of batches, and how many times it has
    /// gone to sleep so far (for tests of the bursts).
    var recorderSleep: (now: Bool, times: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (recorderSleeps, sleeps)
    }

    /// The end-to-end p99 (µs) of the last interval this thread has closed,
    /// 0 before the first: it lags the loop by up to `ahead` batches.
    var lastClosedEndToEndP99: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return closedP99
    }

    // MARK: The recording thread

    private func record() {
        condition.lock()
        var local = histograms.take()!
        var localIntervals = intervals.take()!
        while true {
            if waiting.isEmpty {
                sleeps += 1
                recorderSleeps = true
                while waiting.count < wakeAt && !ending { condition.wait() }
                recorderSleeps = false
            }
            guard !waiting.isEmpty else { break }
            var batch = waiting.removeFirst()
            if loopWaits { condition.broadcast() }
            condition.unlock()
            var p99: UInt64? = nil
            for r in batch {
                if r.isIntervalEnd {
                    p99 = localIntervals.closeAndKeep(end: r.intervalEnd.seconds).p99
                    continue
                }
                local.record(r.stage, workload: Int(r.workload), r.span)
                if r.stage == .endToEnd { localIntervals.record(r.span) }
            }
            batch.removeAll(keepingCapacity: true)
            condition.lock()
            if let p99 { closedP99 = p99 }
            spare.append(batch)
        }
        histograms = local
        intervals = localIntervals
        done = true
        condition.broadcast()
        condition.unlock()
    }
}
