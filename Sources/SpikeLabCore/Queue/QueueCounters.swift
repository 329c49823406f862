/// Cumulative counts of what the queue did; differences give per-interval rates.
public struct QueueCounters: Sendable, Equatable {
    /// Messages accepted by `send`.
    public var sent = 0
    /// Extra copies left behind by at-least-once delivery.
    public var duplicatesInjected = 0
    /// Messages handed out (a message received three times counts three).
    public var received = 0
    /// Messages deleted after processing.
    public var deleted = 0
    /// Messages moved to the dead-letter queue.
    public var deadLettered = 0
    /// Messages that outlived the retention period.
    public var expired = 0
    /// In-flight messages that became visible again when their timeout ran out.
    public var returned = 0
    /// Sends refused because the queue was at its cap.
    public var refusedAtCap = 0
    public init() {}
}
