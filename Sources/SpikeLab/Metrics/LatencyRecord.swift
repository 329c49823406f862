import SpikeLabCore

/// One latency waiting to be recorded.
struct LatencyRecord: Sendable {
    var stage: Stage
    var workload: Int32
    var span: TimeSpan
}

extension LatencyRecord {
    /// Not a latency: the mark, in the stream of records, where the time-series
    /// interval ending at `end` closes (workload −1, the end in the span). The
    /// end-to-end latencies before it belong to that interval or earlier ones.
    static func intervalEnd(at end: Instant) -> LatencyRecord {
        LatencyRecord(stage: .endToEnd, workload: -1, span: TimeSpan(nanoseconds: end.nanoseconds))
    }

    /// Whether this is an interval's end (`intervalEnd(at:)`), not a latency.
    var isIntervalEnd: Bool { workload < 0 }

    /// The end of the interval this record marks.
    var intervalEnd: Instant { Instant(nanoseconds: span.nanoseconds) }
}
