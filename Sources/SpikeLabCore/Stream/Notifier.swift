/// Reads the change stream and delivers each record to every subscriber.
///
/// A rate-limited subscriber takes one delivery every 1/rate seconds; what
/// arrives faster waits its turn (a backlog, as an email service builds), so the
/// notification latency (stored to notified) shows the limit.
public struct Notifier: Sendable {
    public let config: NotifierConfig
    private var nextFree: [Instant]
    private var rng: Xoshiro256
    private var batch: [StreamRecord] = []
    public private(set) var delivered = 0

    /// One delivery: which subscriber, which record, and when it arrived.
    public struct Notification: Sendable, Equatable {
        public var subscriber: Int
        public var record: StreamRecord
        public var deliveredAt: Instant
    }

    public init(config: NotifierConfig, rng: Xoshiro256) {
        self.config = config
        self.rng = rng
        self.nextFree = Array(repeating: .zero, count: config.subscribers.count)
    }

    /// Polls once: reads a batch and appends its deliveries to `out`.
    /// - Returns: the number of records read.
    /// - Complexity: O(records × subscribers).
    @discardableResult
    public mutating func poll(_ stream: inout ChangeStream, now: Instant, into out: inout [Notification]) -> Int {
        batch.removeAll(keepingCapacity: true)
        stream.read(max: config.batchSize, now: now, into: &batch)
        for record in batch {
            // By index: a copy of each subscriber (its name a string) per record
            // would retain and release it every time.
            for i in config.subscribers.indices {
                var start = now
                if let rate = config.subscribers[i].ratePerSecond {
                    start = max(now, nextFree[i])
                    nextFree[i] = start + TimeSpan(nanoseconds: Int64(1e9 / rate))
                }
                let at = start + config.subscribers[i].latency.sample(&rng)
                out.append(Notification(subscriber: i, record: record, deliveredAt: at))
                delivered += 1
            }
        }
        return batch.count
    }
}
