/// One partition's write capacity: its share of the table's rate with burst
/// credit, under the partition's hard limit.
///
/// Two token buckets: `share` refills at the partition's provisioned share and
/// holds up to `burstSeconds` of it (burst credit, starting full, as for a table
/// that existed before the test); `hard` refills at the hard limit and holds one
/// second of it. A write needs its units in both.
struct PartitionCapacity: Sendable {
    private var share: TokenBucket
    private var hard: TokenBucket

    init(shareRate: Double, hardLimit: Double, burstSeconds: Double) {
        share = TokenBucket(rate: shareRate, burst: max(shareRate * burstSeconds, shareRate))
        hard = TokenBucket(rate: hardLimit, burst: hardLimit)
    }

    /// Takes `units` if both buckets hold them.
    /// - Complexity: O(1).
    mutating func tryTake(_ units: Double, now: Instant) -> Bool {
        guard share.hasTokens(units, now: now), hard.hasTokens(units, now: now) else { return false }
        share.take(units)
        hard.take(units)
        return true
    }
}
