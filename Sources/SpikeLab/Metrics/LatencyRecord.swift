import SpikeLabCore

/// One latency waiting to be recorded.
struct LatencyRecord: Sendable {
    var stage: Stage
    var workload: Int32
    var span: TimeSpan
}
