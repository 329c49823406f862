import SpikeLabCore

/// A whole run's description: traffic and pipeline settings (docs/scenarios.md).
///
/// Everything but the workloads has a default: those of the managed services the
/// components stand for. `ScenarioLoader` builds one from YAML and validates it.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var description = ""
    public var seed: UInt64 = 1
    public var topology = Topology.queue
    /// Which engine runs it by default (`--clock` overrides).
    public var clock = ClockKind.virtual
    /// Length of one row of the time series.
    public var interval = TimeSpan.seconds(1)
    /// After the traffic ends, the run goes on until the pipeline is empty or
    /// this long has passed.
    public var drainTimeout = TimeSpan.seconds(600)
    public var workloads: [WorkloadSpec]
    public var gateway = GatewayConfig()
    public var queue = QueueConfig()
    public var consumers = ConsumerConfig()
    /// The synchronous topology's handler concurrency limit.
    public var syncConcurrency = 1_000
    public var store = StoreConfig()
    public var notifier = NotifierConfig()
    /// Pass/fail conditions, evaluated at the end of the run.
    public var thresholds: [Threshold] = []
    /// The settings `spikelab sweep` varies when none are given on the command line.
    public var sweep: [SweepAxis] = []
    /// The fraction by which p99 must still improve for a sweep step to count.
    public var kneeFraction = Sweep.defaultKneeFraction
    /// The scenario's source text as run (after `--set`), for the run folder.
    public var sourceText = ""
    /// What the loader found allowed but likely a mistake (it still runs):
    /// printed when it is loaded and kept in the report.
    public var warnings: [ScenarioIssue] = []

    public init(name: String, workloads: [WorkloadSpec]) {
        self.name = name
        self.workloads = workloads
    }

    /// When the last workload's traffic ends.
    public var trafficDuration: TimeSpan {
        workloads.map(\.rate.duration).max() ?? .zero
    }

    /// The expected number of arrivals over every workload (the integral of
    /// each rate).
    /// - Complexity: O(p) in the pieces the rates are drawn with.
    public var expectedArrivals: Double {
        workloads.reduce(0) { $0 + $1.rate.compile().totalArrivals }
    }
}
