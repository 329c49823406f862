/// The consumers (Lambda behind an SQS event source mapping) as a state machine.
///
/// A slot is one concurrent batch: idle (waiting for messages), gathering (a
/// batching window is open), or busy (an invocation runs). An invocation
/// handles its messages one after another: cold start if its instance is cold,
/// then per message the handler's time and either a failure or a store write,
/// retried with backoff while throttled. The pool never waits: each call
/// returns the next `ConsumerStep` and its time, and the driver calls back then.
///
/// Invariant: `idle + gathering + busy == activeSlots` and every slot index
/// below `slots.count` is in exactly one state.
public struct ConsumerPool: Sendable {
    public let config: ConsumerConfig
    // Inlinable storage: the driver's look at a slot (`isFull`, `batchCount`, …)
    // is then a read in place. An opaque call from another module copied the
    // whole pool (440 bytes) to the stack first, on every look.
    @usableFromInline private(set) var slots: [Slot] = []
    @usableFromInline private(set) var idle: [Int] = []
    /// Slots with an open batching window, oldest first.
    public private(set) var gathering: [Int] = []
    /// Concurrency the pool aims for now.
    public private(set) var target: Int
    public private(set) var busyCount = 0
    public private(set) var counters = ConsumerCounters()
    /// Handler times (the stream `.handler` feeds nothing else).
    private var handlerTimes: LatencySampler
    private var failureRng: Xoshiro256
    /// Cold-start times (the stream `.coldStarts` feeds nothing else).
    private var coldStarts: LatencySampler
    private var retryRng: Xoshiro256
    private var lastScale = Instant.zero

    @usableFromInline enum State: UInt8, Sendable { case retired, idle, gathering, busy }

    @usableFromInline struct Slot: Sendable {
        @usableFromInline var state: State = .retired
        @usableFromInline var batch: [Delivery] = []
        var succeeded: [Bool] = []
        @usableFromInline var index = 0
        var writeAttempt = 0
        var writeStart = Instant.zero
        var batchStart = Instant.zero
        @usableFromInline var windowEnds = Instant.zero
        var timedOut = false
        var lastUsed: Instant? = nil

        // Each change of several fields is one method, so that the pool's
        // array is checked for uniqueness once for it rather than once a field.

        /// An invocation of the batch starts at `now`.
        mutating func start(at now: Instant) {
            state = .busy
            batchStart = now
            index = 0
            timedOut = false
            succeeded.removeAllOneByOne()
        }

        /// The current message's first write attempt starts at `t`.
        mutating func startWrite(at t: Instant) {
            writeAttempt = 1
            writeStart = t
        }

        /// The current message is done, stored or not; the next one is current.
        mutating func finishMessage(succeeded ok: Bool) {
            succeeded.append(ok)
            index += 1
        }

        /// The invocation ended at `now`; the slot is idle or retired.
        mutating func end(at now: Instant, state next: State) {
            batch.removeAllOneByOne()
            lastUsed = now
            state = next
        }
    }

    public init(config: ConsumerConfig, streams: RandomStreams) {
        self.config = config
        self.target = config.initialConcurrency
        self.handlerTimes = LatencySampler(config.handler, rng: streams.generator(.handler))
        self.failureRng = streams.generator(.failures)
        self.coldStarts = LatencySampler(config.coldStart, rng: streams.generator(.coldStarts))
        self.retryRng = streams.generator(.storeRetries)
        for _ in 0..<target { activateSlot() }
    }

    private mutating func activateSlot() {
        if let reuse = slots.firstIndex(where: { $0.state == .retired }) {
            slots[reuse].state = .idle
            idle.append(reuse)
        } else {
            var slot = Slot()
            slot.state = .idle
            slots.append(slot)
            idle.append(slots.count - 1)
        }
    }

    // MARK: Observables

    /// Slots that exist now (idle, gathering or busy).
    @inlinable public var activeSlots: Int { idle.count + gathering.count + busyCount }
    @inlinable public var idleCount: Int { idle.count }
    /// Messages currently held by slots (gathering or busy).
    public var messagesHeld: Int {
        var n = 0
        for s in slots where s.state == .busy || s.state == .gathering { n += s.batch.count }
        return n
    }

