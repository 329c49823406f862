import Foundation
import SpikeLabCore

/// Makes the virtual engine's new arrivals on a thread of their own, ahead of the
/// event loop: each source's times, ids, keys and duplicates, and each body
/// written and validated, in chunks handed over in order.
///
/// An arrival depends only on its source's own state and random streams (see
/// `TrafficSource`), never on the pipeline's, so a source can run ahead and give
/// the same requests, in the same order, as if the loop made them itself: the
/// run stays deterministic while a second core does about a quarter of its work
/// (body writing and validation, key and arrival sampling).
///
/// A chunk holds its arrivals latest first, so that the loop takes each with
/// `removeLast()`, moving it out of the chunk rather than copying it (an arrival
/// carries its captured id and key strings: a copy retains them, and its
/// destruction releases them again).
///
/// The producer runs ahead in bursts: once every live source has `ahead`
/// chunks waiting it sleeps until one is down to `ahead / 2`, so the loop wakes
/// it once per `ahead / 2` chunks rather than for every chunk it takes (waking a
/// sleeping thread is a system call and, on a virtual machine, an interrupt
/// sent to the other core: measured at 3–4% of the M/M/c model's loop when it
/// came with every chunk). Each side signals only when the other sleeps.
///
/// Invariants: each source's chunks are handed over in the order they were made;
/// a finished source hands over nil, once its last chunk is taken; at most
/// `ahead` chunks per source wait, so memory is bounded by
/// `(sources × ahead + 1) × chunkSize` arrivals (the one being made) whatever
/// the run length; the producer sleeps only while every live source has more
/// than `ahead / 2` chunks waiting, so the loop never waits on a sleeping
/// producer.
final class ArrivalFeed: @unchecked Sendable {
    /// One new arrival, ready for the gateway.
    ///
    /// Its duplicate submission, when it has one, is kept as its time only
    /// (`ClientRequest.duplicate(at:)` makes it): an arrival crosses from this
    /// thread's cache to the loop's, and a whole second request would make it
    /// 168 bytes instead of 120. Past 128 bytes, moving one is a call to
    /// `memmove` rather than a few vector moves (measured: at 144 bytes, `memmove`
    /// took 8.3% of the loop's samples, against 2.5–2.6% at 120).
    struct Arrival: Sendable {
        var prepared: RequestPreparer.Prepared
        var duplicateAt: Instant?
    }

    private let condition = NSCondition()
    // Guarded by `condition`:
    private var waiting: [[[Arrival]]]
    private var finished: [Bool]
    private var stopped = false
    private var producerDone = false
    /// The producer sleeps, to be woken when a live source is down to `resumeAt`;
    /// cleared by the side that wakes it.
    private var producerSleeps = false
    /// The loop waits for a source's next chunk.
    private var loopWaits = false
    /// Times the producer went to sleep for want of room.
    private var sleeps = 0

    /// Chunks waiting at or below which a live source wakes the producer.
    private var resumeAt: Int { ahead / 2 }

    private let ahead: Int
    private let chunkSize: Int

    /// Starts the thread that makes the arrivals of `sources` (its own copies).
    init(sources: [TrafficSource], preparer: RequestPreparer, chunkSize: Int = 1024, ahead: Int = 8) {
        self.chunkSize = chunkSize
        self.ahead = ahead
        waiting = Array(repeating: [], count: sources.count)
        finished = Array(repeating: false, count: sources.count)
        let thread = Thread { [self] in produce(sources, preparer) }
        thread.name = "spikelab-arrivals"
        thread.start()
    }

    /// The next chunk of source `s`'s arrivals, latest first; nil when the
    /// source has no more. Waits while the producer has not made it yet.
    func next(source s: Int) -> [Arrival]? {
        condition.lock()
        defer { condition.unlock() }
        while waiting[s].isEmpty && !finished[s] {
            loopWaits = true
            condition.wait()
        }
        loopWaits = false
        guard !waiting[s].isEmpty else { return nil }
        let chunk = waiting[s].removeFirst()
        if producerSleeps && !finished[s] && waiting[s].count <= resumeAt {
            // Woken: no longer asleep, so that no later take signals it again.
            producerSleeps = false
            condition.broadcast()
        }
        return chunk
    }

    /// Whether the producer sleeps for want of room, how many times it has gone
    /// to sleep so far, and whether it has made every arrival (for tests of the
    /// bursts).
    var producerSleep: (now: Bool, times: Int, done: Bool) {
        condition.lock()
        defer { condition.unlock() }
        return (producerSleeps, sleeps, producerDone)
    }

    /// Stops the producer and waits for its thread to end (the loop may end
    /// before taking every arrival, at its drain deadline).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
    }

    // MARK: The producer thread

    private func produce(_ sources: [TrafficSource], _ preparer: RequestPreparer) {
        var sources = sources
        var body: [UInt8] = []
        // The chunk being made, in time order (emptied, its capacity kept).
        var made: [Arrival] = []
        made.reserveCapacity(chunkSize)
        var live = Array(sources.indices)
        while !live.isEmpty {
            // The source with the fewest chunks waiting; while all are full,
            // sleep until one is down to `resumeAt`.
            condition.lock()
            var pick: Int? = nil
            while !stopped {
                pick = live.min { waiting[$0].count < waiting[$1].count }
                if let p = pick, waiting[p].count < (producerSleeps ? resumeAt + 1 : ahead) { break }
                if !producerSleeps { sleeps += 1 }
                producerSleeps = true
                condition.wait()
            }
            producerSleeps = false
            condition.unlock()
            guard let s = pick, !isStopped else { break }

            while made.count < chunkSize, let t = sources[s].schedule.next() {
                let (request, duplicate) = sources[s].nextRequest(intendedAt: t, sentAt: t)
                made.append(Arrival(prepared: preparer.prepare(request, buffer: &body), duplicateAt: duplicate?.intendedAt))
            }
            let last = made.count < chunkSize
            // Latest first, each moved (`reverse()` would swap through copies).
            var chunk: [Arrival] = []
            chunk.reserveCapacity(made.count)
            while let arrival = made.popLast() { chunk.append(arrival) }
            condition.lock()
            if !chunk.isEmpty { waiting[s].append(chunk) }
            if last { finished[s] = true }
            if loopWaits { condition.broadcast() }
            condition.unlock()
            if last { live.removeAll { $0 == s } }
        }
        condition.lock()
        for s in finished.indices { finished[s] = true }
        producerDone = true
        condition.broadcast()
        condition.unlock()
    }

    private var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }
}
