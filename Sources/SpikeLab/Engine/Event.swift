import SpikeLabCore

/// One scheduled happening of the virtual-time loop, ordered by `(time, sequence)`
/// so that ties always run in the order they were scheduled (as NIO's
/// `EmbeddedEventLoop` orders its tasks).
struct Event: Comparable, Sendable {
    var time: Instant
    var sequence: UInt64
    var kind: Kind

    /// What happens. The values an event acts on (a request, a consumer step)
    /// are parked in the engine's `Slab`s under the index the case carries, so
    /// that an event is 24 bytes with nothing to reference-count: the heap moves
    /// events on every insert and pop.
    enum Kind: Sendable {
        /// A retry or a duplicate submission (a parked `ClientRequest`).
        case send(Int32)
        /// A synchronous request reaches the handler after the gateway (a parked
        /// request and its message).
        case syncStart(Int32)
        /// A delayed or in-flight message may have become visible.
        case queueWake
        /// A consumer slot's next step is due (a parked `ConsumerStep`).
        case consumer(Int32)
        /// A batching window closes: the slot.
        case gatherEnd(Int32)
        case notifierPoll
        /// The end of one time-series interval.
        case tick
        /// The managed scaling ramp's once-a-second look.
        case scale
    }

    /// Whether the event is work in the pipeline (as opposed to a recurring timer):
    /// the run may end only when none is pending.
    var isWork: Bool {
        switch kind {
        case .send, .syncStart, .consumer, .gatherEnd: return true
        case .queueWake, .notifierPoll, .tick, .scale: return false
        }
    }

    static func < (a: Event, b: Event) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }

    static func == (a: Event, b: Event) -> Bool {
        a.time == b.time && a.sequence == b.sequence
    }
}
