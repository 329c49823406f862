import DequeModule
import HeapModule
import SpikeLabCore
import Synchronization

/// The wall-clock driver: the same `Pipeline` on Swift concurrency and the
/// system clock.
///
/// One generator task per workload sends each arrival at its intended time
/// (open loop: it never waits for answers) and measures from that time; when it
/// falls behind it counts the arrival late, or drops it past `dropAfter`.
/// Consumer workers are concurrent tasks that receive, wait out the handler's
/// and the store's time for real, and write; a clock task (every millisecond)
/// wakes waiting consumers, sends retries, closes intervals, polls the stream and
/// scales the pool. The state machines sit behind one lock: tasks run
/// concurrently, each transition is atomic.
public final class WallClockEngine: Sendable {
    public let scenario: Scenario
    public let seed: UInt64
    private let options: Options
    private let state: Mutex<Shared>
    private let clock = ContinuousClock()
    private let schedules: [ArrivalSchedule]
    /// Latencies are recorded outside the pipeline's lock, into shards.
    private let histograms: ShardedHistograms

    public struct Options: Sendable {
        /// An arrival sent this much after its intended time counts as late.
        public var lateAfter = TimeSpan.milliseconds(5)
        /// An arrival this far behind is dropped (counted, never sent).
        public var dropAfter = TimeSpan.seconds(1)
        /// After a stop request, the pipeline drains for at most this long.
        public var stopDrain = TimeSpan.seconds(10)
        public var stop = StopSignal()
        /// Called once per interval with a snapshot for a progress line.
        public var progress: (@Sendable (RunProgress) -> Void)? = nil
        public init() {}
    }

    /// What the tasks share, behind the lock.
    struct Shared: Sendable {
        var pipeline: Pipeline
        /// Consumer workers waiting for work.
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Retries, duplicate submissions and synchronous requests due later.
        var pending = Heap<Pending>()
        var pendingSequence: UInt64 = 0
        /// Synchronous invocations started, waiting for a worker to run them.
        var ready = Deque<ConsumerStep>()
        var generatorsRunning: Int
        /// Serving HTTP (`serve`): no generator, the run lasts until stopped.
        var serving = false
        /// HTTP clients waiting for a synchronous answer, by request id.
        var syncWaiters: [UInt64: CheckedContinuation<ServerAnswer, Never>] = [:]
        var done = false
        var drained = false
        var interrupted = false
        var busyWorkers = 0
    }

    struct Pending: Comparable, Sendable {
        var at: Instant
        var sequence: UInt64
        var request: ClientRequest
        var message: QueueMessage?
        static func < (a: Pending, b: Pending) -> Bool { a.at != b.at ? a.at < b.at : a.sequence < b.sequence }
        static func == (a: Pending, b: Pending) -> Bool { a.at == b.at && a.sequence == b.sequence }
    }

    public init(scenario: Scenario, seed: UInt64? = nil, options: Options = Options()) {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.options = options
        var pipeline = Pipeline(scenario: scenario, seed: self.seed)
        pipeline.recordsUncorrected = true
        pipeline.defersRecords = true
        histograms = ShardedHistograms(workloads: scenario.workloads.map(\.name), shards: 8)
        schedules = pipeline.sources.map(\.schedule)
        state = Mutex(Shared(pipeline: pipeline, generatorsRunning: pipeline.sources.count))
    }

    /// Runs the scenario in real time: the traffic, then the drain.
    public func run() async -> RunResult {
        await drive(serving: false)
    }

