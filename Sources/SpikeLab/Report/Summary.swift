import SpikeLabCore

/// `summary.json`: the whole run in numbers. Deterministic: the same scenario and
/// seed give the same bytes (wall time and host live in `metadata.json`).
public struct Summary: Codable, Sendable, Equatable {
    public var schemaVersion = 1
    public var scenario: ScenarioInfo
    public var seed: UInt64
    public var engine: String
    public var trafficSeconds: Double
    public var simulatedSeconds: Double
    /// Whether the pipeline was empty at the end (false: the drain timed out).
    public var drained: Bool
    public var interrupted: Bool
    public var counts: Counts
    public var conservation: Conservation
    /// Stage → workload (or `all`) → percentiles.
    public var latency: [String: [String: StageLatency]]
    public var partitions: [PartitionCounts]
    public var peaks: Peaks
    /// Latencies above the histograms' range (one day), recorded at its top.
    public var histogramOutOfRange: UInt64
    /// Wall clock: the generator's send lag (actual minus intended send time)
    /// and the rate it achieved; absent on the virtual clock, where nothing is late.
    public var generator: Generator?
    /// Every threshold and how it fared.
    public var thresholds: [ThresholdResult] = []
    /// A run against an HTTP target: the target and the answers by status.
    public var http: HTTP? = nil

    /// Whether every threshold passed.
    public var thresholdsPassed: Bool { thresholds.allSatisfy(\.passed) }

    public struct Generator: Codable, Sendable, Equatable {
        public var sendLag: StageLatency
        /// Arrivals sent (not dropped) per second of traffic.
        public var achievedRate: Double
        /// Arrivals the schedule meant to send per second of traffic.
        public var offeredRate: Double
    }

    public struct HTTP: Codable, Sendable, Equatable {
        public var target: String
        /// Whether the target was a SpikeLab server (queue and ledger read from its `/metrics`).
        public var spikelabServer: Bool
        /// Answers by status code.
        public var statuses: [String: Int]
        /// Requests with no answer within the timeout (their times are recorded).
        public var timeouts: Int
        /// Requests that got no answer: refused or broken connections.
        public var transportErrors: Int
        /// Requests still waiting for a connection or an answer when the run
        /// ended. statuses + timeouts + transportErrors + unanswered = sent.
        public var unanswered: Int?
    }

    public struct ScenarioInfo: Codable, Sendable, Equatable {
        public var name: String
        public var description: String
        /// FNV-1a of the scenario text as run.
        public var hash: String
        /// FNV-1a of the test itself: the scenario's name, its traffic (workloads)
        /// and the seed. A baseline compares only runs of the same test; pipeline
        /// settings may differ, since they are what a check is about.
        public var testHash: String
        public var topology: Topology
        public var workloads: [String]
        /// The loader's warnings (`field: message`, without the file's path, so
        /// that the bytes do not depend on where the scenario was read from);
        /// absent when there are none.
        public var warnings: [String]? = nil
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var offered, sent, late, dropped, accepted: Int
        public var throttled: [String: Int]
        public var throttledTotal: Int
        public var rejected: [String: Int]
        public var rejectedTotal: Int
        public var clientRetries, clientGaveUp, duplicateSubmissions: Int
        public var enqueued, duplicateDeliveries, received, processed, failed: Int
        public var handlerFailures, storeGiveUps, invocationTimeouts, invocations, coldStarts: Int
        public var stored, duplicatesSuppressed, storeThrottled, storeRetries: Int
        public var deadLettered, expired, leftInQueue, inFlight: Int
        public var streamRecords, notified: Int
        public var syncSucceeded, syncFailed: Int
        /// Seconds consumers spent in invocations, summed: what Lambda bills.
        public var consumerSeconds: Double
    }

    public struct Conservation: Codable, Sendable, Equatable {
        public var holds: Bool
        public var equation: String
        public var ledger: Ledger
    }

    public struct StageLatency: Codable, Sendable, Equatable {
        public var count: UInt64
        public var minMs, meanMs, p50Ms, p90Ms, p95Ms, p99Ms, p999Ms, maxMs: Double

        enum CodingKeys: String, CodingKey {
            case count, minMs = "min_ms", meanMs = "mean_ms", p50Ms = "p50_ms", p90Ms = "p90_ms", p95Ms = "p95_ms"
            case p99Ms = "p99_ms", p999Ms = "p99_9_ms", maxMs = "max_ms"
        }

        init(_ h: LatencyHistogram) {
            count = h.count
            minMs = ReportNumber.ms(h.min)
            meanMs = (h.mean).rounded() / 1000
            let p = h.percentiles([50, 90, 95, 99, 99.9]).map(ReportNumber.ms)
            (p50Ms, p90Ms, p95Ms, p99Ms, p999Ms) = (p[0], p[1], p[2], p[3], p[4])
            maxMs = ReportNumber.ms(h.max)
        }
    }

    public struct PartitionCounts: Codable, Sendable, Equatable {
        public var partition: Int
        public var writes: Int
        public var throttled: Int
    }

