import SpikeLabCore

/// The run's ledger and the pipeline's figures, read from a SpikeLab server's
/// `/metrics` before and after the run.
extension TargetEngine {
    /// Balances the client's 2xx answers against the server's counts over the
    /// run (queue-buffered SpikeLab server), or says it cannot be checked.
    static func ledger(client c: RunCounters, topology: Topology, before: ServerMetrics?, after: ServerMetrics?) -> Ledger {
        guard topology == .queue, let b = before, let a = after else {
            return Ledger(topology: topology, vantage: .client, accepted: c.accepted, duplicateCopies: 0, completed: 0, failed: 0,
                          deadLettered: 0, expired: 0, queued: 0, inFlight: 0)
        }
        return Ledger(topology: .queue, vantage: .server, accepted: c.accepted, duplicateCopies: a.duplicateCopies - b.duplicateCopies,
                      completed: a.deleted - b.deleted, failed: 0, deadLettered: a.deadLettered - b.deadLettered,
                      expired: a.expired - b.expired, queued: (a.visible + a.delayed) - (b.visible + b.delayed),
                      inFlight: a.inFlight - b.inFlight)
    }

    /// The server's counts over the run, where the in-process run keeps its
    /// own: what the summary's queue and store counts are read from.
    static func fill(_ r: inout RunResult, before b: ServerMetrics, after a: ServerMetrics) {
        r.queue.sent = a.accepted - b.accepted
        r.queue.duplicatesInjected = a.duplicateCopies - b.duplicateCopies
        r.queue.received = a.received - b.received
        r.consumers.processed = a.processed - b.processed
        r.queue.deleted = a.deleted - b.deleted
        r.queue.deadLettered = a.deadLettered - b.deadLettered
        r.queue.expired = a.expired - b.expired
        r.store.inserted = a.storedItems - b.storedItems
        r.store.duplicatesSuppressed = a.duplicatesSuppressed - b.duplicatesSuppressed
        r.consumers.handlerFailures = a.handlerFailures - b.handlerFailures
        r.consumers.storeGiveUps = a.storeGiveUps - b.storeGiveUps
        r.consumers.invocations = a.invocations - b.invocations
        r.consumers.coldStarts = a.coldStarts - b.coldStarts
        r.streamRecords = a.streamRecords - b.streamRecords
        r.counters.notified = a.notified - b.notified
        r.storedItems = a.storedItems - b.storedItems
        if a.throttledByPartition.count == b.throttledByPartition.count && a.throttledByPartition.count == r.store.throttledByPartition.count {
            r.store.throttledByPartition = zip(a.throttledByPartition, b.throttledByPartition).map { $0 - $1 }
            r.store.throttled = r.store.throttledByPartition.reduce(0, +)
        }
    }
}
