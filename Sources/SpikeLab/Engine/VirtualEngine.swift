internal import CPrefetch
import HeapModule
import SpikeLabCore

/// The virtual-clock driver: a discrete-event loop over a heap of
/// `(time, sequence)` events, on one thread, with no sleeps.
///
/// It drives the `Pipeline` and does what its answers say: it schedules the
/// next consumer step, wakes idle consumers when messages become visible, and
/// closes an interval every `interval`. The same scenario and seed give the
/// same run, event for event. Two helper threads work beside the loop without
/// touching its order: `ArrivalFeed` makes the new arrivals ahead of it, and
/// `LatencyRecorder` adds its stage latencies to the histograms behind it and
/// closes the time series' intervals where the loop marks their ends.
/// - Complexity: O(log e) per event for e pending events; a request costs a
///   handful of events.
///
/// Not copyable: a copy would share the store's and the queue's storage with the
/// original, and the copy's first write would then duplicate it whole (the
/// store's index is made up front: 32 MB for the flash sale). `run()` consumes
/// the engine, so it always runs on the one value.
public struct VirtualEngine: ~Copyable, Sendable {
    public let scenario: Scenario
    public let seed: UInt64
    private var pipeline: Pipeline
    private var events = Heap<Event>()
    private var sequence: UInt64 = 0
    private var pendingWork = 0
    private var now = Instant.zero
    private var queueWakeAt: Instant?
    private var processed = 0
    /// New arrivals, made ahead on another thread; per source, what is left of
    /// the chunk being taken, latest first (its next arrival is its last element).
    private var feed: ArrivalFeed?
    private var chunks: [[ArrivalFeed.Arrival]] = []
    /// Per source, its next arrival's place in the event order, kept beside the
    /// heap rather than in it: each source has exactly one, so the loop compares
    /// them with the heap's minimum instead of pushing and popping about one heap
    /// entry per request. The order of events is the same as if they were in it.
    private var nextArrivals: [(time: Instant, sequence: UInt64)?] = []
    /// What scheduled events act on, parked while they wait (see `Event.Kind`).
    private var parkedRequests = Slab<ClientRequest>()
    private var parkedSyncStarts = Slab<(ClientRequest, QueueMessage)>()
    private var parkedSteps = Slab<ConsumerStep>()

    /// Called at each interval's end with a snapshot for a progress line (on the
    /// loop's thread, so it must be quick). It only reads: the run is the same
    /// with it or without.
    public let progress: (@Sendable (RunProgress) -> Void)?
    /// Read at each interval's end: once raised, the run ends there, marked as
    /// interrupted (a sweep stopped by SIGINT).
    public let stop: StopSignal?

    /// - Parameters:
    ///   - seed: overrides the scenario's seed.
    ///   - progress: called at each interval's end (see `progress`).
    ///   - stop: ends the run early (see `stop`).
    public init(scenario: Scenario, seed: UInt64? = nil, progress: (@Sendable (RunProgress) -> Void)? = nil,
                stop: StopSignal? = nil) {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.progress = progress
        self.stop = stop
        pipeline = Pipeline(scenario: scenario, seed: self.seed)
    }

    // MARK: The loop

    /// Runs the scenario to the end: the traffic, then the drain.
    public consuming func run() -> RunResult {
        let feed = ArrivalFeed(sources: pipeline.sources, preparer: pipeline.preparer)
        defer { feed.stop() }
        self.feed = feed
        let recorder = LatencyRecorder(histograms: pipeline.histograms, intervals: pipeline.intervals)
        pipeline.defersRecords = true
        pipeline.defersIntervals = true
        pipeline.deferred.reserveCapacity(recorder.batchSize)
        chunks = Array(repeating: [], count: pipeline.sources.count)
        nextArrivals = Array(repeating: nil, count: pipeline.sources.count)
        for i in pipeline.sources.indices { scheduleNextArrival(of: i) }
        schedule(.tick, at: .zero + scenario.interval)
        if scenario.notifier.enabled && !scenario.notifier.subscribers.isEmpty {
            schedule(.notifierPoll, at: .zero + scenario.notifier.pollInterval)
        }
        if case .managed = pipeline.pool.config.scaling, scenario.topology == .queue {
            schedule(.scale, at: .seconds(1))
        }
        let trafficEnd = Instant.zero + scenario.trafficDuration
        let deadline = trafficEnd + scenario.drainTimeout
        var drained = false
        var interrupted = false
        while true {
            if pipeline.deferred.count >= recorder.batchSize { recorder.submit(&pipeline.deferred) }
            if let s = dueArrival() {
                now = nextArrivals[s]!.time
                nextArrivals[s] = nil
                processed += 1
                pendingWork -= 1
                arrive(s)
                continue
            }
            guard let event = events.popMin() else { break }
            now = event.time
            processed += 1
            if event.isWork { pendingWork -= 1 }
            if case .tick = event.kind {
                pipeline.closeInterval(now: now)
                if let progress { report(to: progress, recorder: recorder, trafficEnd: trafficEnd) }
                if let stop, stop.current != .running {
                    interrupted = true
                    break
                }
                if now >= trafficEnd {
                    drained = pendingWork == 0 && pipeline.isEmpty
                    if drained || now >= deadline { break }
                }
                schedule(.tick, at: now + scenario.interval)
                continue
            }
            handle(event.kind)
        }
        let recorded = recorder.finish(&pipeline.deferred)
        pipeline.histograms = recorded.histograms
        pipeline.fillDeferredIntervals(from: recorded.intervals)
        pipeline.defersRecords = false
        pipeline.defersIntervals = false
        return pipeline.finish(now: now, trafficEnd: trafficEnd, drained: drained, interrupted: interrupted, engine: "virtual", events: processed)
    }