    /// The number of messages in a slot's batch.
    @inlinable public func batchCount(of slot: Int) -> Int { slots[slot].batch.count }
    /// Message `i` of a slot's batch.
    @inlinable public func delivery(_ i: Int, of slot: Int) -> Delivery { slots[slot].batch[i] }
    @inlinable public func currentMessage(of slot: Int) -> Delivery { slots[slot].batch[slots[slot].index] }
    @inlinable public func windowEnd(of slot: Int) -> Instant { slots[slot].windowEnds }
    @inlinable public func isGathering(_ slot: Int) -> Bool { slots[slot].state == .gathering }

    // MARK: Taking work

    /// Takes an idle slot (the most recently used, whose instance is warmest).
    public mutating func takeIdle() -> Int? { idle.popLast() }

    /// Puts back a slot taken with `takeIdle` that found nothing to do.
    public mutating func putBack(_ slot: Int) { idle.append(slot) }

    /// Receives into a slot's batch from the queue, up to the batch size.
    /// - Returns: the number of messages received.
    public mutating func receive(slot: Int, from queue: inout MessageQueue, now: Instant) -> Int {
        let before = slots[slot].batch.count
        queue.receive(max: config.batchSize - before, now: now, into: &slots[slot].batch)
        return slots[slot].batch.count - before
    }

    /// Gives a slot one message directly (the synchronous topology, no queue).
    public mutating func hand(slot: Int, _ delivery: Delivery) {
        slots[slot].batch.append(delivery)
    }

    /// Whether a slot's batch is full.
    @inlinable public func isFull(_ slot: Int) -> Bool { slots[slot].batch.count >= config.batchSize }

    /// Opens a batching window on a slot that has some messages.
    public mutating func startGathering(slot: Int, now: Instant) {
        slots[slot].state = .gathering
        slots[slot].windowEnds = now + config.batchingWindow
        gathering.append(slot)
    }

    // MARK: Running an invocation

    /// Starts the invocation of a slot's batch (from idle or gathering).
    public mutating func begin(slot: Int, now: Instant) -> ConsumerStep {
        if slots[slot].state == .gathering { gathering.removeAll { $0 == slot } }
        precondition(!slots[slot].batch.isEmpty, "an invocation needs at least one message")
        slots[slot].start(at: now)
        busyCount += 1
        counters.invocations += 1
        var start = now
        if let last = slots[slot].lastUsed, now - last <= config.keepWarm {
            // Warm.
        } else {
            counters.coldStarts += 1
            start = now + coldStarts.next()
        }
        return handleCurrent(slot: slot, from: start)
    }

    /// Runs the handler on the current message from `t`.
    private mutating func handleCurrent(slot: Int, from t: Instant) -> ConsumerStep {
        guard slots[slot].index < slots[slot].batch.count else { return .finish(slot: slot, at: t) }
        let h = handlerTimes.next()
        let done = t + h
        if let over = timeoutStep(slot: slot, at: done) { return over }
        if config.poisonShare > 0, Self.isPoison(slots[slot].batch[slots[slot].index].message.requestId, share: config.poisonShare) {
            return .failed(slot: slot, at: done, handlerTime: h)
        }
        if config.failureProbability > 0, failureRng.chance(config.failureProbability) {
            return .failed(slot: slot, at: done, handlerTime: h)
        }
        slots[slot].startWrite(at: done)
        return .write(slot: slot, at: done, handlerTime: h)
    }

    /// Whether a request is a poison message: a stable hash of its id below the share.
    public static func isPoison(_ requestId: UInt64, share: Double) -> Bool {
        var state = requestId ^ 0x5DEE_CE66_D1CE_4E5B
        return Double(Xoshiro256.splitMix(&state) >> 11) * 0x1.0p-53 < share
    }

    private mutating func timeoutStep(slot: Int, at t: Instant) -> ConsumerStep? {
        let deadline = slots[slot].batchStart + config.timeout
        guard t > deadline else { return nil }
        slots[slot].timedOut = true
        return .finish(slot: slot, at: deadline)
    }

    /// After a `.failed` step: records the failure and moves on.
    public mutating func resume(slot: Int, now: Instant) -> ConsumerStep {
        counters.handlerFailures += 1
        slots[slot].finishMessage(succeeded: false)
        return handleCurrent(slot: slot, from: now)
    }

    /// What a finished write means for the message.
    public struct WriteReport: Sendable, Equatable {
        /// When the write became durable, for a new record.
        public var storedAt: Instant?
        /// From the first attempt to the end of the successful one.
        public var writeTime: TimeSpan?
    }

