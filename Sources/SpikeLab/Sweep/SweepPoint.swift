/// One finished point of a sweep: its settings and its run's summary.
public struct SweepPoint: Sendable {
    public var settings: [(path: String, value: String)]
    public var folder: String
    public var summary: Summary

    /// The folder name: `consumers.concurrency-20_consumers.batchSize-10`.
    static func name(_ settings: [(path: String, value: String)]) -> String {
        settings.map { "\($0.path)-\($0.value)" }.joined(separator: "_")
            .map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "-" }.reduce("") { $0 + String($1) }
    }

    /// End-to-end p99 in ms.
    public var p99: Double { summary.latency["end_to_end"]?["all"]?.p99Ms ?? 0 }
    /// Stored records a second over the run.
    public var throughput: Double { summary.simulatedSeconds > 0 ? Double(summary.counts.stored) / summary.simulatedSeconds : 0 }
    /// From the end of the traffic until the queue was empty, in seconds.
    public var drainSeconds: Double? { summary.peaks.drainedAtSeconds.map { max(0, $0 - summary.trafficSeconds) } }
}
