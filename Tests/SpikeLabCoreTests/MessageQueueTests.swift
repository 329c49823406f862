import Testing
@testable import SpikeLabCore

struct MessageQueueTests {
    static func message(_ id: UInt64) -> QueueMessage {
        let key = ItemKey(partitionKey: "p", sortKey: "s\(id)")
        return QueueMessage(requestId: id, workload: 0, size: 100, intendedAt: .zero, key: StoreKey(inline: key)!, keyHashes: KeyHashes(key))
    }

    static func queue(_ configure: (inout QueueConfig) -> Void = { _ in }) -> MessageQueue {
        var c = QueueConfig()
        configure(&c)
        return MessageQueue(config: c, rng: Xoshiro256(seed: 1))
    }

    @Test("A received message is hidden for the visibility timeout, then returns with its receive count")
    func visibilityTimeout() {
        var q = Self.queue { $0.visibilityTimeout = .seconds(30) }
        q.send(Self.message(1), now: .zero)
        var got: [Delivery] = []
        q.receive(max: 10, now: .seconds(1), into: &got)
        var none: [Delivery] = []
        q.receive(max: 10, now: .seconds(30.9), into: &none)
        let deadline = q.nextDeadline()
        var again: [Delivery] = []
        q.receive(max: 10, now: .seconds(31), into: &again)
        #expect(got.count == 1 && got[0].receiveCount == 1 && got[0].queueWait == .seconds(1))
        #expect(none.isEmpty)
        #expect(deadline == .seconds(31))
        #expect(again.count == 1 && again[0].receiveCount == 2)
        #expect(q.counters.returned == 1)
        #expect(q.checkInvariants() == nil)
    }

    @Test("Redrive: a message is received exactly maxReceiveCount times, then dead-lettered", arguments: [1, 3, 5])
    func redrive(maxReceiveCount: Int) {
        var q = Self.queue { $0.maxReceiveCount = maxReceiveCount; $0.visibilityTimeout = .seconds(1) }
        q.send(Self.message(1), now: .zero)
        var receives = 0
        for second in 0..<20 {
            var got: [Delivery] = []
            q.receive(max: 10, now: .seconds(Double(second) * 2), into: &got)
            receives += got.count
        }
        #expect(receives == maxReceiveCount)
        #expect(q.counters.deadLettered == 1)
        #expect(q.depth == 0)
        #expect(q.checkInvariants() == nil)
    }

    @Test("Delete needs the current receipt; a stale one leaves the message alone")
    func staleReceipt() {
        var q = Self.queue { $0.visibilityTimeout = .seconds(1) }
        q.send(Self.message(1), now: .zero)
        var first: [Delivery] = []
        q.receive(max: 1, now: .zero, into: &first)
        var second: [Delivery] = []
        q.receive(max: 1, now: .seconds(2), into: &second)
        let stale = q.delete(first[0].receipt, now: .seconds(2))
        let current = q.delete(second[0].receipt, now: .seconds(2))
        #expect(!stale)
        #expect(current)
        #expect(q.counters.deleted == 1 && q.depth == 0)
        #expect(q.checkInvariants() == nil)
    }

    @Test("Messages past retention are counted as expired, never dropped silently")
    func retention() {
        var q = Self.queue { $0.retention = .seconds(60) }
        for i in 0..<5 { q.send(Self.message(UInt64(i)), now: .seconds(Double(i))) }
        var got: [Delivery] = []
        q.receive(max: 10, now: .seconds(62.5), into: &got)
        #expect(got.count == 2)
        #expect(q.counters.expired == 3)
        q.expireOverdue(now: .seconds(1000))
        #expect(q.counters.expired == 3)
        #expect(q.checkInvariants() == nil)
    }

