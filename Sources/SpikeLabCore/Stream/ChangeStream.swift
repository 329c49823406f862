import DequeModule

/// The store's change stream: one record per insert, in insert order (so in
/// order per key), read from the front.
///
/// With nothing to read it (no notifier, or one without subscribers) the stream
/// keeps no records: each is counted in `appended` and let go, so a long run does
/// not hold one record per item it will never read.
///
/// Invariant: `appended == read + pending` while records are kept.
public struct ChangeStream: Sendable {
    private var records = Deque<StreamRecord>()
    /// Whether records are kept for a reader; set before the first insert (the
    /// pipeline sets it from the notifier's settings).
    public var keepsRecords = true
    public private(set) var appended = 0
    public private(set) var read = 0
    public init() {}

    /// Records not read yet.
    public var pending: Int { records.count }

    mutating func append(requestId: UInt64, workload: Int32, partition: Int32, storedAt: Instant) {
        if keepsRecords {
            records.append(StreamRecord(sequence: UInt64(appended), requestId: requestId, workload: workload, partition: partition, storedAt: storedAt))
        }
        appended += 1
    }

    /// Reads up to `max` records that are durable by `now`, oldest first. A record
    /// not yet durable holds back those behind it, so order is kept.
    /// - Complexity: O(records read).
    public mutating func read(max: Int, now: Instant, into out: inout [StreamRecord]) {
        var n = 0
        while n < max, let head = records.first, head.storedAt <= now {
            out.append(records.removeFirst())
            n += 1
        }
        read += n
    }

    /// When the next record becomes readable, if there is one.
    public var nextReadable: Instant? { records.first?.storedAt }
}