    /// Runs the generators (unless serving), the consumer workers and the clock
    /// task until the end, then merges the histograms and balances the ledger.
    private func drive(serving: Bool) async -> RunResult {
        let start = clock.now
        if serving {
            served.withLock { $0 = start }
            state.withLock { shared in
                shared.serving = true
                shared.generatorsRunning = 0
            }
        }
        let workers = scenario.topology == .queue
            ? scenario.consumers.maximumConcurrency
            : min(scenario.syncConcurrency, 10_000)
        await withTaskGroup(of: Void.self) { group in
            if !serving {
                for s in schedules.indices {
                    group.addTask { await self.generate(source: s, start: start) }
                }
            }
            for id in 0..<workers {
                group.addTask { await self.work(id: id, start: start) }
            }
            group.addTask { await self.tick(start: start) }
        }
        let now = elapsed(since: start)
        return state.withLock { s in
            histograms.record(s.pipeline.deferred, shard: 0)
            s.pipeline.deferred.removeAll()
            histograms.merge(into: &s.pipeline.histograms)
            return s.pipeline.finish(now: now, trafficEnd: serving ? now : .zero + scenario.trafficDuration, drained: s.drained,
                                     interrupted: s.interrupted, engine: "wall", events: 0)
        }
    }

    /// Runs `body` under the lock, then, outside it, records the latencies it
    /// queued (into shard `shard`) and answers the HTTP clients whose
    /// synchronous requests it finished.
    private func locked<T>(shard: Int, _ body: (inout Shared) -> T) -> T {
        var records: [LatencyRecord] = []
        var answers: [(CheckedContinuation<ServerAnswer, Never>, ServerAnswer)] = []
        let result = state.withLock { shared -> T in
            let r = body(&shared)
            swap(&records, &shared.pipeline.deferred)
            if !shared.pipeline.answeredSync.isEmpty {
                for a in shared.pipeline.answeredSync {
                    guard let waiter = shared.syncWaiters.removeValue(forKey: a.requestId) else { continue }
                    let answer: ServerAnswer
                    if a.succeeded, let item = shared.pipeline.store.get(sortKey: a.sortKey), let body = item.body {
                        answer = ServerAnswer(status: 201, body: String(decoding: body, as: UTF8.self))
                    } else if a.timedOut {
                        answer = .message(504, "the handler timed out")
                    } else {
                        answer = .message(500, "the handler failed to store the item")
                    }
                    answers.append((waiter, answer))
                }
                shared.pipeline.answeredSync.removeAll()
            }
            return r
        }
        histograms.record(records, shard: shard)
        for (waiter, answer) in answers { waiter.resume(returning: answer) }
        return result
    }

