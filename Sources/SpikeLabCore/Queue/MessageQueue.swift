internal import CPrefetch
import DequeModule
import HeapModule

/// An SQS standard queue as a state machine, with its dead-letter queue.
///
/// Messages live in a slab of slots, each in two parts: its state (24 bytes,
/// read by every delete and deadline check) and its contents (the message and
/// its times, read by a receive), so that the checks touch a quarter of the
/// memory. Visible ones are in a deque (received oldest first, returned ones go
/// back to the front), in-flight ones in a deadline deque
/// (one visibility timeout means deadlines arrive in receive order) plus a heap
/// for changed timeouts, delayed ones in a heap. Stale deadline entries (deleted
/// or re-received messages) are skipped lazily.
///
/// Invariants (checked by `checkInvariants()` in tests):
/// `sent + duplicatesInjected == deleted + deadLettered + expired + visible + delayed + inFlight`,
/// and a message is in exactly one of the visible, delayed, in-flight states.
public struct MessageQueue: Sendable {
    public let config: QueueConfig
    private var slots: [Slot] = []
    /// `contents[i]` belongs to `slots[i]`.
    private var contents: [Contents] = []
    private var freeSlots: [Int32] = []
    private var visible = Deque<Int32>()
    private var delayed = Heap<Deadline>()
    private var inFlightByReceive = Deque<Deadline>()
    private var inFlightChanged = Heap<Deadline>()
    private var rng: Xoshiro256
    public private(set) var counters = QueueCounters()
    public private(set) var inFlightCount = 0
    public private(set) var delayedCount = 0
    /// When set, the queue notes the request id of each copy of a message it
    /// makes (a duplicate delivery) or ends without a delete (dead-lettered or
    /// expired), for a driver that keeps something per request beside the queue
    /// (`serve` keeps bodies) and must know when a request's last copy is gone.
    /// Off by default: nothing is noted.
    public var notesCopies = false
    /// Request ids of the copies made since the last `clearCopyNotes()`, one per copy.
    public private(set) var copiesMade: [UInt64] = []
    /// Request ids of the copies ended without a delete since the last `clearCopyNotes()`.
    public private(set) var copiesEnded: [UInt64] = []

    enum SlotState: UInt8 { case free, visible, delayed, inFlight }

    /// What deletes and deadline checks read.
    struct Slot {
        var hiddenUntil: Instant
        var generation: UInt32
        var receiveCount: Int32
        var state: SlotState
    }

    /// What a receive reads besides.
    struct Contents {
        var message: QueueMessage
        var firstSentAt: Instant
        var visibleSince: Instant
    }

    struct Deadline: Comparable {
        var time: Instant
        var slot: Int32
        var generation: UInt32
        static func < (a: Deadline, b: Deadline) -> Bool {
            a.time != b.time ? a.time < b.time : a.slot < b.slot
        }
    }

    public init(config: QueueConfig, rng: Xoshiro256) {
        self.config = config
        self.rng = rng
    }

    // MARK: Observables

    /// Messages waiting to be received.
    public var visibleCount: Int { visible.count }
    /// Whether the queue is at its depth cap (the gateway then answers 503).
    public var isAtCap: Bool { config.maxDepth.map { visible.count + delayedCount >= $0 } ?? false }
    /// Messages not yet deleted, dead-lettered or expired.
    public var depth: Int { visible.count + delayedCount + inFlightCount }

    /// Age of the message at the head of the queue (the oldest visible one, since
    /// returned messages go back to the front).
    public func oldestAge(now: Instant) -> TimeSpan {
        guard let head = visible.first else { return .zero }
        return now - contents[Int(head)].firstSentAt
    }

    // MARK: Operations

    /// Adds a message; it is visible at once unless the queue or the call delays it.
    /// - Returns: false, and the message is not taken, when the queue is at its cap.
    /// - Complexity: O(1), or O(log n) with a delay.
    @discardableResult
    public mutating func send(_ message: QueueMessage, delay: TimeSpan = .zero, now: Instant) -> Bool {
        if isAtCap {
            counters.refusedAtCap += 1
            return false
        }
        counters.sent += 1
        insert(message, firstSentAt: now, delay: max(delay, config.deliveryDelay), now: now)
        return true
    }