    /// After a `.write` step: the store's answer decides the next step.
    public mutating func writeFinished(slot: Int, result: PutResult, now: Instant) -> (ConsumerStep, WriteReport) {
        switch result {
        case let .inserted(latency, _), let .duplicate(latency, _):
            let end = now + latency
            // An item put is stored at `end` even when the invocation times out before
            // the answer comes back: end to end counts it, and the retry finds it there.
            let storedAt: Instant? = if case .inserted = result { end } else { nil }
            if let over = timeoutStep(slot: slot, at: end) { return (over, WriteReport(storedAt: storedAt, writeTime: nil)) }
            counters.processed += 1
            slots[slot].finishMessage(succeeded: true)
            // Before `handleCurrent`, which starts the next message's write.
            let report = WriteReport(storedAt: storedAt, writeTime: end - slots[slot].writeStart)
            return (handleCurrent(slot: slot, from: end), report)
        case .throttled:
            let attempt = slots[slot].writeAttempt
            if attempt < config.storeRetry.maxAttempts {
                counters.storeRetries += 1
                slots[slot].writeAttempt = attempt + 1
                let at = now + config.storeRetry.backoff(retry: attempt, &retryRng)
                if let over = timeoutStep(slot: slot, at: at) { return (over, WriteReport()) }
                return (.write(slot: slot, at: at, handlerTime: nil), WriteReport())
            }
            counters.storeGiveUps += 1
            slots[slot].finishMessage(succeeded: false)
            return (handleCurrent(slot: slot, from: now), WriteReport())
        case .tooLarge:
            counters.storeGiveUps += 1
            slots[slot].finishMessage(succeeded: false)
            return (handleCurrent(slot: slot, from: now), WriteReport())
        }
    }

    /// After a `.finish` step: ends the invocation and frees the slot.
    ///
    /// With a partial batch response the succeeded messages are deleted and the
    /// failed ones return after their visibility timeout; without one, or after a
    /// timeout, any failure returns the whole batch.
    /// - Parameter deletes: receives the receipts to delete (appended; the caller
    ///   reuses one buffer, so an invocation allocates nothing).
    public mutating func complete(slot: Int, now: Instant, deletes: inout [ReceiptHandle]) -> BatchOutcome {
        // Read in place: a copy of the slot would keep its batch shared, and
        // emptying the batch below would then allocate a new one.
        var succeeded = 0
        for ok in slots[slot].succeeded where ok { succeeded += 1 }
        let outcome = BatchOutcome(succeeded: succeeded, failed: slots[slot].batch.count - succeeded, timedOut: slots[slot].timedOut)
        if outcome.timedOut || (outcome.failed > 0 && !config.partialBatchResponse) {
            counters.returnedWithBatch += succeeded
        } else {
            for i in slots[slot].succeeded.indices where slots[slot].succeeded[i] { deletes.append(slots[slot].batch[i].receipt) }
        }
        if outcome.timedOut { counters.timeouts += 1 }
        counters.busyNanoseconds += (now - slots[slot].batchStart).nanoseconds
        busyCount -= 1
        if activeSlots >= target {
            slots[slot].end(at: now, state: .retired)
        } else {
            slots[slot].end(at: now, state: .idle)
            idle.append(slot)
        }
        return outcome
    }

    // MARK: Scaling

    /// The managed ramp, called about once a second: grows the target while
    /// messages wait, shrinks it to the initial concurrency when none do.
    /// - Returns: how many idle slots were added (the driver offers them work).
    public mutating func scale(backlog: Int, now: Instant) -> Int {
        guard case let .managed(initial, perMinute, maximum) = config.scaling else { return 0 }
        let elapsed = max(0, (now - lastScale).seconds)
        lastScale = now
        if backlog > 0 {
            let step = max(1, Int((Double(perMinute) * elapsed / 60).rounded()))
            let newTarget = min(maximum, target + step)
            let added = newTarget - target
            target = newTarget
            for _ in 0..<added { activateSlot() }
            return added
        }
        // No backlog: shed idle slots down to the initial concurrency.
        let floor = min(initial, maximum)
        while target > floor, let slot = idle.first {
            idle.removeFirst()
            slots[slot].state = .retired
            target -= 1
        }
        if target > floor && idle.isEmpty { target = max(floor, activeSlots) }
        return 0
    }
}
