import SpikeLabCore

/// Everything a run measured: what the reports are written from.
public struct RunResult: Sendable {
    public var scenario: Scenario
    public var seed: UInt64
    /// `virtual` or `wall`.
    public var engine: String
    /// When the traffic ended and when the run ended (after draining).
    public var trafficSeconds: Double
    public var simulatedSeconds: Double
    /// Whether the pipeline was empty at the end (false: the drain timed out).
    public var drained: Bool
    public var interrupted = false
    public var counters: RunCounters
    public var queue: QueueCounters
    public var consumers: ConsumerCounters
    public var store: StoreCounters
    public var storedItems: Int
    public var streamRecords: Int
    public var histograms: StageHistograms
    public var rows: [IntervalRow]
    public var ledger: Ledger
    /// Events the loop processed (virtual clock).
    public var events: Int
    /// Wall clock: each arrival's send lag (actual minus intended send time).
    public var sendLag: LatencyHistogram?
    /// End-to-end latency per tumbling window, by window length in seconds, for
    /// the windowed thresholds.
    public var endToEndWindows: [Double: [EndToEndWindow]] = [:]
    /// Runs against an HTTP target (`run --target`): where they were sent.
    public var http: HTTPTarget? = nil

    public struct HTTPTarget: Sendable, Equatable {
        /// The base URL.
        public var url: String
        /// Whether the target said it was a SpikeLab server, whose `/metrics`
        /// the run read for the queue's depth and the ledger.
        public var spikelabServer: Bool
    }

    /// Peak of visible messages at any interval end.
    public var peakVisible: Int { rows.map(\.visible).max() ?? 0 }
}