    /// The interval just closed, as a progress snapshot.
    private func report(to progress: @Sendable (RunProgress) -> Void, recorder: LatencyRecorder, trafficEnd: Instant) {
        guard let row = pipeline.rows.last else { return }
        let length = max(row.end - row.start, 1e-9)
        progress(RunProgress(elapsedSeconds: now.seconds, trafficSeconds: trafficEnd.seconds,
                             offeredRate: Double(row.offered) / length, acceptedRate: Double(row.accepted) / length,
                             endToEndP99: recorder.lastClosedEndToEndP99, visible: row.visible,
                             activeConsumers: row.activeConsumers, draining: false, simulated: true))
    }

    private mutating func schedule(_ kind: Event.Kind, at time: Instant) {
        let event = Event(time: time, sequence: sequence, kind: kind)
        sequence &+= 1
        if event.isWork { pendingWork += 1 }
        events.insert(event)
    }

    /// Schedules a send of `request` at its intended time.
    private mutating func schedule(_ request: ClientRequest) {
        schedule(.send(parkedRequests.park(request)), at: request.intendedAt)
    }

    /// Schedules a consumer step at its time.
    private mutating func schedule(_ step: ConsumerStep) {
        switch step {
        case let .write(slot, _, _): pipeline.prefetchWrite(slot: slot)
        case let .finish(slot, _): pipeline.prefetchDeletes(slot: slot)
        case .failed: break
        }
        schedule(.consumer(parkedSteps.park(step)), at: step.at)
    }

    private mutating func handle(_ kind: Event.Kind) {
        switch kind {
        case let .send(index):
            send(parkedRequests.take(index))
        case let .syncStart(index):
            let (request, message) = parkedSyncStarts.take(index)
            let (step, outcome) = pipeline.startSync(request, message, now: now)
            if let step { schedule(step) }
            follow(outcome)
        case .queueWake:
            if queueWakeAt == now { queueWakeAt = nil }
            dispatch()
        case let .consumer(index):
            consumerStep(parkedSteps.take(index))
        case let .gatherEnd(slot):
            let s = Int(slot)
            if pipeline.pool.isGathering(s) && pipeline.pool.windowEnd(of: s) == now { begin(s) }
        case .notifierPoll:
            pipeline.pollNotifier(now: now)
            schedule(.notifierPoll, at: now + scenario.notifier.pollInterval)
        case .scale:
            if pipeline.pool.scale(backlog: pipeline.queue.visibleCount, now: now) > 0 { dispatch() }
            schedule(.scale, at: now + .seconds(1))
        case .tick:
            break
        }
    }

    // MARK: Arrivals

    /// The source whose next arrival comes before every event in the heap, if any.
    private func dueArrival() -> Int? {
        var pick: Int? = nil
        var best = events.min.map { (time: $0.time, sequence: $0.sequence) }
        for s in nextArrivals.indices {
            guard let a = nextArrivals[s] else { continue }
            if let b = best, (b.time, b.sequence) < (a.time, a.sequence) { continue }
            best = a
            pick = s
        }
        return pick
    }

    /// Source `s`'s next arrival: to the gateway, with its duplicate submission
    /// scheduled; then the one after it is placed.
    private mutating func arrive(_ s: Int) {
        let arrival = chunks[s].removeLast()
        follow(pipeline.arrive(arrival.prepared, now: now))
        if let at = arrival.duplicateAt { schedule(arrival.prepared.request.duplicate(at: at)) }
        scheduleNextArrival(of: s)
    }

