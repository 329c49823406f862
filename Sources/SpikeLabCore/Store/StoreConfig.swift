/// The store's settings, with DynamoDB's defaults.
public struct StoreConfig: Sendable, Equatable {
    public enum CapacityMode: String, Sendable, Equatable {
        /// Provisioned table capacity, split evenly over partitions, each capped at
        /// the partition's hard limit, with burst credit.
        case provisioned
        /// On-demand: the table takes up to twice its previous peak at once; each
        /// partition still has its hard limit.
        case onDemand
    }

    /// Partitions the items are hashed over.
    public var partitions = 4
    public var mode = CapacityMode.provisioned
    /// Table write capacity units a second (provisioned mode).
    public var writeCapacity = 4_000.0
    /// Table read capacity units a second (provisioned mode).
    public var readCapacity = 12_000.0
    /// A partition's hard limits: 1,000 WCU and 3,000 RCU a second.
    public var partitionWriteLimit = 1_000.0
    public var partitionReadLimit = 3_000.0
    /// Unused capacity kept as burst credit: 300 s worth.
    public var burstSeconds = 300.0
    /// On-demand tables start as if their previous peak were half of this.
    public var onDemandInitialWriteCapacity = 4_000.0
    /// Item size limit: 400 KB.
    public var maxItemBytes = 400 * 1024
    /// Time one write takes.
    public var writeLatency = LatencyDistribution.fixed(.milliseconds(5))
    /// Whether to keep items' bodies (for GET over HTTP); the virtual engine keeps
    /// only keys and sizes.
    public var retainBodies = false

    public init() {}

    /// Each partition's share of the table's provisioned write capacity.
    public var partitionWriteRate: Double {
        mode == .provisioned ? min(partitionWriteLimit, writeCapacity / Double(partitions)) : partitionWriteLimit
    }
}
