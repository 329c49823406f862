/// The store's answer to a conditional put.
public enum PutResult: Sendable, Equatable {
    /// Written; durable after `latency`.
    case inserted(latency: TimeSpan, partition: Int)
    /// The condition failed: an item with this key exists. Capacity was used, no
    /// second record was made (a suppressed duplicate).
    case duplicate(latency: TimeSpan, partition: Int)
    /// Over the partition's (or the on-demand table's) capacity: retry later.
    case throttled(partition: Int)
    /// Over the item size limit: never retried.
    case tooLarge

    /// Whether the put was throttled: the only answer a later put of the same
    /// message could change.
    public var isThrottled: Bool {
        if case .throttled = self { return true }
        return false
    }
}