    private mutating func insert(_ message: QueueMessage, firstSentAt: Instant, delay: TimeSpan, now: Instant) {
        let slot: Int32
        let state: SlotState = delay > .zero ? .delayed : .visible
        let fresh = Contents(message: message, firstSentAt: firstSentAt, visibleSince: now + delay)
        if let reused = freeSlots.popLast() {
            slot = reused
            let generation = slots[Int(slot)].generation &+ 1
            slots[Int(slot)] = Slot(hiddenUntil: now + delay, generation: generation, receiveCount: 0, state: state)
            contents[Int(slot)] = fresh
        } else {
            slot = Int32(slots.count)
            slots.append(Slot(hiddenUntil: now + delay, generation: 0, receiveCount: 0, state: state))
            contents.append(fresh)
        }
        if state == .delayed {
            delayedCount += 1
            delayed.insert(Deadline(time: now + delay, slot: slot, generation: slots[Int(slot)].generation))
        } else {
            visible.append(slot)
        }
        if let next = freeSlots.last { prefetchForInsert(Int(next)) }
    }

    /// Starts loading, ready to be written, the contents of the free slot the
    /// next insert takes: a delete freed it without reading them, and that
    /// write's miss was most of an insert's time. A hint; changes nothing.
    private func prefetchForInsert(_ i: Int) {
        contents.withUnsafeBufferPointer { contents in
            let start = UnsafeRawPointer(contents.baseAddress! + i)
            spikelab_prefetch_for_write(start)
            spikelab_prefetch_for_write(start + (MemoryLayout<Contents>.size - 1))
        }
    }

    /// Makes due delayed messages, and in-flight messages whose timeout ran out,
    /// visible.
    /// - Complexity: O(k log n) for k messages that change state.
    public mutating func advance(now: Instant) {
        while let top = delayed.min, top.time <= now {
            delayed.removeMin()
            let i = Int(top.slot)
            guard slots[i].state == .delayed, slots[i].generation == top.generation else { continue }
            slots[i].state = .visible
            contents[i].visibleSince = top.time
            delayedCount -= 1
            visible.append(top.slot)
        }
        while let head = inFlightByReceive.first, head.time <= now {
            inFlightByReceive.removeFirst()
            returnIfDue(head)
        }
        while let top = inFlightChanged.min, top.time <= now {
            inFlightChanged.removeMin()
            returnIfDue(top)
        }
    }

    private mutating func returnIfDue(_ d: Deadline) {
        let i = Int(d.slot)
        guard slots[i].state == .inFlight, slots[i].generation == d.generation, slots[i].hiddenUntil == d.time else { return }
        slots[i].state = .visible
        contents[i].visibleSince = d.time
        inFlightCount -= 1
        counters.returned += 1
        visible.prepend(d.slot)
    }

    /// Receives up to `max` messages (1 to 10 for SQS; the consumer pool may ask
    /// for more when it batches), appending them to `deliveries`.
    ///
    /// Expired messages met on the way are counted and dropped; a message whose
    /// receive count would pass `maxReceiveCount` goes to the dead-letter queue.
    /// - Complexity: O(max) amortised.
    public mutating func receive(max: Int, now: Instant, into deliveries: inout [Delivery]) {
        advance(now: now)
        var taken = 0
        while taken < max, inFlightCount < config.inFlightLimit, let slot = visible.popFirst() {
            let i = Int(slot)
            if now - contents[i].firstSentAt >= config.retention {
                counters.expired += 1
                noteEnded(i)
                release(slot)
                continue
            }
            let count = slots[i].receiveCount + 1
            if let limit = config.maxReceiveCount, Int(count) > limit {
                counters.deadLettered += 1
                noteEnded(i)
                release(slot)
                continue
            }
            // The slot written whole, once: each write of one field is a
            // uniqueness check of the array.
            let generation = slots[i].generation &+ 1
            let until = now + config.visibilityTimeout
            slots[i] = Slot(hiddenUntil: until, generation: generation, receiveCount: count, state: .inFlight)
            inFlightCount += 1
            inFlightByReceive.append(Deadline(time: until, slot: slot, generation: generation))
            counters.received += 1
            let receipt = ReceiptHandle(slot: slot, generation: generation)
            deliveries.append(Delivery(receipt: receipt, message: contents[i].message, receiveCount: Int(count),
                                       queueWait: now - contents[i].visibleSince))
            taken += 1
            if config.duplicateProbability > 0, rng.chance(config.duplicateProbability) {
                counters.duplicatesInjected += 1
                if notesCopies { copiesMade.append(contents[i].message.requestId) }
                insert(contents[i].message, firstSentAt: contents[i].firstSentAt, delay: .zero, now: now)
            }
        }
        prefetchVisible(max)
    }

