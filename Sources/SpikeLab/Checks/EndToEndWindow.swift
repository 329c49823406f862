/// End-to-end latency over one tumbling window, from the merged histograms of
/// its intervals (percentiles are merged, never averaged). Kept only for the
/// window lengths and aggregates that thresholds ask for.
public struct EndToEndWindow: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var count: UInt64
    /// Milliseconds, by aggregate name (`p99`, `avg`, `min`, `max`).
    public var values: [String: Double]
}
