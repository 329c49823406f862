/// An item's primary key as the store and the queue's messages hold it: the
/// partition key and sort key as `KeyText`s, 32 plain bytes.
///
/// The store's `storeKey(_:)` makes one from an `ItemKey` (interning long strings
/// in its arena) and `itemKey(_:)` turns it back. Two keys made by one store are
/// equal exactly when their strings are.
public struct StoreKey: Sendable, Hashable {
    public var partition: KeyText
    public var sort: KeyText

    public init(partition: KeyText, sort: KeyText) {
        self.partition = partition
        self.sort = sort
    }

    /// The inline form of `key`; nil when either string is over 15 UTF-8 bytes.
    public init?(inline key: ItemKey) {
        guard let p = KeyText(inline: key.partitionKey), let s = KeyText(inline: key.sortKey) else { return nil }
        self.init(partition: p, sort: s)
    }

    /// The strings of an inline key; nil when either is interned.
    public var inlineItemKey: ItemKey? {
        guard let p = partition.inlineString, let s = sort.inlineString else { return nil }
        return ItemKey(partitionKey: p, sortKey: s)
    }
}