    /// Starts loading the slots and contents of the next `count` visible
    /// messages, which the next receive reads: behind a backlog they were written
    /// long ago and have left the cache, and their first reads were about half
    /// of a receive's time. A hint; changes nothing.
    /// - Complexity: O(count).
    private func prefetchVisible(_ count: Int) {
        let n = Swift.min(count, visible.count)
        guard n > 0 else { return }
        slots.withUnsafeBufferPointer { slots in
            contents.withUnsafeBufferPointer { contents in
                for k in 0..<n {
                    let i = Int(visible[k])
                    spikelab_prefetch(slots.baseAddress! + i)
                    let message = UnsafeRawPointer(contents.baseAddress! + i)
                    spikelab_prefetch(message)
                    spikelab_prefetch(message + (MemoryLayout<Contents>.size - 1))
                }
            }
        }
    }

    /// Starts loading the state a delete of `receipt` reads (a hint, for a
    /// driver that knows its deletes ahead; changes nothing). Mutating only so
    /// that a caller in another module passes the queue by address rather than
    /// copying it.
    public mutating func prefetchDelete(_ receipt: ReceiptHandle) {
        let i = Int(receipt.slot)
        guard i >= 0 && i < slots.count else { return }
        slots.withUnsafeBufferPointer { spikelab_prefetch($0.baseAddress! + i) }
    }

    /// Deletes a received message.
    /// - Returns: false for a stale handle (the message was received again, or is
    ///   gone), as the message then stays where it is.
    @discardableResult
    public mutating func delete(_ receipt: ReceiptHandle, now: Instant) -> Bool {
        guard isCurrent(receipt) else { return false }
        inFlightCount -= 1
        counters.deleted += 1
        release(receipt.slot)
        // Messages are mostly deleted in the order they were received: dropping
        // the stale deadlines at the front as they come up keeps the deque at
        // about the messages in flight, not every receive of the last visibility
        // timeout (a driver that never asks for `nextDeadline` would otherwise
        // hold, and keep copying as it grows, millions of dead entries).
        while let head = inFlightByReceive.first, !isLive(head) { inFlightByReceive.removeFirst() }
        return true
    }

    /// Visibility deadlines held, stale ones included (for tests of the pruning).
    var inFlightDeadlineEntries: Int { inFlightByReceive.count + inFlightChanged.count }

    /// Changes an in-flight message's visibility timeout, counted from now; zero
    /// makes it visible at once.
    @discardableResult
    public mutating func changeVisibility(_ receipt: ReceiptHandle, timeout: TimeSpan, now: Instant) -> Bool {
        guard isCurrent(receipt) else { return false }
        let i = Int(receipt.slot)
        slots[i].hiddenUntil = now + timeout
        inFlightChanged.insert(Deadline(time: now + timeout, slot: receipt.slot, generation: receipt.generation))
        if timeout <= .zero { advance(now: now) }
        return true
    }

    private func isCurrent(_ receipt: ReceiptHandle) -> Bool {
        let i = Int(receipt.slot)
        return i < slots.count && slots[i].state == .inFlight && slots[i].generation == receipt.generation
    }

    private mutating func release(_ slot: Int32) {
        let i = Int(slot)
        var freed = slots[i]
        freed.state = .free
        freed.generation &+= 1
        slots[i] = freed
        freeSlots.append(slot)
    }

