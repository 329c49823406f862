/// An item's primary key: partition key and sort key. The store finds items by
/// its own hash of the two (`ItemTable.hash`).
public struct ItemKey: Sendable, Hashable {
    public var partitionKey: String
    public var sortKey: String
    public init(partitionKey: String, sortKey: String) {
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }
}
