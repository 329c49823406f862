/// The two hashes the store takes of an item's key: the partition key's
/// (FNV-1a, `StableHash`, which places the item) and the whole key's
/// (`ItemTable.hash`, which finds it in the index).
///
/// Made where the key is made, so that whoever puts the item need not walk its
/// strings again: on the virtual clock the arrival feed's thread makes them with
/// the body, as a producer that computes its message's partition, and the event
/// loop only reads them. Equal keys (equal bytes) have equal hashes; a message
/// carries the hashes of its own key.
public struct KeyHashes: Sendable, Equatable {
    /// FNV-1a of the partition key's UTF-8 bytes.
    public var partition: UInt64
    /// `ItemTable.hash(sortKey:samePartition:partitionHash:)` of the key.
    public var item: UInt64

    /// Hashes `key`, from its strings' UTF-8 bytes.
    /// - Complexity: O(key length).
    public init(_ key: ItemKey) {
        var partitionKey = key.partitionKey, sortKey = key.sortKey
        self = partitionKey.withUTF8 { p in sortKey.withUTF8 { s in KeyHashes(partitionKey: p, sortKey: s) } }
    }

    /// Hashes the key with these partition and sort keys.
    public init(partitionKey: String, sortKey: String) {
        self.init(ItemKey(partitionKey: partitionKey, sortKey: sortKey))
    }

    /// Hashes the key whose strings have these UTF-8 bytes (the feed hashes a
    /// body's key where it lies in the body, without making strings).
    /// - Complexity: O(key length).
    public init(partitionKey: UnsafeBufferPointer<UInt8>, sortKey: UnsafeBufferPointer<UInt8>) {
        partition = StableHash.fnv1a(partitionKey)
        item = ItemTable.hash(sortKey: sortKey, samePartition: Self.equal(partitionKey, sortKey), partitionHash: partition)
    }

    /// Byte equality (the generic `elementsEqual` took 4% of the feed's time).
    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a.baseAddress == b.baseAddress { return true }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}