    /// Places source `s`'s next arrival in the event order (a sequence number as
    /// `schedule` gives one), taking its next chunk from the feed when the current
    /// one is used up.
    private mutating func scheduleNextArrival(of s: Int) {
        if chunks[s].isEmpty {
            guard let chunk = feed?.next(source: s) else { return }
            chunks[s] = chunk
        }
        // Read in place: `last` would copy the whole arrival.
        let n = chunks[s].count
        nextArrivals[s] = (chunks[s][n - 1].prepared.request.intendedAt, sequence)
        sequence &+= 1
        pendingWork += 1
        if n > Self.arrivalLookahead { prefetchArrival(chunks[s], at: n - 1 - Self.arrivalLookahead) }
    }

    /// How many arrivals ahead of the next one the loop starts loading: the feed
    /// wrote them on the other core, so each one's first read waits for its
    /// lines to come across; loaded ahead, they are in cache when taken.
    private static let arrivalLookahead = 2

    /// Starts loading both cache lines of `chunk[i]` (a hint; changes nothing).
    private func prefetchArrival(_ chunk: [ArrivalFeed.Arrival], at i: Int) {
        chunk.withUnsafeBufferPointer { buffer in
            let start = UnsafeRawPointer(buffer.baseAddress! + i)
            spikelab_prefetch(start)
            spikelab_prefetch(start + (MemoryLayout<ArrivalFeed.Arrival>.size - 1))
        }
    }

    private mutating func send(_ request: ClientRequest) {
        follow(pipeline.send(request, now: now))
    }

    private mutating func follow(_ outcome: Pipeline.SendOutcome) {
        switch outcome {
        case .answered:
            break
        case let .enqueued(visible):
            if visible { dispatch() } else { scheduleQueueWake() }
        case let .retry(next):
            schedule(next)
        case let .toHandler(request, message, at):
            schedule(.syncStart(parkedSyncStarts.park((request, message))), at: at)
        }
    }

    // MARK: Queue and consumers

    /// Offers visible messages to gathering slots, then to idle ones.
    private mutating func dispatch() {
        pipeline.queue.advance(now: now)
        var i = 0
        while i < pipeline.pool.gathering.count && pipeline.queue.visibleCount > 0 {
            let slot = pipeline.pool.gathering[i]
            _ = pipeline.fill(slot: slot, now: now)
            if pipeline.pool.isFull(slot) { begin(slot) } else { i += 1 }
        }
        while pipeline.queue.visibleCount > 0, let slot = pipeline.pool.takeIdle() {
            guard pipeline.fill(slot: slot, now: now) > 0 else {
                pipeline.pool.putBack(slot)
                break
            }
            if pipeline.pool.config.batchingWindow > .zero && !pipeline.pool.isFull(slot) {
                pipeline.pool.startGathering(slot: slot, now: now)
                schedule(.gatherEnd(Int32(slot)), at: now + pipeline.pool.config.batchingWindow)
            } else {
                begin(slot)
            }
        }
        scheduleQueueWake()
    }

    /// Schedules a wake-up for when the next delayed or in-flight message becomes
    /// visible, but only while some consumer waits for messages: a busy pool
    /// finds them visible on its next receive anyway, so during a backlog no
    /// wake-up events are made at all.
    private mutating func scheduleQueueWake() {
        guard pipeline.pool.idleCount > 0 || !pipeline.pool.gathering.isEmpty else { return }
        guard let next = pipeline.queue.nextDeadline() else { return }
        if let scheduled = queueWakeAt, scheduled <= next { return }
        queueWakeAt = next
        schedule(.queueWake, at: next)
    }

    /// Starts an invocation. Its first step is always scheduled, never run inline:
    /// with zero-time handlers, running it inline would recurse through
    /// finish → dispatch → begin once per batch in the queue.
    private mutating func begin(_ slot: Int) {
        let step = pipeline.pool.begin(slot: slot, now: now)
        schedule(step)
    }

    /// Runs a consumer step and those that follow it at the same instant, then
    /// schedules the first one that lies in the future.
    private mutating func consumerStep(_ step: ConsumerStep) {
        var step = step
        while true {
            guard let next = pipeline.perform(step, now: now) else {
                if scenario.topology == .queue { dispatch() }
                return
            }
            if next.at > now {
                schedule(next)
                return
            }
            step = next
        }
    }
}
