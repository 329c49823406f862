/// `metadata.json`: what varies between two runs of the same scenario and seed
/// (host, wall time, speed, allocator), kept out of `summary.json` so that the
/// summary stays byte-identical.
public struct RunMetadata: Codable, Sendable, Equatable {
    public var spikelabVersion: String
    public var scenario: String
    public var scenarioHash: String
    public var seed: UInt64
    public var engine: String
    public var host: String
    public var startedAt: String
    public var wallSeconds: Double
    /// Virtual clock: events processed per second of wall time.
    public var eventsPerSecond: Double
    /// Requests sent per second of wall time.
    public var requestsPerSecond: Double
    /// Simulated seconds per wall second.
    public var speedup: Double
    public var allocator: AllocatorStats
    /// Peak resident memory of the process (`VmHWM`), in bytes.
    public var peakResidentBytes: Int?
    /// CPU time the hypervisor took from this machine during the run, all CPUs
    /// together, in seconds (`HostSteal`; nil where it cannot be read). Wall
    /// times of runs with much of it are not comparable with others.
    public var hostStealSeconds: Double?
    public var commandLine: [String]

    public init(spikelabVersion: String, scenario: String, scenarioHash: String, seed: UInt64, engine: String, host: String,
                startedAt: String, wallSeconds: Double, eventsPerSecond: Double, requestsPerSecond: Double, speedup: Double,
                allocator: AllocatorStats, peakResidentBytes: Int?, hostStealSeconds: Double? = nil, commandLine: [String]) {
        self.spikelabVersion = spikelabVersion; self.scenario = scenario; self.scenarioHash = scenarioHash; self.seed = seed
        self.engine = engine; self.host = host; self.startedAt = startedAt; self.wallSeconds = wallSeconds
        self.eventsPerSecond = eventsPerSecond; self.requestsPerSecond = requestsPerSecond; self.speedup = speedup
        self.allocator = allocator; self.peakResidentBytes = peakResidentBytes; self.hostStealSeconds = hostStealSeconds
        self.commandLine = commandLine
    }
}

/// SpikeLab's version, written into every run.
public let spikelabVersion = "0.1.0"