    /// The next time a delayed or in-flight message becomes visible, if any.
    /// Drops stale deadline entries on the way.
    /// - Complexity: O(1) amortised.
    public mutating func nextDeadline() -> Instant? {
        while let head = inFlightByReceive.first, !isLive(head) { inFlightByReceive.removeFirst() }
        while let top = inFlightChanged.min, !isLive(top) { inFlightChanged.removeMin() }
        while let top = delayed.min, slots[Int(top.slot)].generation != top.generation || slots[Int(top.slot)].state != .delayed { delayed.removeMin() }
        var next = inFlightByReceive.first?.time
        if let t = inFlightChanged.min?.time, next.map({ t < $0 }) ?? true { next = t }
        if let t = delayed.min?.time, next.map({ t < $0 }) ?? true { next = t }
        return next
    }

    /// Reads the slot's fields in place rather than copying the whole slot.
    private func isLive(_ d: Deadline) -> Bool {
        let i = Int(d.slot)
        return slots[i].state == .inFlight && slots[i].generation == d.generation && slots[i].hiddenUntil == d.time
    }

    /// Counts the visible messages at the head of the queue that are past their
    /// retention as expired, as a receive does when it meets them: called at
    /// each interval's end, so that expiries are counted in the interval they
    /// happen in (and leave the visible depth) even while no consumer receives.
    ///
    /// It changes nothing a receive would see: the messages it takes are those
    /// a receive would drop unread. What reads the depth (the cap on sends, the
    /// scaling ramp's backlog) sees them go when they expire, rather than at the
    /// next receive, as with SQS's own counts. Visible messages are in about the order of
    /// their first send, so the head holds nearly all the overdue ones; the few
    /// behind a younger message wait for a later call, a receive, or the
    /// end-of-run sweep (`expireOverdue`).
    /// - Complexity: O(k) for k messages expired.
    public mutating func expireHead(now: Instant) {
        while let slot = visible.first, now - contents[Int(slot)].firstSentAt >= config.retention {
            visible.removeFirst()
            counters.expired += 1
            noteEnded(Int(slot))
            release(slot)
        }
    }

    /// Counts every visible or delayed message past its retention as expired:
    /// the end-of-run sweep, so that no expiry goes uncounted.
    /// - Complexity: O(n).
    public mutating func expireOverdue(now: Instant) {
        var kept = Deque<Int32>()
        for slot in visible {
            if now - contents[Int(slot)].firstSentAt >= config.retention {
                counters.expired += 1
                noteEnded(Int(slot))
                release(slot)
            } else {
                kept.append(slot)
            }
        }
        visible = kept
        for i in slots.indices where slots[i].state == .delayed && now - contents[i].firstSentAt >= config.retention {
            delayedCount -= 1
            counters.expired += 1
            noteEnded(i)
            release(Int32(i))
        }
    }

    /// Forgets the copies noted so far (see `notesCopies`), once they are read.
    public mutating func clearCopyNotes() {
        copiesMade.removeAll(keepingCapacity: true)
        copiesEnded.removeAll(keepingCapacity: true)
    }

    private mutating func noteEnded(_ i: Int) {
        if notesCopies { copiesEnded.append(contents[i].message.requestId) }
    }

    /// Checks the conservation invariant; returns a description of what broke.
    public func checkInvariants() -> String? {
        let live = slots.reduce(into: [0, 0, 0]) { acc, s in
            switch s.state {
            case .visible: acc[0] += 1
            case .delayed: acc[1] += 1
            case .inFlight: acc[2] += 1
            case .free: break
            }
        }
        if live[0] != visible.count { return "visible slots \(live[0]) != visible deque \(visible.count)" }
        if live[1] != delayedCount { return "delayed slots \(live[1]) != delayedCount \(delayedCount)" }
        if live[2] != inFlightCount { return "in-flight slots \(live[2]) != inFlightCount \(inFlightCount)" }
        let c = counters
        let inputs = c.sent + c.duplicatesInjected
        let outputs = c.deleted + c.deadLettered + c.expired + depth
        if inputs != outputs { return "sent \(c.sent) + duplicates \(c.duplicatesInjected) != deleted \(c.deleted) + DLQ \(c.deadLettered) + expired \(c.expired) + depth \(depth)" }
        return nil
    }
}