    @Test("expireHead takes the overdue messages at the head, as a receive would, and frees the cap")
    func expireHead() {
        var q = Self.queue { $0.retention = .seconds(60); $0.maxDepth = 10 }
        for i in 0..<10 { q.send(Self.message(UInt64(i)), now: .seconds(Double(i))) }
        #expect(q.isAtCap)
        q.expireHead(now: .seconds(65.5))
        #expect(q.counters.expired == 6 && q.visibleCount == 4 && !q.isAtCap)
        q.expireHead(now: .seconds(65.9))
        #expect(q.counters.expired == 6)
        var got: [Delivery] = []
        q.receive(max: 10, now: .seconds(66), into: &got)
        // The receive meets one more overdue message (sent at 6 s) and delivers the rest in order.
        #expect(q.counters.expired == 7 && got.map(\.message.requestId) == [7, 8, 9])
        #expect(q.checkInvariants() == nil)
    }

    @Test("Delivery delay hides a message until it is due; the cap refuses sends")
    func delayAndCap() {
        var q = Self.queue { $0.deliveryDelay = .seconds(5); $0.maxDepth = 2 }
        let a = q.send(Self.message(1), now: .zero)
        let b = q.send(Self.message(2), now: .zero)
        let c = q.send(Self.message(3), now: .zero)
        var early: [Delivery] = []
        q.receive(max: 10, now: .seconds(4.9), into: &early)
        var due: [Delivery] = []
        q.receive(max: 10, now: .seconds(5), into: &due)
        #expect([a, b, c] == [true, true, false])
        #expect(early.isEmpty && due.count == 2)
        #expect(q.counters.refusedAtCap == 1)
        #expect(q.checkInvariants() == nil)
    }

    @Test("Change-visibility to zero makes a message visible at once")
    func changeVisibility() {
        var q = Self.queue()
        q.send(Self.message(1), now: .zero)
        var got: [Delivery] = []
        q.receive(max: 1, now: .zero, into: &got)
        let changed = q.changeVisibility(got[0].receipt, timeout: .zero, now: .seconds(1))
        #expect(changed && q.visibleCount == 1 && q.inFlightCount == 0)
    }

    @Test("At-least-once: every duplicate copy is counted and conservation still holds")
    func duplicates() {
        var q = Self.queue { $0.duplicateProbability = 0.2 }
        for i in 0..<10_000 { q.send(Self.message(UInt64(i)), now: .zero) }
        var received = 0
        while q.visibleCount > 0 {
            var got: [Delivery] = []
            q.receive(max: 10, now: .seconds(1), into: &got)
            for d in got { q.delete(d.receipt, now: .seconds(1)) }
            received += got.count
        }
        #expect(received == 10_000 + q.counters.duplicatesInjected)
        // 20% of 10,000 first deliveries, and of the copies' deliveries in turn: about 2,500.
        #expect(abs(q.counters.duplicatesInjected - 2_500) < 200)
        #expect(q.checkInvariants() == nil)
    }

    @Test("Deleted messages' deadlines are dropped as they reach the front: the deque holds only the batch in flight")
    func deletedDeadlinesPruned() {
        var q = MessageQueue(config: QueueConfig(), rng: Xoshiro256(seed: 1))
        for i in 0..<50_000 { _ = q.send(Self.message(UInt64(i)), delay: .zero, now: .zero) }
        var deliveries: [Delivery] = []
        var now = Instant.zero
        while q.visibleCount > 0 {
            deliveries.removeAll(keepingCapacity: true)
            q.receive(max: 10, now: now, into: &deliveries)
            // Deleted last to first: the batch's oldest deadline stays live until
            // the end, so its stale successors wait; none of earlier batches is left.
            for d in deliveries.reversed().dropLast() {
                let deleted = q.delete(d.receipt, now: now)
                #expect(deleted)
            }
            #expect(q.inFlightDeadlineEntries == deliveries.count)
            let deletedOldest = q.delete(deliveries[0].receipt, now: now)
            #expect(deletedOldest)
            #expect(q.inFlightDeadlineEntries == 0)
            now = now + .microseconds(10)
        }
        #expect(q.counters.deleted == 50_000 && q.checkInvariants() == nil)
    }
}
