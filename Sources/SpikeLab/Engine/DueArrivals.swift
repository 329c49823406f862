import SpikeLabCore

/// A wall-clock generator's arrivals that are due (in process or over HTTP),
/// made from the generator's own copy of a workload's `TrafficSource` and
/// schedule, so that it can make them without holding the pipeline's lock;
/// `Pipeline.count(_:)` then counts them under it. The pipeline's copy of the
/// source keeps what answers need: the workload's spec and the retry stream.
///
/// An arrival more than `dropAfter` behind its intended time is dropped
/// (counted, never sent); more than `lateAfter`, counted late; every one sent has
/// its send lag kept for the pipeline's histogram.
struct DueArrivals {
    /// The requests to send, each with a second submission to send later when
    /// the workload makes duplicates.
    var requests: [(request: ClientRequest, duplicate: ClientRequest?)] = []
    /// The send lag of each request, in order.
    var lags: [TimeSpan] = []
    var dropped = 0
    var late = 0

    /// Takes the arrivals due by `now()`, at most `limit` of them (sent or
    /// dropped), from `schedule`, whose next arrival is `next`.
    /// - Complexity: O(k) for the k arrivals taken.
    mutating func take(from source: inout TrafficSource, schedule: inout ArrivalSchedule, next: inout Instant?, limit: Int,
                       lateAfter: TimeSpan, dropAfter: TimeSpan, now: () -> Instant) {
        var taken = 0
        while let t = next, taken < limit {
            let now = now()
            guard t <= now else { break }
            next = schedule.next()
            taken += 1
            if now - t > dropAfter {
                dropped += 1
                continue
            }
            lags.append(now - t)
            if now - t > lateAfter { late += 1 }
            requests.append(source.nextRequest(intendedAt: t, sentAt: now))
        }
    }
}
