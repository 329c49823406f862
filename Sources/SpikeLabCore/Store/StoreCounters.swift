/// Cumulative counts of what the store did.
public struct StoreCounters: Sendable, Equatable {
    public var inserted = 0
    public var duplicatesSuppressed = 0
    public var throttled = 0
    public var tooLarge = 0
    public var reads = 0
    /// Per partition: writes accepted (inserts and suppressed duplicates).
    public var writesByPartition: [Int]
    /// Per partition: writes throttled. A hot key shows here as a hot partition.
    public var throttledByPartition: [Int]
    public init(partitions: Int) {
        writesByPartition = Array(repeating: 0, count: partitions)
        throttledByPartition = Array(repeating: 0, count: partitions)
    }
}
