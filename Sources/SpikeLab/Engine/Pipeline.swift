import SpikeLabCore

/// The embedded pipeline: every component's state machine plus the run's
/// metrics, and the reactions that tie them together (a request through the
/// gateway, a consumer step through the store, an interval closed).
///
/// It never waits and never reads a clock: both drivers hand it `now`. The
/// virtual engine owns one directly; the wall-clock engine keeps one behind a
/// lock and calls it from concurrent tasks.
struct Pipeline: Sendable {
    let scenario: Scenario
    let seed: UInt64
    var sources: [TrafficSource]
    var gateway: Gateway
    /// The gateway's overhead per request (the stream `.gateway` feeds nothing else).
    var gatewayOverheads: LatencySampler
    var queue: MessageQueue
    var pool: ConsumerPool
    var store: KeyValueStore
    var notifier: Notifier
    var notifications: [Notifier.Notification] = []
    /// Each workload's API key, resolved once.
    let credentials: [Gateway.Credential]
    /// Writes and validates bodies (stateless; a driver may copy it).
    let preparer: RequestPreparer
    var payload: [UInt8] = []
    /// The bodies of admitted messages, when the store keeps bodies (`serve`):
    /// each waits here until its item is put for good or the last copy of its
    /// message is gone (see `KeptBodies`).
    var bodies = KeptBodies()
    /// The id of the next request from an HTTP client (`serve`, which generates no
    /// traffic of its own; generated requests are numbered by their sources).
    var nextRequestId: UInt64 = 1
    /// The receipts an ending invocation deletes (one buffer, reused).
    var deletes: [ReceiptHandle] = []
    /// Synchronous topology: the attempt each busy slot answers.
    var syncRequests: [Int: ClientRequest] = [:]
    /// Synchronous answers to HTTP clients, waiting for the server to send them:
    /// request id, whether the write succeeded, whether the handler timed out.
    var answeredSync: [(requestId: UInt64, sortKey: String, succeeded: Bool, timedOut: Bool)] = []

    var counters = RunCounters()
    var histograms: StageHistograms
    /// When set, latencies are queued in `deferred` instead of recorded, so that
    /// a driver holding a lock can record them after letting go of it.
    var defersRecords = false
    var deferred: [LatencyRecord] = []
    /// When set too (the virtual engine, whose `LatencyRecorder` then holds
    /// `intervals`), closing an interval marks its end in `deferred`, and its row's
    /// end-to-end figures wait for `fillDeferredIntervals(from:)`.
    var defersIntervals = false
    /// The rows whose end-to-end figures wait, oldest first.
    private var rowsAwaitingIntervals: [Int] = []
    /// End-to-end latency per interval, and over the windows that thresholds ask for.
    var intervals: IntervalLatency
    /// Wall clock: how late each arrival left, actual minus intended send time.
    var sendLag = LatencyHistogram()
    var rows: [IntervalRow] = []
    private var previous: Snapshot

    /// The cumulative counts at the end of the previous interval.
    private struct Snapshot {
        var run: RunCounters
        var queue: QueueCounters
        var consumers: ConsumerCounters
        var store: StoreCounters
    }

