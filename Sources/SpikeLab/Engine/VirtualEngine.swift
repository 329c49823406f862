import HeapModule
import SpikeLabCore

/// The virtual-clock driver: a discrete-event loop over a heap of
/// `(time, sequence)` events, on one thread, with no sleeps.
///
/// It owns the pipeline's state machines and does what their answers say: it
/// schedules the next consumer step, deletes what a batch finished, wakes idle
/// consumers when messages become visible. The same scenario and seed give the
/// same run, event for event.
/// - Complexity: O(log e) per event for e pending events; a request costs a
///   handful of events.
public struct VirtualEngine: Sendable {
    public let scenario: Scenario
    public let seed: UInt64
    private var events = Heap<Event>()
    private var sequence: UInt64 = 0
    private var pendingWork = 0
    private var now = Instant.zero

    private var sources: [TrafficSource]
    private var gateway: Gateway
    private var gatewayRng: Xoshiro256
    private var queue: MessageQueue
    private var pool: ConsumerPool
    private var store: KeyValueStore
    private var notifier: Notifier
    private var notifications: [Notifier.Notification] = []
    /// Each workload's API key, resolved once.
    private var credentials: [Gateway.Credential]
    private var payload: [UInt8] = []
    private var nextRequestId: UInt64 = 1
    private var queueWakeAt: Instant?
    /// Synchronous topology: the attempt each busy slot answers.
    private var syncRequests: [Int: ClientRequest] = [:]

    private var counters = RunCounters()
    private var histograms: StageHistograms
    private var intervalEndToEnd = LatencyHistogram()
    private var rows: [IntervalRow] = []
    private var previous: Snapshot
    private var processed = 0

    /// The cumulative counts at the end of the previous interval.
    private struct Snapshot {
        var run: RunCounters
        var queue: QueueCounters
        var consumers: ConsumerCounters
        var store: StoreCounters
    }

    /// - Parameter seed: overrides the scenario's seed.
    public init(scenario: Scenario, seed: UInt64? = nil) {
        self.scenario = scenario
        let seed = seed ?? scenario.seed
        self.seed = seed
        let streams = RandomStreams(seed: seed)
        sources = scenario.workloads.enumerated().map { TrafficSource(spec: $1, index: $0, streams: streams) }
        var gatewayConfig = scenario.gateway
        // Every workload has a route; routes named in the scenario keep their limits.
        gatewayConfig.routes = scenario.workloads.map { w in
            scenario.gateway.routes.first { $0.name == w.name } ?? GatewayConfig.Route(name: w.name)
        }
        let validators = scenario.workloads.map { w in
            PayloadValidator(schema: w.kind.schema, idField: w.kind.idField,
                             keyField: w.partitionKey == WorkloadSpec.recordTypeKey ? nil : w.partitionKey)
        }
        gateway = Gateway(config: gatewayConfig, validators: validators)
        gatewayRng = streams.generator(.gateway)
        queue = MessageQueue(config: scenario.queue, rng: streams.generator(.queue))
        var consumerConfig = scenario.consumers
        if scenario.topology == .sync {
            consumerConfig.scaling = .fixed(scenario.syncConcurrency)
            consumerConfig.batchSize = 1
            consumerConfig.batchingWindow = .zero
        }
        pool = ConsumerPool(config: consumerConfig, streams: streams)
        store = KeyValueStore(config: scenario.store, rng: streams.generator(.storeLatency))
        let expected = scenario.workloads.reduce(0.0) { $0 + $1.rate.compile().totalArrivals }
        store.reserveCapacity(Int(min(expected * 1.05, 50_000_000)))
        notifier = Notifier(config: scenario.notifier, rng: streams.generator(.notifier))
        credentials = scenario.workloads.map { [gateway] w in gateway.credential(forKey: w.apiKey) }
        histograms = StageHistograms(workloads: scenario.workloads.map(\.name))
        previous = Snapshot(run: RunCounters(), queue: QueueCounters(), consumers: ConsumerCounters(),
                            store: StoreCounters(partitions: scenario.store.partitions))
    }

