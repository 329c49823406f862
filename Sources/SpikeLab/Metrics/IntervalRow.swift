/// One row of the time series: counts over one interval, gauges at its end, and
/// the interval's own end-to-end percentiles.
public struct IntervalRow: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var offered = 0
    public var sent = 0
    public var late = 0
    public var dropped = 0
    public var accepted = 0
    public var throttledQuota = 0
    public var throttledKey = 0
    public var throttledRoute = 0
    public var throttledAccount = 0
    public var throttledConcurrency = 0
    public var rejected400 = 0
    public var rejected401 = 0
    public var rejected403 = 0
    public var rejected413 = 0
    public var rejected503 = 0
    public var clientRetries = 0
    public var enqueued = 0
    public var received = 0
    public var processed = 0
    public var failed = 0
    public var stored = 0
    public var duplicatesSuppressed = 0
    public var storeThrottled = 0
    public var storeRetries = 0
    public var deadLettered = 0
    public var expired = 0
    public var visible = 0
    public var inFlight = 0
    public var delayed = 0
    public var oldestAgeSeconds = 0.0
    public var activeConsumers = 0
    public var busyConsumers = 0
    public var coldStarts = 0
    public var notified = 0
    /// End-to-end latencies recorded in this interval, and their percentiles (µs).
    public var endToEndCount = 0
    public var endToEndP50 = UInt64(0)
    public var endToEndP90 = UInt64(0)
    public var endToEndP99 = UInt64(0)
    public var endToEndMax = UInt64(0)
    /// Store writes throttled in this interval, per partition.
    public var storeThrottledByPartition: [Int] = []
    /// CPU time the hypervisor took from this machine in the interval, all CPUs
    /// together, in milliseconds (`HostSteal`): wall-clock runs only, nil on the
    /// virtual clock (whose rows stay the same from run to run).
    public var hostStealMs: Double? = nil

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var throttled: Int { throttledQuota + throttledKey + throttledRoute + throttledAccount + throttledConcurrency }
    public var rejected: Int { rejected400 + rejected401 + rejected403 + rejected413 + rejected503 }
}

extension IntervalRow {
    /// Sets the interval's end-to-end count, percentiles and maximum.
    mutating func setEndToEnd(_ f: IntervalLatency.Figures) {
        endToEndCount = f.count
        (endToEndP50, endToEndP90, endToEndP99, endToEndMax) = (f.p50, f.p90, f.p99, f.max)
    }
}