    public struct Peaks: Codable, Sendable, Equatable {
        public var visible: Int
        public var inFlight: Int
        public var activeConsumers: Int
        public var oldestAgeSeconds: Double
        /// First interval end after the traffic's end at which nothing was visible
        /// or in flight, in seconds from the start; nil if the queue never drained.
        public var drainedAtSeconds: Double?
    }
}

extension Summary {
    /// Builds the summary of a run.
    public init(_ r: RunResult) {
        let c = r.counters
        let q = r.queue
        let k = r.consumers
        let s = r.store
        scenario = ScenarioInfo(name: r.scenario.name, description: r.scenario.description,
                                hash: Self.hash(r.scenario.sourceText),
                                testHash: Self.testHash(r.scenario, seed: r.seed), topology: r.scenario.topology,
                                workloads: r.scenario.workloads.map(\.name),
                                warnings: r.scenario.warnings.isEmpty ? nil : r.scenario.warnings.map { "\($0.field): \($0.message)" })
        seed = r.seed
        engine = r.engine
        trafficSeconds = r.trafficSeconds
        simulatedSeconds = r.simulatedSeconds
        drained = r.drained
        interrupted = r.interrupted
        var throttled: [String: Int] = [:]
        for level in ThrottleLevel.allCases { throttled[level.rawValue] = c.throttled[level, default: 0] }
        var rejected: [String: Int] = [:]
        for code in [400, 401, 403, 413, 503] { rejected[String(code)] = c.rejected[code, default: 0] }
        counts = Counts(
            offered: c.offered, sent: c.sent, late: c.late, dropped: c.dropped, accepted: c.accepted,
            throttled: throttled, throttledTotal: c.throttledTotal, rejected: rejected, rejectedTotal: c.rejectedTotal,
            clientRetries: c.clientRetries, clientGaveUp: c.clientGaveUp, duplicateSubmissions: c.duplicateSubmissions,
            enqueued: q.sent, duplicateDeliveries: q.duplicatesInjected, received: q.received, processed: k.processed,
            failed: k.handlerFailures + k.storeGiveUps, handlerFailures: k.handlerFailures, storeGiveUps: k.storeGiveUps,
            invocationTimeouts: k.timeouts, invocations: k.invocations, coldStarts: k.coldStarts,
            stored: s.inserted, duplicatesSuppressed: s.duplicatesSuppressed, storeThrottled: s.throttled,
            storeRetries: k.storeRetries, deadLettered: q.deadLettered, expired: q.expired,
            leftInQueue: r.ledger.queued, inFlight: r.ledger.inFlight,
            streamRecords: r.streamRecords, notified: c.notified,
            syncSucceeded: c.syncSucceeded, syncFailed: c.syncFailed,
            consumerSeconds: (Double(k.busyNanoseconds) / 1e6).rounded() / 1e3)
        conservation = Conservation(holds: r.ledger.holds, equation: r.ledger.equation, ledger: r.ledger)
        var latency: [String: [String: StageLatency]] = [:]
        for stage in Stage.allCases {
            var perWorkload: [String: StageLatency] = [:]
            for (i, name) in r.histograms.workloads.enumerated() {
                perWorkload[name] = StageLatency(r.histograms.histogram(stage, workload: i))
            }
            perWorkload["all"] = StageLatency(r.histograms.merged(stage))
            latency[stage.rawValue] = perWorkload
        }
        self.latency = latency
        partitions = s.writesByPartition.indices.map {
            PartitionCounts(partition: $0, writes: s.writesByPartition[$0], throttled: s.throttledByPartition[$0])
        }
        let afterTraffic = r.rows.first { $0.end >= r.trafficSeconds && $0.visible == 0 && $0.inFlight == 0 && $0.delayed == 0 }
        peaks = Peaks(visible: r.rows.map(\.visible).max() ?? 0, inFlight: r.rows.map(\.inFlight).max() ?? 0,
                      activeConsumers: r.rows.map(\.activeConsumers).max() ?? 0,
                      oldestAgeSeconds: ((r.rows.map(\.oldestAgeSeconds).max() ?? 0) * 1000).rounded() / 1000,
                      drainedAtSeconds: afterTraffic?.end)
        histogramOutOfRange = r.histograms.outOfRange
        thresholds = ThresholdEvaluator.evaluate(r.scenario.thresholds, r)
        http = r.http.map { h in
            HTTP(target: h.url, spikelabServer: h.spikelabServer,
                 statuses: Dictionary(uniqueKeysWithValues: c.statuses.map { (String($0.key), $0.value) }),
                 timeouts: c.timeouts, transportErrors: c.transportErrors, unanswered: c.unanswered)
        }
        generator = r.sendLag.map { lag in
            let seconds = max(r.trafficSeconds, 1e-9)
            return Generator(sendLag: StageLatency(lag), achievedRate: Double(c.offered - c.dropped) / seconds,
                             offeredRate: Double(c.offered) / seconds)
        }
    }

    /// FNV-1a of a text, as 16 hex digits.
    /// The hash of a test: the scenario's name, its traffic and the seed. Runs
    /// with the same test hash are comparable with one baseline.
    public static func testHash(_ scenario: Scenario, seed: UInt64) -> String {
        hash("\(scenario.name)|\(seed)|\(scenario.workloads)")
    }

    public static func hash(_ text: String) -> String {
        let h = StableHash.fnv1a(text)
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