    // MARK: The loop

    /// Runs the scenario to the end: the traffic, then the drain.
    public consuming func run() -> RunResult {
        for i in sources.indices {
            if let t = sources[i].schedule.next() { schedule(.arrival(Int32(i)), at: t) }
        }
        schedule(.tick, at: .zero + scenario.interval)
        if scenario.notifier.enabled && !scenario.notifier.subscribers.isEmpty {
            schedule(.notifierPoll, at: .zero + scenario.notifier.pollInterval)
        }
        if case .managed = pool.config.scaling, scenario.topology == .queue {
            schedule(.scale, at: .seconds(1))
        }
        let trafficEnd = Instant.zero + scenario.trafficDuration
        let deadline = trafficEnd + scenario.drainTimeout
        var drained = false
        while let event = events.popMin() {
            now = event.time
            processed += 1
            if event.isWork { pendingWork -= 1 }
            if case .tick = event.kind {
                closeInterval()
                if now >= trafficEnd {
                    drained = isIdle
                    if drained || now >= deadline { break }
                }
                schedule(.tick, at: now + scenario.interval)
                continue
            }
            handle(event.kind)
        }
        return finish(trafficEnd: trafficEnd, drained: drained)
    }

    private var isIdle: Bool {
        pendingWork == 0 && queue.depth == 0 && pool.busyCount == 0 && pool.gathering.isEmpty
            && (store.stream.pending == 0 || !scenario.notifier.enabled)
    }

    private mutating func schedule(_ kind: Event.Kind, at time: Instant) {
        let event = Event(time: time, sequence: sequence, kind: kind)
        sequence &+= 1
        if event.isWork { pendingWork += 1 }
        events.insert(event)
    }

    private mutating func handle(_ kind: Event.Kind) {
        switch kind {
        case let .arrival(source):
            arrive(Int(source))
        case let .send(request):
            send(request)
        case let .syncStart(request, message):
            startSync(request, message)
        case .queueWake:
            if queueWakeAt == now { queueWakeAt = nil }
            dispatch()
        case let .consumer(step):
            consumerStep(step)
        case let .gatherEnd(slot):
            let s = Int(slot)
            if pool.isGathering(s) && pool.windowEnd(of: s) == now { begin(s) }
        case .notifierPoll:
            pollNotifier()
            schedule(.notifierPoll, at: now + scenario.notifier.pollInterval)
        case .scale:
            if pool.scale(backlog: queue.visibleCount, now: now) > 0 { dispatch() }
            schedule(.scale, at: now + .seconds(1))
        case .tick:
            break
        }
    }

    // MARK: Traffic and gateway

    private mutating func arrive(_ s: Int) {
        counters.offered += 1
        let key = Int32(sources[s].spec.keys.sample(&sources[s].keyRng))
        let request = ClientRequest(
            requestId: nextRequestId, workload: Int32(s), key: key, attempt: 1,
            variant: sources[s].variant(), isDuplicate: false, intendedAt: now, firstIntendedAt: now)
        nextRequestId += 1
        send(request)
        let share = sources[s].spec.duplicateShare
        if share > 0, sources[s].clientRng.chance(share) {
            var copy = request
            copy.isDuplicate = true
            copy.intendedAt = now + sources[s].spec.duplicateDelay.sample(&sources[s].clientRng)
            schedule(.send(copy), at: copy.intendedAt)
        }
        if let next = sources[s].schedule.next() { schedule(.arrival(Int32(s)), at: next) }
    }

