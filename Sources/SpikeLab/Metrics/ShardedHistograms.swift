import Synchronization

/// Stage histograms split into shards, each behind its own lock: concurrent
/// tasks record into the shard of their index and so rarely wait for each
/// other, and the shards are merged at the end (percentiles are never averaged).
/// Memory: one `StageHistograms` per shard.
final class ShardedHistograms: Sendable {
    /// A `Mutex` cannot sit in an array itself (it is not copyable): a box can.
    private final class Shard: Sendable {
        let histograms: Mutex<StageHistograms>
        init(_ h: StageHistograms) { histograms = Mutex(h) }
    }

    private let shards: [Shard]

    init(workloads: [String], shards count: Int) {
        shards = (0..<max(1, count)).map { _ in Shard(StageHistograms(workloads: workloads)) }
    }

    /// Records a batch into shard `index % count`.
    func record(_ records: [LatencyRecord], shard index: Int) {
        guard !records.isEmpty else { return }
        shards[index % shards.count].histograms.withLock { h in
            for r in records { h.record(r.stage, workload: Int(r.workload), r.span) }
        }
    }

    /// Merges every shard into `target`.
    func merge(into target: inout StageHistograms) {
        for shard in shards {
            shard.histograms.withLock { h in target.add(h) }
        }
    }
}