    private func elapsed(since start: ContinuousClock.Instant) -> Instant {
        let d = clock.now - start
        return Instant(nanoseconds: d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
    }

    private func sleep(until t: Instant, start: ContinuousClock.Instant) async {
        let target = start + .nanoseconds(t.nanoseconds)
        if clock.now < target { try? await Task.sleep(until: target, tolerance: .microseconds(50), clock: clock) }
    }

    // MARK: Serving HTTP

    /// When `serve()` started, for requests' timestamps.
    private let served = Mutex<ContinuousClock.Instant?>(nil)

    /// Runs the pipeline for requests that arrive through `submit` (no
    /// generator) until the stop signal; then drains and returns the run.
    public func serve() async -> RunResult {
        await drive(serving: true)
    }

    /// The route index of a workload name, for `POST /<name>`.
    public func route(named name: String) -> Int? { scenario.workloads.firstIndex { $0.name == name } }

    /// One HTTP request through the gateway: the answer, after the gateway's
    /// overhead and, on the synchronous topology, after the handler's write.
    public func submit(route: Int, apiKey: String?, body: [UInt8], shard: Int = 0) async -> ServerAnswer {
        guard let start = served.withLock({ $0 }) else { return .message(503, "service unavailable: not serving") }
        let validator = state.withLock { $0.pipeline.preparer }
        let validation = body.count > validator.maxPayloadBytes ? nil : body.withUnsafeBufferPointer { validator.validators[route].validate($0) }
        let now = elapsed(since: start)
        let (verdict, requestId, overhead, wake, sync): (GatewayVerdict, UInt64, TimeSpan, [CheckedContinuation<Void, Never>], Bool) = locked(shard: shard) { shared in
            let credential = shared.pipeline.gateway.credential(forKey: apiKey)
            let id = shared.pipeline.nextRequestId
            shared.pipeline.nextRequestId += 1
            shared.pipeline.counters.offered += 1
            let request = ClientRequest(requestId: id, workload: Int32(route), key: -1, attempt: 1, variant: .valid, isDuplicate: false,
                                        external: true, intendedAt: now, firstIntendedAt: now, sentAt: now)
            let prepared = RequestPreparer.Prepared(request: request, size: body.count, check: validator.check(validation, workload: route))
            let (outcome, verdict, overhead) = shared.pipeline.send(prepared, credential: credential, body: body, now: now)
            var sync = false
            if case .toHandler = outcome { sync = true }
            return (verdict, id, overhead, Self.follow(outcome, &shared), sync)
        }
        for w in wake { w.resume() }
        if overhead > .zero { try? await Task.sleep(for: .nanoseconds(overhead.nanoseconds)) }
        switch verdict {
        case .admitted:
            // Not written by the encoder: a number only, on every accepted request's path.
            guard sync else { return ServerAnswer(status: 202, body: "{\"requestId\":\"\(requestId)\"}") }
            return await withCheckedContinuation { (waiter: CheckedContinuation<ServerAnswer, Never>) in
                let gone = state.withLock { shared -> Bool in
                    if shared.done { return true }
                    shared.syncWaiters[requestId] = waiter
                    return false
                }
                if gone { waiter.resume(returning: .message(503, "service unavailable: the server is shutting down")) }
            }
        case let .throttled(level):
            return ServerAnswer.throttled[level]!
        case let .rejected(r):
            return .message(r.status, r.message)
        }
    }

    /// `GET /<route>/<id>`: the stored item, or 404 while it is not stored yet.
    public func item(route: Int, id: String) -> ServerAnswer {
        let name = scenario.workloads[route].name
        let found = state.withLock { $0.pipeline.store.get(sortKey: id) }
        if let item = found, Int(item.workload) == route, let body = item.body {
            return ServerAnswer(status: 200, body: String(decoding: body, as: UTF8.self))
        }
        return .message(404, "no \(name) record '\(id)' is stored (yet)")
    }

    /// The stage latencies recorded so far (`GET /spikelab/latency`): the
    /// shards merged into a copy. Cost: one merge per stage and workload.
    public func latencies() -> StageHistograms {
        var merged = StageHistograms(workloads: scenario.workloads.map(\.name))
        histograms.merge(into: &merged)
        return merged
    }

    /// A snapshot for `GET /metrics`.
    public func metrics() -> ServerMetrics {
        state.withLock { s in
            let q = s.pipeline.queue
            var m = ServerMetrics()
            m.accepted = s.pipeline.counters.accepted
            m.received = q.counters.received
            m.processed = s.pipeline.pool.counters.processed
            m.deleted = q.counters.deleted
            m.duplicateCopies = q.counters.duplicatesInjected
            m.deadLettered = q.counters.deadLettered
            m.expired = q.counters.expired
            m.handlerFailures = s.pipeline.pool.counters.handlerFailures
            m.storeGiveUps = s.pipeline.pool.counters.storeGiveUps
            m.duplicatesSuppressed = s.pipeline.store.counters.duplicatesSuppressed
            m.invocations = s.pipeline.pool.counters.invocations
            m.coldStarts = s.pipeline.pool.counters.coldStarts
            m.streamRecords = s.pipeline.store.stream.appended
            m.notified = s.pipeline.counters.notified
            m.visible = q.visibleCount
            m.delayed = q.delayedCount
            m.inFlight = q.inFlightCount
            m.activeConsumers = s.pipeline.pool.activeSlots
            m.storedItems = s.pipeline.store.itemCount
            m.bodiesWaiting = s.pipeline.bodies.count
            m.throttledByPartition = s.pipeline.store.counters.throttledByPartition
            return m
        }
    }

    // MARK: Generator

    /// Sends one workload's arrivals at their intended times.
    ///
    /// Arrivals already due go out together (each stamped with its own send
    /// time). The generator makes them from its own copy of the workload's
    /// source (times, ids, keys: nothing the pipeline changes) and writes and
    /// validates their bodies, all outside the lock; then, in one lock hold,
    /// they are counted and the gateway decides and the queue takes them.
    /// Consumers use the pipeline in between.
    private func generate(source s: Int, start: ContinuousClock.Instant) async {
        var (source, preparer) = state.withLock { ($0.pipeline.sources[s], $0.pipeline.preparer) }
        var schedule = schedules[s]
        var buffer: [UInt8] = []
        var next = schedule.next()
        while next != nil {
            if options.stop.current != .running { break }
            if let t = next, elapsed(since: start) < t { await sleep(until: t, start: start) }
            // Everything due now, up to a bound that keeps the lock short.
            var due = DueArrivals()
            due.take(from: &source, schedule: &schedule, next: &next, limit: 256, lateAfter: options.lateAfter,
                     dropAfter: options.dropAfter) { elapsed(since: start) }
            let prepared = due.requests.map { preparer.prepare($0.request, buffer: &buffer) }
            let wake: [CheckedContinuation<Void, Never>]? = locked(shard: s) { shared in
                if shared.done { return nil }
                shared.pipeline.count(due)
                for case let (_, duplicate?) in due.requests { Self.defer(duplicate, message: nil, &shared) }
                return prepared.flatMap { Self.follow(shared.pipeline.send($0, now: $0.request.sentAt), &shared) }
            }
            guard let wake else { break }
            for w in wake { w.resume() }
            // A generator that has fallen behind never sleeps: let the clock task
            // and the consumers have the threads in between batches.
            await Task.yield()
        }
        state.withLock { $0.generatorsRunning -= 1 }
    }

    private static func `defer`(_ request: ClientRequest, message: QueueMessage?, at: Instant? = nil, _ shared: inout Shared) {
        shared.pending.insert(Pending(at: at ?? request.intendedAt, sequence: shared.pendingSequence, request: request, message: message))
        shared.pendingSequence += 1
    }

    /// Acts on a send's outcome; returns the waiting workers to wake.
    private static func follow(_ outcome: Pipeline.SendOutcome, _ shared: inout Shared) -> [CheckedContinuation<Void, Never>] {
        switch outcome {
        case .answered:
            return []
        case let .enqueued(visible):
            return visible ? wakeable(&shared, limit: 1) : []
        case let .retry(next):
            Self.defer(next, message: nil, &shared)
            return []
        case let .toHandler(request, message, at):
            Self.defer(request, message: message, at: at, &shared)
            return []
        }
    }

    /// Takes up to `limit` waiting workers that have something to do.
    private static func wakeable(_ shared: inout Shared, limit: Int) -> [CheckedContinuation<Void, Never>] {
        guard !shared.waiters.isEmpty else { return [] }
        let work = shared.ready.count + min(shared.pipeline.queue.visibleCount, shared.pipeline.pool.idleCount + shared.pipeline.pool.gathering.count)
        let n = min(limit, work, shared.waiters.count)
        guard n > 0 else { return [] }
        let woken = Array(shared.waiters.suffix(n))
        shared.waiters.removeLast(n)
        return woken
    }

    // MARK: Consumers

    /// One consumer worker: waits for work, then runs an invocation step by step,
    /// waiting out each step's time for real.
    ///
    /// The lock hold that ends an invocation also starts the worker's next one
    /// when there is work: with zero-time handlers, one acquisition per
    /// invocation instead of two.
    private func work(id: Int, start: ContinuousClock.Instant) async {
        var started: Start? = nil
        while var step = await nextInvocation(id: id, start: start, started: started) {
            started = nil
            while true {
                if step.at > elapsed(since: start) { await sleep(until: step.at, start: start) }
                let now = elapsed(since: start)
                let after: (next: ConsumerStep?, started: Start?, wake: [CheckedContinuation<Void, Never>])? = locked(shard: id) { shared in
                    if shared.done { return nil }
                    // This step and every one that follows at the same instant.
                    var current = step
                    while true {
                        guard let next = shared.pipeline.perform(current, now: now) else {
                            shared.busyWorkers -= 1
                            let started = self.startInvocation(now: now, &shared)
                            return (nil, started, Self.wakeable(&shared, limit: 1))
                        }
                        if next.at > now { return (next, nil, []) }
                        current = next
                    }
                }
                guard let after else { return }
                for w in after.wake { w.resume() }
                guard let next = after.next else {
                    started = after.started
                    break
                }
                step = next
            }
            // Zero-time handlers never sleep: let the other tasks run between invocations.
            await Task.yield()
        }
    }

    /// How a worker's next invocation begins.
    enum Start { case step(ConsumerStep), gather(Int, Instant), wait, done }

    /// Under the lock: starts an invocation if there is one to run (a
    /// synchronous request handed over, or visible messages and a free slot).
    private func startInvocation(now: Instant, _ shared: inout Shared) -> Start {
        if shared.done { return .done }
        if let step = shared.ready.popFirst() {
            shared.busyWorkers += 1
            return .step(step)
        }
        guard scenario.topology == .queue else { return .wait }
        shared.pipeline.queue.advance(now: now)
        guard shared.pipeline.queue.visibleCount > 0, let slot = shared.pipeline.pool.takeIdle() else { return .wait }
        guard shared.pipeline.fill(slot: slot, now: now) > 0 else {
            shared.pipeline.pool.putBack(slot)
            return .wait
        }
        shared.busyWorkers += 1
        if shared.pipeline.pool.config.batchingWindow > .zero && !shared.pipeline.pool.isFull(slot) {
            shared.pipeline.pool.startGathering(slot: slot, now: now)
            return .gather(slot, now + shared.pipeline.pool.config.batchingWindow)
        }
        return .step(shared.pipeline.pool.begin(slot: slot, now: now))
    }

    /// Waits until there is an invocation to run, starts it (unless `started`
    /// says how one already began), and returns its first step; nil when the
    /// run is over.
    private func nextInvocation(id: Int, start: ContinuousClock.Instant, started: Start?) async -> ConsumerStep? {
        var started = started
        while true {
            let next = started ?? locked(shard: id) { [now = elapsed(since: start)] shared in self.startInvocation(now: now, &shared) }
            started = nil
            switch next {
            case let .step(step):
                return step
            case let .gather(slot, until):
                await sleep(until: until, start: start)
                let now = elapsed(since: start)
                let step: ConsumerStep? = locked(shard: id) { shared in
                    if shared.done { return nil }
                    _ = shared.pipeline.fill(slot: slot, now: now)
                    return shared.pipeline.pool.begin(slot: slot, now: now)
                }
                guard let step else { return nil }
                return step
            case .done:
                return nil
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { shared -> Bool in
                        let hasWork = shared.done || !shared.ready.isEmpty
                            || (scenario.topology == .queue && shared.pipeline.queue.visibleCount > 0 && shared.pipeline.pool.idleCount > 0)
                        if !hasWork { shared.waiters.append(continuation) }
                        return hasWork
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    // MARK: The clock task

    /// Every millisecond: due retries and synchronous requests, visible messages
    /// for waiting workers, interval ends, stream polls, scaling, and the end.
    private func tick(start: ContinuousClock.Instant) async {
        let trafficEnd = Instant.zero + scenario.trafficDuration
        var nextInterval = Instant.zero + scenario.interval
        var nextPoll = Instant.zero + scenario.notifier.pollInterval
        var nextScale = Instant.seconds(1)
        var stopDeadline: Instant? = nil
        let polls = scenario.notifier.enabled && !scenario.notifier.subscribers.isEmpty
        let scales: Bool = { if case .managed = scenario.consumers.scaling, scenario.topology == .queue { return true }; return false }()
        var steal = HostSteal()
        while true {
            try? await Task.sleep(for: .milliseconds(1))
            let now = elapsed(since: start)
            let stop = options.stop.current
            if stop != .running && stopDeadline == nil { stopDeadline = now + options.stopDrain }
            var snapshot: RunProgress? = nil
            let (wake, finished): ([CheckedContinuation<Void, Never>], Bool) = locked(shard: 0) { shared in
                var wake: [CheckedContinuation<Void, Never>] = []
                if stop != .running {
                    // Stopped clients send nothing more; requests already past the
                    // gateway (synchronous ones on their way to the handler) go on.
                    shared.pending = Heap(shared.pending.unordered.filter { $0.message != nil })
                }
                // Due retries, duplicates and synchronous requests.
                while let top = shared.pending.min, top.at <= now {
                    shared.pending.removeMin()
                    if let message = top.message {
                        let (step, outcome) = shared.pipeline.startSync(top.request, message, now: now)
                        if let step { shared.ready.append(step) }
                        if step == nil, top.request.external, let waiter = shared.syncWaiters.removeValue(forKey: top.request.requestId) {
                            let answer = ServerAnswer.message(429, "too many requests: the handler is at its concurrency limit",
                                                              level: "concurrency")
                            waiter.resume(returning: ServerAnswer(status: 429, body: answer.body, retryAfter: 1))
                        }
                        wake += Self.follow(outcome, &shared)
                    } else if stop == .running {
                        var request = top.request
                        request.sentAt = now
                        wake += Self.follow(shared.pipeline.send(request, now: now), &shared)
                    }
                }
                if scales && now >= nextScale {
                    _ = shared.pipeline.pool.scale(backlog: shared.pipeline.queue.visibleCount, now: now)
                    nextScale = nextScale + .seconds(1)
                }
                if polls && now >= nextPoll {
                    shared.pipeline.pollNotifier(now: now)
                    nextPoll = now + scenario.notifier.pollInterval
                }
                shared.pipeline.queue.advance(now: now)
                wake += Self.wakeable(&shared, limit: .max)
                if now >= nextInterval {
                    Self.closeInterval(now: now, steal: &steal, &shared)
                    nextInterval = nextInterval + scenario.interval
                    if let row = shared.pipeline.rows.last {
                        let length = max(row.end - row.start, 1e-9)
                        snapshot = RunProgress(
                            elapsedSeconds: now.seconds, trafficSeconds: trafficEnd.seconds,
                            offeredRate: Double(row.offered) / length, acceptedRate: Double(row.accepted) / length,
                            endToEndP99: row.endToEndP99, visible: row.visible, activeConsumers: row.activeConsumers,
                            draining: stop != .running)
                    }
                }
                // The end: traffic over and the pipeline empty, or a deadline passed.
                let empty = shared.generatorsRunning == 0 && shared.pending.isEmpty && shared.ready.isEmpty
                    && shared.busyWorkers == 0 && shared.pipeline.isEmpty
                let trafficOver = shared.serving ? stop != .running : (now >= trafficEnd || stop != .running)
                var finished = false
                if trafficOver && empty && shared.generatorsRunning == 0 {
                    shared.drained = true
                    finished = true
                } else if (!shared.serving && now >= trafficEnd + scenario.drainTimeout) || stop == .aborted
                            || (stopDeadline.map { now >= $0 } ?? false) {
                    finished = true
                }
                if finished {
                    shared.done = true
                    shared.interrupted = stop != .running && !shared.serving
                    for (_, waiter) in shared.syncWaiters {
                        waiter.resume(returning: .message(503, "service unavailable: the server is shutting down"))
                    }
                    shared.syncWaiters.removeAll()
                    if shared.pipeline.rows.last.map({ $0.end < now.seconds }) ?? true { Self.closeInterval(now: now, steal: &steal, &shared) }
                    wake += shared.waiters
                    shared.waiters.removeAll()
                }
                return (wake, finished)
            }
            for w in wake { w.resume() }
            if let snapshot { options.progress?(snapshot) }
            if finished { return }
        }
    }

    /// Closes an interval and notes the CPU time the host stole in it (one read
    /// of `/proc/stat`, once per interval, under the lock).
    private static func closeInterval(now: Instant, steal: inout HostSteal, _ shared: inout Shared) {
        shared.pipeline.closeInterval(now: now)
        shared.pipeline.rows[shared.pipeline.rows.count - 1].hostStealMs = steal.sinceLast()
    }
}