    private mutating func send(_ request: ClientRequest) {
        counters.sent += 1
        if request.attempt > 1 { counters.clientRetries += 1 }
        if request.isDuplicate && request.attempt == 1 { counters.duplicateSubmissions += 1 }
        let w = Int(request.workload)
        let kind = sources[w].spec.kind
        PayloadWriter.write(kind, requestId: request.requestId, key: Int(request.key), variant: request.variant, into: &payload)
        let atCap = scenario.topology == .queue && queue.isAtCap
        let route = w
        let credential = credentials[w]
        let verdict = payload.withUnsafeBufferPointer {
            gateway.handle(route: route, credential: credential, body: $0, queueAtCap: atCap, now: now)
        }
        let overhead = gateway.config.overhead.isZero ? TimeSpan.zero : gateway.config.overhead.sample(&gatewayRng)
        switch verdict {
        case let .admitted(captured):
            let partitionKey = sources[w].keyedByRecordType ? kind.recordType : (captured.partitionKey ?? captured.id)
            let message = QueueMessage(requestId: request.requestId, workload: request.workload, size: Int32(payload.count),
                                       intendedAt: request.firstIntendedAt, partitionKey: partitionKey, sortKey: captured.id)
            switch scenario.topology {
            case .queue:
                counters.accepted += 1
                queue.send(message, delay: overhead, now: now)
                recordResponse(request, answeredAt: now + overhead)
                if overhead == .zero { dispatch() } else { scheduleQueueWake() }
            case .sync:
                schedule(.syncStart(request, message), at: now + overhead)
            }
        case let .throttled(level):
            counters.throttled[level, default: 0] += 1
            recordResponse(request, answeredAt: now + overhead)
            retry(request, answeredAt: now + overhead)
        case let .rejected(rejection):
            counters.rejected[rejection.status, default: 0] += 1
            recordResponse(request, answeredAt: now + overhead)
        }
    }

    /// Records the client-observed answer time. On the virtual clock the actual
    /// send is the intended one, so the uncorrected histogram is a copy of this
    /// one, made once at the end (`finish`).
    private mutating func recordResponse(_ request: ClientRequest, answeredAt: Instant) {
        histograms.record(.gatewayResponse, workload: Int(request.workload), answeredAt - request.intendedAt)
    }

    /// A 429: the client retries with backoff while it has attempts left.
    private mutating func retry(_ request: ClientRequest, answeredAt: Instant) {
        let policy = sources[Int(request.workload)].spec.retry
        guard policy.enabled, Int(request.attempt) < policy.maxAttempts else {
            counters.clientGaveUp += 1
            return
        }
        var next = request
        next.attempt += 1
        next.intendedAt = answeredAt + policy.backoff.backoff(retry: Int(request.attempt), &sources[Int(request.workload)].clientRng)
        schedule(.send(next), at: next.intendedAt)
    }

    // MARK: Queue and consumers

    /// Offers visible messages to gathering slots, then to idle ones.
    private mutating func dispatch() {
        queue.advance(now: now)
        var i = 0
        while i < pool.gathering.count && queue.visibleCount > 0 {
            let slot = pool.gathering[i]
            let got = pool.receive(slot: slot, from: &queue, now: now)
            recordQueueWaits(slot: slot, count: got)
            if pool.isFull(slot) { begin(slot) } else { i += 1 }
        }
        while queue.visibleCount > 0, let slot = pool.takeIdle() {
            let got = pool.receive(slot: slot, from: &queue, now: now)
            guard got > 0 else {
                pool.putBack(slot)
                break
            }
            recordQueueWaits(slot: slot, count: got)
            if pool.config.batchingWindow > .zero && !pool.isFull(slot) {
                pool.startGathering(slot: slot, now: now)
                schedule(.gatherEnd(Int32(slot)), at: now + pool.config.batchingWindow)
            } else {
                begin(slot)
            }
        }
        scheduleQueueWake()
    }

    private mutating func recordQueueWaits(slot: Int, count: Int) {
        guard count > 0 else { return }
        let batch = pool.batch(of: slot)
        for d in batch[(batch.count - count)...] {
            histograms.record(.queueWait, workload: Int(d.message.workload), d.queueWait)
        }
    }

    /// Schedules a wake-up for when the next delayed or in-flight message becomes
    /// visible, but only while some consumer waits for messages: a busy pool
    /// finds them visible on its next receive anyway, so during a backlog no
    /// wake-up events are made at all.
    private mutating func scheduleQueueWake() {
        guard pool.idleCount > 0 || !pool.gathering.isEmpty else { return }
        guard let next = queue.nextDeadline() else { return }
        if let scheduled = queueWakeAt, scheduled <= next { return }
        queueWakeAt = next
        schedule(.queueWake, at: next)
    }

