/// The partitioned key-value store (DynamoDB) as a state machine.
///
/// Items are placed by a stable hash of the partition key. Every write takes
/// capacity units (one per KB, rounded up) from its partition, and, on demand,
/// from the table's instant limit; without them it is throttled and counted per
/// partition. Puts are conditional (`attribute_not_exists`): a second put of the
/// same key uses capacity but makes no record, and is counted as suppressed.
/// Each insert appends one record to the change stream.
///
/// Memory: per item, its key (two strings, inline up to 15 UTF-8 bytes each,
/// 32 bytes), the 32-byte `StoredItem` and 32 to 64 bytes of hash index
/// (`ItemTable`): 96 to 128 bytes, plus the body when `retainBodies` is on.
public struct KeyValueStore: Sendable {
    public let config: StoreConfig
    private var partitions: [PartitionCapacity]
    private var onDemand: OnDemandLimit?
    private var items = ItemTable()
    /// Sort key → partition key, kept with bodies, so that an item can be read
    /// by its id alone (`GET /orders/{id}`).
    private var partitionBySortKey: [String: String] = [:]
    private var rng: Xoshiro256
    public var stream = ChangeStream()
    public private(set) var counters: StoreCounters

    public init(config: StoreConfig, rng: Xoshiro256) {
        self.config = config
        self.rng = rng
        self.partitions = (0..<config.partitions).map { _ in
            PartitionCapacity(shareRate: config.partitionWriteRate, hardLimit: config.partitionWriteLimit, burstSeconds: config.burstSeconds)
        }
        self.onDemand = config.mode == .onDemand ? OnDemandLimit(initialCapacity: config.onDemandInitialWriteCapacity) : nil
        self.counters = StoreCounters(partitions: config.partitions)
    }

    /// Makes room for `count` items up front, so that a large run does not spend
    /// its time growing the table.
    public mutating func reserveCapacity(_ count: Int) {
        items.reserveCapacity(count)
    }

    /// Items stored.
    public var itemCount: Int { items.count }

    /// The partition a key hashes to.
    @inlinable
    public func partition(of partitionKey: String) -> Int {
        StableHash.partition(of: partitionKey, count: config.partitions)
    }

    /// Conditionally puts one item.
    /// - Complexity: O(key length) expected.
    public mutating func put(
        _ key: ItemKey, requestId: UInt64, workload: Int32, size: Int, body: [UInt8]? = nil, now: Instant
    ) -> PutResult {
        put(key, hashes: KeyHashes(key), requestId: requestId, workload: workload, size: size, body: body, now: now)
    }

    /// Conditionally puts one item whose key's hashes are already made
    /// (`KeyHashes(key)`, which they must equal).
    /// - Complexity: O(1) expected; O(key length) when the index holds its hash.
    public mutating func put(
        _ key: ItemKey, hashes: KeyHashes, requestId: UInt64, workload: Int32, size: Int, body: [UInt8]? = nil, now: Instant
    ) -> PutResult {
        guard size <= config.maxItemBytes else {
            counters.tooLarge += 1
            return .tooLarge
        }
        let p = StableHash.partition(hash: hashes.partition, count: config.partitions)
        let units = Double(max(1, (size + 1023) / 1024))
        if onDemand != nil, !onDemand!.tryTake(units, now: now) {
            counters.throttled += 1
            counters.throttledByPartition[p] += 1
            return .throttled(partition: p)
        }
        guard partitions[p].tryTake(units, now: now) else {
            counters.throttled += 1
            counters.throttledByPartition[p] += 1
            return .throttled(partition: p)
        }
        counters.writesByPartition[p] += 1
        let latency = config.writeLatency.isZero ? .zero : config.writeLatency.sample(&rng)
        let storedAt = now + latency
        let inserted = items.insertIfAbsent(key, hash: hashes.item,
                                            StoredItem(requestId: requestId, size: Int32(size), workload: workload,
                                                       storedAt: storedAt, body: config.retainBodies ? body : nil))
        guard inserted else {
            counters.duplicatesSuppressed += 1
            return .duplicate(latency: latency, partition: p)
        }
        counters.inserted += 1
        if config.retainBodies { partitionBySortKey[key.sortKey] = key.partitionKey }
        stream.append(requestId: requestId, workload: workload, partition: Int32(p), storedAt: storedAt)
        return .inserted(latency: latency, partition: p)
    }

    /// Reads an item by its sort key (the record's id), when the store keeps bodies.
    public mutating func get(sortKey: String) -> StoredItem? {
        guard let pk = partitionBySortKey[sortKey] else {
            counters.reads += 1
            return nil
        }
        return get(ItemKey(partitionKey: pk, sortKey: sortKey))
    }

    /// Reads an item (eventually consistent reads are not modelled: a read sees
    /// every completed put).
    public mutating func get(_ key: ItemKey) -> StoredItem? {
        counters.reads += 1
        return items.find(key, hash: ItemTable.hash(key))
    }
}