    init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        self.seed = seed
        let streams = RandomStreams(seed: seed)
        sources = scenario.workloads.enumerated().map {
            TrafficSource(spec: $1, index: $0, sourceCount: scenario.workloads.count, streams: streams)
        }
        let gateway = scenario.makeGateway()
        self.gateway = gateway
        gatewayOverheads = LatencySampler(gateway.config.overhead, rng: streams.generator(.gateway))
        queue = MessageQueue(config: scenario.queue, rng: streams.generator(.queue))
        queue.notesCopies = scenario.store.retainBodies
        var consumerConfig = scenario.consumers
        if scenario.topology == .sync {
            consumerConfig.scaling = .fixed(scenario.syncConcurrency)
            consumerConfig.batchSize = 1
            consumerConfig.batchingWindow = .zero
        }
        pool = ConsumerPool(config: consumerConfig, streams: streams)
        store = KeyValueStore(config: scenario.store, rng: streams.generator(.storeLatency))
        store.stream.keepsRecords = scenario.notifier.enabled && !scenario.notifier.subscribers.isEmpty
        let expected = scenario.workloads.reduce(0.0) { $0 + $1.rate.compile().totalArrivals }
        store.reserveCapacity(Int(min(expected * 1.05, 50_000_000)))
        notifier = Notifier(config: scenario.notifier, rng: streams.generator(.notifier))
        credentials = scenario.workloads.map { gateway.credential(forKey: $0.apiKey) }
        preparer = RequestPreparer(kinds: scenario.workloads.map(\.kind), validators: scenario.workloads.indices.map { gateway.validators(route: $0) },
                                   maxPayloadBytes: gateway.config.maxPayloadBytes,
                                   fixedPartitionKeys: scenario.workloads.map { $0.partitionKey == WorkloadSpec.recordTypeKey ? $0.kind.recordType : nil })
        histograms = StageHistograms(workloads: scenario.workloads.map(\.name))
        intervals = IntervalLatency(thresholds: scenario.thresholds)
        previous = Snapshot(run: RunCounters(), queue: QueueCounters(), consumers: ConsumerCounters(),
                            store: StoreCounters(partitions: scenario.store.partitions))
    }

    /// Records a latency, now or (when deferring) later by the driver.
    @inline(__always)
    mutating func record(_ stage: Stage, workload: Int, _ span: TimeSpan) {
        if defersRecords {
            deferred.append(LatencyRecord(stage: stage, workload: Int32(workload), span: span))
        } else {
            histograms.record(stage, workload: workload, span)
        }
    }

    // MARK: Traffic and gateway

    /// A new arrival made ahead of the loop (by `ArrivalFeed`, with its body
    /// written and validated): counted as offered, then sent.
    mutating func arrive(_ prepared: RequestPreparer.Prepared, now: Instant) -> SendOutcome {
        counters.offered += 1
        return send(prepared, now: now)
    }

    /// Counts arrivals a wall-clock generator took (see `DueArrivals`):
    /// offered, dropped and late, and the send lag of each one sent.
    mutating func count(_ due: DueArrivals) {
        counters.offered += due.requests.count + due.dropped
        counters.dropped += due.dropped
        counters.late += due.late
        for lag in due.lags { sendLag.record(lag) }
    }

    /// What the driver does after a request met the gateway.
    enum SendOutcome: Sendable {
        /// Answered (a refusal, or a 429 the client gives up on): nothing follows.
        case answered
        /// In the queue; `visible` says whether a consumer can take it now.
        case enqueued(visible: Bool)
        /// A 429 the client retries: send this attempt at its `intendedAt`.
        case retry(ClientRequest)
        /// Synchronous topology: the request reaches the handler at `at`.
        case toHandler(ClientRequest, QueueMessage, at: Instant)
    }

    /// Sends one attempt through the gateway.
    mutating func send(_ request: ClientRequest, now: Instant) -> SendOutcome {
        let prepared = preparer.prepare(request, buffer: &payload)
        return send(prepared, now: now)
    }

    /// Sends one attempt whose body is already written and validated.
    mutating func send(_ prepared: RequestPreparer.Prepared, now: Instant) -> SendOutcome {
        send(prepared, credential: credentials[Int(prepared.request.workload)], body: nil, now: now).outcome
    }

    /// Sends one attempt: the gateway's verdict and what follows from it.
    /// - Parameters:
    ///   - credential: the request's API key (a workload's, or an HTTP header's).
    ///   - body: the body, kept for the store when it keeps bodies.
    mutating func send(_ prepared: RequestPreparer.Prepared, credential: Gateway.Credential, body: [UInt8]?, now: Instant)
        -> (outcome: SendOutcome, verdict: GatewayVerdict, overhead: TimeSpan) {
        let request = prepared.request
        countSend(request)
        let w = Int(request.workload)
        let atCap = scenario.topology == .queue && queue.isAtCap
        let verdict = gateway.handle(route: w, credential: credential, bodySize: prepared.size, validation: prepared.check.gatewayValidation,
                                     queueAtCap: atCap, now: now)
        let overhead = gatewayOverheads.next()
        switch verdict {
        case .admitted:
            let key: StoreKey, hashes: KeyHashes
            switch prepared.check {
            case let .valid(k, h): (key, hashes) = (k, h)
            case let .validLongKey(k, h): (key, hashes) = (store.storeKey(k), h)
            case .tooLarge, .invalid: preconditionFailure("the gateway admits only valid bodies")
            }
            let message = QueueMessage(requestId: request.requestId, workload: request.workload, size: Int32(prepared.size),
                                       intendedAt: request.firstIntendedAt, key: key, keyHashes: hashes)
            if store.config.retainBodies, let body { bodies.keep(body, for: request.requestId) }
            switch scenario.topology {
            case .queue:
                counters.accepted += 1
                queue.send(message, delay: overhead, now: now)
                recordResponse(request, answeredAt: now + overhead)
                return (.enqueued(visible: overhead == .zero && queue.config.deliveryDelay == .zero), verdict, overhead)
            case .sync:
                return (.toHandler(request, message, at: now + overhead), verdict, overhead)
            }
        case let .throttled(level):
            counters.throttled[level, default: 0] += 1
            recordResponse(request, answeredAt: now + overhead)
            return (retry(request, answeredAt: now + overhead), verdict, overhead)
        case let .rejected(rejection):
            counters.rejected[rejection.status, default: 0] += 1
            recordResponse(request, answeredAt: now + overhead)
            return (.answered, verdict, overhead)
        }
    }

    /// Counts one attempt sent: a retry, a duplicate submission, or a first one.
    mutating func countSend(_ request: ClientRequest) {
        counters.sent += 1
        if request.attempt > 1 { counters.clientRetries += 1 }
        if request.isDuplicate && request.attempt == 1 { counters.duplicateSubmissions += 1 }
    }

    /// Records the client-observed answer time: from the intended send
    /// (corrected) and from the actual send (uncorrected). On the virtual clock
    /// the two are equal and the uncorrected histogram is copied at the end.
    mutating func recordResponse(_ request: ClientRequest, answeredAt: Instant) {
        record(.gatewayResponse, workload: Int(request.workload), answeredAt - request.intendedAt)
        if recordsUncorrected {
            record(.gatewayResponseUncorrected, workload: Int(request.workload), answeredAt - request.sentAt)
        }
    }

    /// Whether every answer is recorded in the uncorrected histogram as it
    /// happens (the wall clock), rather than copied at the end (virtual clock).
    var recordsUncorrected = false

    /// A 429: the client retries with backoff while it has attempts left.
    mutating func retry(_ request: ClientRequest, answeredAt: Instant) -> SendOutcome {
        if request.external { return .answered }
        let policy = sources[Int(request.workload)].spec.retry
        guard policy.enabled, Int(request.attempt) < policy.maxAttempts else {
            counters.clientGaveUp += 1
            return .answered
        }
        var next = request
        next.attempt += 1
        next.intendedAt = answeredAt + policy.backoff.backoff(retry: Int(request.attempt), &sources[Int(request.workload)].retryRng)
        next.sentAt = next.intendedAt
        return .retry(next)
    }

    // MARK: Consumers

    /// Receives into a slot's batch and records each message's queue wait.
    /// - Returns: the number of messages received.
    mutating func fill(slot: Int, now: Instant) -> Int {
        let got = pool.receive(slot: slot, from: &queue, now: now)
        if queue.notesCopies { countCopies() }
        guard got > 0 else { return 0 }
        let count = pool.batchCount(of: slot)
        for i in (count - got)..<count {
            let d = pool.delivery(i, of: slot)
            record(.queueWait, workload: Int(d.message.workload), d.queueWait)
        }
        return got
    }

    /// Counts the copies the queue made and ended since the last count against
    /// the kept bodies: made first, so that no body goes while a copy is left.
    mutating func countCopies() {
        for id in queue.copiesMade { bodies.copyMade(id) }
        for id in queue.copiesEnded { bodies.copyEnded(id) }
        queue.clearCopyNotes()
    }

    /// Starts loading what the write of a slot's current message will read
    /// first in the store, when that write is scheduled: a hint, which lets the
    /// memory load overlap the events before the write rather than stall it.
    mutating func prefetchWrite(slot: Int) {
        store.prefetch(pool.currentMessage(of: slot).message.keyHashes)
    }

    /// Starts loading what the deletes at the end of a slot's invocation will
    /// read in the queue, when that end is scheduled (a hint, as `prefetchWrite`).
    mutating func prefetchDeletes(slot: Int) {
        guard scenario.topology == .queue else { return }
        for i in 0..<pool.batchCount(of: slot) { queue.prefetchDelete(pool.delivery(i, of: slot).receipt) }
    }

    /// Does one consumer step; returns the slot's next step, or nil when the
    /// invocation ended (its deletes done, or its synchronous answer recorded).
    mutating func perform(_ step: ConsumerStep, now: Instant) -> ConsumerStep? {
        switch step {
        case let .write(slot, _, handlerTime):
            let m = pool.currentMessage(of: slot).message
            if let h = handlerTime { record(.handler, workload: Int(m.workload), h) }
            let body = store.config.retainBodies ? bodies.body(for: m.requestId) : nil
            let result = store.put(m.key, hashes: m.keyHashes, requestId: m.requestId,
                                   workload: m.workload, size: Int(m.size), body: body, now: now)
            if body != nil, !result.isThrottled { bodies.release(m.requestId) }
            let (next, report) = pool.writeFinished(slot: slot, result: result, now: now)
            if let storedAt = report.storedAt {
                let e2e = storedAt - m.intendedAt
                record(.endToEnd, workload: Int(m.workload), e2e)
                if !defersIntervals { intervals.record(e2e) }
            }
            if let w = report.writeTime { record(.storeWrite, workload: Int(m.workload), w) }
            return next
        case let .failed(slot, _, handlerTime):
            record(.handler, workload: Int(pool.currentMessage(of: slot).message.workload), handlerTime)
            return pool.resume(slot: slot, now: now)
        case let .finish(slot, _):
            let sortKey = scenario.topology == .sync && pool.batchCount(of: slot) > 0 ? store.itemKey(pool.delivery(0, of: slot).message.key).sortKey : ""
            deletes.removeAllOneByOne()
            let outcome = pool.complete(slot: slot, now: now, deletes: &deletes)
            switch scenario.topology {
            case .queue:
                for receipt in deletes { queue.delete(receipt, now: now) }
            case .sync:
                if let request = syncRequests.removeValue(forKey: slot) {
                    bodies.release(request.requestId)
                    if outcome.succeeded > 0 { counters.syncSucceeded += 1 } else { counters.syncFailed += 1 }
                    recordResponse(request, answeredAt: now)
                    if request.external { answeredSync.append((request.requestId, sortKey, outcome.succeeded > 0, outcome.timedOut)) }
                }
            }
            return nil
        }
    }

    /// Synchronous topology: a request reaches the handler. With a free slot the
    /// invocation starts (its first step returned); at the concurrency limit the
    /// answer is 429, and the client may retry.
    mutating func startSync(_ request: ClientRequest, _ message: QueueMessage, now: Instant) -> (step: ConsumerStep?, outcome: SendOutcome) {
        guard let slot = pool.takeIdle() else {
            bodies.release(request.requestId)
            counters.throttled[.concurrency, default: 0] += 1
            recordResponse(request, answeredAt: now)
            return (nil, retry(request, answeredAt: now))
        }
        counters.accepted += 1
        syncRequests[slot] = request
        pool.hand(slot: slot, Delivery(receipt: ReceiptHandle(slot: -1, generation: 0), message: message, receiveCount: 1, queueWait: .zero))
        return (pool.begin(slot: slot, now: now), .answered)
    }

    // MARK: Stream

    mutating func pollNotifier(now: Instant) {
        notifications.removeAll(keepingCapacity: true)
        while notifier.poll(&store.stream, now: now, into: &notifications) == notifier.config.batchSize {}
        for n in notifications {
            record(.notification, workload: Int(n.record.workload), n.deliveredAt - n.record.storedAt)
        }
        counters.notified += notifications.count
    }

    /// Whether nothing is left anywhere in the pipeline (the driver adds its own
    /// pending work).
    var isEmpty: Bool {
        queue.depth == 0 && pool.busyCount == 0 && pool.gathering.isEmpty && syncRequests.isEmpty
            && store.stream.pending == 0
    }

    // MARK: Intervals and the end

    /// Closes the time-series interval ending at `now`.
    mutating func closeInterval(now: Instant) {
        queue.expireHead(now: now)
        if queue.notesCopies { countCopies() }
        let end = now.seconds
        var row = IntervalRow(start: max(rows.last?.end ?? 0, end - scenario.interval.seconds), end: end)
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
        row.storeThrottledByPartition = zip(s.throttledByPartition, p.store.throttledByPartition).map { $0 - $1 }
        if defersIntervals {
            deferred.append(.intervalEnd(at: now))
            rowsAwaitingIntervals.append(rows.count)
        } else {
            row.setEndToEnd(intervals.close(end: end))
        }
        rows.append(row)
        previous = Snapshot(run: c, queue: q, consumers: k, store: s)
    }

    /// Takes back `intervals` from the recorder that held it while intervals were
    /// deferred, and gives the rows that waited their end-to-end figures.
    mutating func fillDeferredIntervals(from recorded: IntervalLatency) {
        intervals = recorded
        let figures = intervals.takeKept()
        precondition(figures.count == rowsAwaitingIntervals.count, "an interval's end went unrecorded")
        for (row, f) in zip(rowsAwaitingIntervals, figures) { rows[row].setEndToEnd(f) }
        rowsAwaitingIntervals.removeAll()
    }

    /// Sweeps expired messages, balances the ledger, and hands over the results.
    mutating func finish(now: Instant, trafficEnd: Instant, drained: Bool, interrupted: Bool, engine: String, events: Int) -> RunResult {
        if !recordsUncorrected { histograms.copy(.gatewayResponse, to: .gatewayResponseUncorrected) }
        intervals.finishWindows(end: rows.last?.end ?? now.seconds)
        let expiredBefore = queue.counters.expired
        queue.expireOverdue(now: now)
        if queue.notesCopies { countCopies() }
        if let last = rows.indices.last {
            // The sweep belongs to the last interval, so that the rows' expiries add up to the run's.
            rows[last].expired += queue.counters.expired - expiredBefore
            rows[last].visible = queue.visibleCount
            rows[last].delayed = queue.delayedCount
        }
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
            scenario: scenario, seed: seed, engine: engine,
            trafficSeconds: trafficEnd.seconds, simulatedSeconds: now.seconds, drained: drained, interrupted: interrupted,
            counters: counters, queue: q, consumers: pool.counters, store: store.counters,
            storedItems: store.itemCount, streamRecords: store.stream.appended,
            histograms: histograms, rows: rows, ledger: ledger, events: events,
            sendLag: recordsUncorrected ? sendLag : nil, endToEndWindows: intervals.windowResults)
    }
}