    /// Starts an invocation. Its first step is always scheduled, never run inline:
    /// with zero-time handlers, running it inline would recurse through
    /// finish → dispatch → begin once per batch in the queue.
    private mutating func begin(_ slot: Int) {
        let step = pool.begin(slot: slot, now: now)
        schedule(.consumer(step), at: step.at)
    }

    /// Runs a consumer step and those that follow it at the same instant, then
    /// schedules the first one that lies in the future.
    private mutating func consumerStep(_ step: ConsumerStep) {
        var step = step
        while let next = perform(step) {
            if next.at > now {
                schedule(.consumer(next), at: next.at)
                return
            }
            step = next
        }
    }

    /// Does one step; returns the slot's next step, or nil when the invocation ended.
    private mutating func perform(_ step: ConsumerStep) -> ConsumerStep? {
        switch step {
        case let .write(slot, _, handlerTime):
            let delivery = pool.currentMessage(of: slot)
            let m = delivery.message
            if let h = handlerTime { histograms.record(.handler, workload: Int(m.workload), h) }
            let result = store.put(ItemKey(partitionKey: m.partitionKey, sortKey: m.sortKey), requestId: m.requestId,
                                   workload: m.workload, size: Int(m.size), now: now)
            let (next, report) = pool.writeFinished(slot: slot, result: result, now: now)
            if let storedAt = report.storedAt {
                let e2e = storedAt - m.intendedAt
                histograms.record(.endToEnd, workload: Int(m.workload), e2e)
                intervalEndToEnd.record(e2e)
            }
            if let w = report.writeTime { histograms.record(.storeWrite, workload: Int(m.workload), w) }
            return next
        case let .failed(slot, _, handlerTime):
            histograms.record(.handler, workload: Int(pool.currentMessage(of: slot).message.workload), handlerTime)
            return pool.resume(slot: slot, now: now)
        case let .finish(slot, _):
            let outcome = pool.complete(slot: slot, now: now)
            switch scenario.topology {
            case .queue:
                for receipt in outcome.deletes { queue.delete(receipt, now: now) }
                dispatch()
            case .sync:
                finishSync(slot: slot, outcome: outcome)
            }
            return nil
        }
    }

    // MARK: Synchronous topology

    private mutating func startSync(_ request: ClientRequest, _ message: QueueMessage) {
        guard let slot = pool.takeIdle() else {
            counters.throttled[.concurrency, default: 0] += 1
            recordResponse(request, answeredAt: now)
            retry(request, answeredAt: now)
            return
        }
        counters.accepted += 1
        syncRequests[slot] = request
        pool.hand(slot: slot, Delivery(receipt: ReceiptHandle(slot: -1, generation: 0), message: message, receiveCount: 1, queueWait: .zero))
        begin(slot)
    }

    private mutating func finishSync(slot: Int, outcome: BatchOutcome) {
        guard let request = syncRequests.removeValue(forKey: slot) else { return }
        if outcome.succeeded > 0 { counters.syncSucceeded += 1 } else { counters.syncFailed += 1 }
        recordResponse(request, answeredAt: now)
    }

    // MARK: Stream

    private mutating func pollNotifier() {
        notifications.removeAll(keepingCapacity: true)
        while notifier.poll(&store.stream, now: now, into: &notifications) == notifier.config.batchSize {}
        for n in notifications {
            histograms.record(.notification, workload: Int(n.record.workload), n.deliveredAt - n.record.storedAt)
        }
        counters.notified += notifications.count
    }

    // MARK: Intervals and the end

