import SpikeLabCore

/// One stream of requests: a workload type on its route, with its rate, keys and
/// client behaviour (docs/scenarios.md, workloads).
public struct WorkloadSpec: Sendable, Equatable {
    /// The route's name (and the workload's name in reports).
    public var name: String
    public var kind: WorkloadKind
    public var rate: RateShape
    public var arrivals = ArrivalProcess.poisson
    public var keys = KeyDistribution(.uniform(count: 100_000))
    /// The item attribute used as the store's partition key: one of the
    /// workload's id or entity fields, or `recordType` (one constant key).
    public var partitionKey: String
    /// The `x-api-key` the clients send, if any.
    public var apiKey: String?
    /// Share of requests sent with an invalid body.
    public var invalidShare = 0.0
    /// Share of requests submitted twice with the same request id.
    public var duplicateShare = 0.0
    /// How long after the first submission the second is sent.
    public var duplicateDelay = LatencyDistribution(.uniform(min: .milliseconds(100), max: .seconds(2)))
    public var retry = ClientRetry()

    public init(name: String, kind: WorkloadKind, rate: RateShape) {
        self.name = name
        self.kind = kind
        self.rate = rate
        self.partitionKey = kind.idField
    }

    /// The name a table keyed by record type uses.
    public static let recordTypeKey = "recordType"
}
