/// The partitioned key-value store (DynamoDB) as a state machine.
///
/// Items are placed by a stable hash of the partition key. Every write takes
/// capacity units (one per KB, rounded up) from its partition, and, on demand,
/// from the table's instant limit; without them it is throttled and counted per
/// partition. Puts are conditional (`attribute_not_exists`): a second put of the
/// same key uses capacity but makes no record, and is counted as suppressed.
/// Each insert appends one record to the change stream.
///
/// Keys are held as `StoreKey`s, plain bytes: strings over 15 UTF-8 bytes are
/// interned in the store's `KeyArena`, so only keys made by this store (its
/// `storeKey(_:)`) may be given to it.
///
/// Memory: per item, its 32-byte key, the 32-byte `StoredItem` and 16 to 32
/// bytes of hash index (`ItemTable`): 80 to 96 bytes, plus each distinct long
/// key string once, and the body when `retainBodies` is on.
public struct KeyValueStore: Sendable {
    public let config: StoreConfig
    private var partitions: [PartitionCapacity]
    private var onDemand: OnDemandLimit?
    private var items = ItemTable()
    private var arena = KeyArena()
    /// Sort key → partition key, kept with bodies, so that an item can be read
    /// by its id alone (`GET /orders/{id}`).
    private var partitionBySortKey: [String: String] = [:]
    /// Write latencies (the store's stream feeds nothing else).
    private var writeLatencies: LatencySampler
    public var stream = ChangeStream()
    public private(set) var counters: StoreCounters

    public init(config: StoreConfig, rng: Xoshiro256) {
        self.config = config
        self.writeLatencies = LatencySampler(config.writeLatency, rng: rng)
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

    /// Starts loading what a put of the key with `hashes` reads first (see
    /// `ItemTable.prefetch(hash:)`); a hint, changing nothing. Mutating only so
    /// that a caller in another module passes the store by address: passed by
    /// value, the whole store would be copied to the stack for the call.
    public mutating func prefetch(_ hashes: KeyHashes) {
        items.prefetch(hash: hashes.item)
    }

    /// The partition a key hashes to.
    @inlinable
    public func partition(of partitionKey: String) -> Int {
        StableHash.partition(of: partitionKey, count: config.partitions)
    }

    /// The key as this store holds it, interning a long string.
    /// - Complexity: O(1) for keys of up to 15 UTF-8 bytes; O(length) expected
    ///   for longer ones.
    public mutating func storeKey(_ key: ItemKey) -> StoreKey {
        StoreKey(partition: arena.text(key.partitionKey), sort: arena.text(key.sortKey))
    }

    /// The strings of a key made by `storeKey(_:)`.
    public func itemKey(_ key: StoreKey) -> ItemKey {
        ItemKey(partitionKey: arena.string(key.partition), sortKey: arena.string(key.sort))
    }

    /// Long key strings interned (each kept once until the run ends).
    public var internedKeyStrings: Int { arena.count }

    /// Conditionally puts one item.
    /// - Complexity: O(key length) expected.
    public mutating func put(
        _ key: ItemKey, requestId: UInt64, workload: Int32, size: Int, body: [UInt8]? = nil, now: Instant
    ) -> PutResult {
        put(storeKey(key), hashes: KeyHashes(key), requestId: requestId, workload: workload, size: size, body: body, now: now)
    }

    /// Conditionally puts one item whose key was made by `storeKey(_:)` and
    /// whose hashes are already made (`KeyHashes` of its strings, which they
    /// must equal).
    /// - Complexity: O(1) expected.
    public mutating func put(
        _ key: StoreKey, hashes: KeyHashes, requestId: UInt64, workload: Int32, size: Int, body: [UInt8]? = nil, now: Instant
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
        let latency = writeLatencies.next()
        let storedAt = now + latency
        let inserted = items.insertIfAbsent(key, hash: hashes.item,
                                            StoredItem(requestId: requestId, size: Int32(size), workload: workload,
                                                       storedAt: storedAt, body: config.retainBodies ? body : nil))
        guard inserted else {
            counters.duplicatesSuppressed += 1
            return .duplicate(latency: latency, partition: p)
        }
        counters.inserted += 1
        if config.retainBodies {
            let strings = itemKey(key)
            partitionBySortKey[strings.sortKey] = strings.partitionKey
        }
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
        guard let p = arena.existingText(key.partitionKey), let s = arena.existingText(key.sortKey) else { return nil }
        return items.find(StoreKey(partition: p, sort: s), hash: ItemTable.hash(key))
    }
}