    private mutating func closeInterval() {
        let end = now.seconds
        var row = IntervalRow(start: max(0, end - scenario.interval.seconds), end: end)
        let p = previous
        let c = counters
        let q = queue.counters
        let k = pool.counters
        let s = store.counters
        row.offered = c.offered - p.run.offered
        row.sent = c.sent - p.run.sent
        row.late = c.late - p.run.late
        row.dropped = c.dropped - p.run.dropped
        row.accepted = c.accepted - p.run.accepted
        func throttled(_ l: ThrottleLevel) -> Int { c.throttled[l, default: 0] - p.run.throttled[l, default: 0] }
        func rejected(_ code: Int) -> Int { c.rejected[code, default: 0] - p.run.rejected[code, default: 0] }
        row.throttledQuota = throttled(.quota)
        row.throttledKey = throttled(.key)
        row.throttledRoute = throttled(.route)
        row.throttledAccount = throttled(.account)
        row.throttledConcurrency = throttled(.concurrency)
        row.rejected400 = rejected(400)
        row.rejected401 = rejected(401)
        row.rejected403 = rejected(403)
        row.rejected413 = rejected(413)
        row.rejected503 = rejected(503)
        row.clientRetries = c.clientRetries - p.run.clientRetries
        row.enqueued = q.sent - p.queue.sent
        row.received = q.received - p.queue.received
        row.processed = k.processed - p.consumers.processed
        row.failed = (k.handlerFailures + k.storeGiveUps) - (p.consumers.handlerFailures + p.consumers.storeGiveUps)
        row.stored = s.inserted - p.store.inserted
        row.duplicatesSuppressed = s.duplicatesSuppressed - p.store.duplicatesSuppressed
        row.storeThrottled = s.throttled - p.store.throttled
        row.storeRetries = k.storeRetries - p.consumers.storeRetries
        row.deadLettered = q.deadLettered - p.queue.deadLettered
        row.expired = q.expired - p.queue.expired
        row.visible = queue.visibleCount
        row.inFlight = queue.inFlightCount
        row.delayed = queue.delayedCount
        row.oldestAgeSeconds = queue.oldestAge(now: now).seconds
        row.activeConsumers = pool.activeSlots
        row.busyConsumers = pool.busyCount
        row.coldStarts = k.coldStarts - p.consumers.coldStarts
        row.notified = c.notified - p.run.notified
        row.endToEndCount = Int(intervalEndToEnd.count)
        row.endToEndP50 = intervalEndToEnd.percentile(50)
        row.endToEndP90 = intervalEndToEnd.percentile(90)
        row.endToEndP99 = intervalEndToEnd.percentile(99)
        row.endToEndMax = intervalEndToEnd.max
        row.storeThrottledByPartition = zip(s.throttledByPartition, p.store.throttledByPartition).map { $0 - $1 }
        rows.append(row)
        intervalEndToEnd.reset()
        previous = Snapshot(run: c, queue: q, consumers: k, store: s)
    }

    private mutating func finish(trafficEnd: Instant, drained: Bool) -> RunResult {
        histograms.copy(.gatewayResponse, to: .gatewayResponseUncorrected)
        queue.expireOverdue(now: now)
        let q = queue.counters
        let ledger: Ledger
        switch scenario.topology {
        case .queue:
            ledger = Ledger(topology: .queue, accepted: counters.accepted, duplicateCopies: q.duplicatesInjected,
                            completed: q.deleted, failed: 0, deadLettered: q.deadLettered, expired: q.expired,
                            queued: queue.visibleCount + queue.delayedCount, inFlight: queue.inFlightCount)
        case .sync:
            ledger = Ledger(topology: .sync, accepted: counters.accepted, duplicateCopies: 0,
                            completed: counters.syncSucceeded, failed: counters.syncFailed, deadLettered: 0, expired: 0,
                            queued: 0, inFlight: syncRequests.count)
        }
        return RunResult(
            scenario: scenario, seed: seed, engine: "virtual",
            trafficSeconds: trafficEnd.seconds, simulatedSeconds: now.seconds, drained: drained,
            counters: counters, queue: q, consumers: pool.counters, store: store.counters,
            storedItems: store.itemCount, streamRecords: store.stream.appended,
            histograms: histograms, rows: rows, ledger: ledger, events: processed)
    }
}
