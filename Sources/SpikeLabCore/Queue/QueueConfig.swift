/// The queue's settings, with SQS standard queues' defaults.
public struct QueueConfig: Sendable, Equatable {
    /// How long a received message stays hidden: 30 s.
    public var visibilityTimeout = TimeSpan.seconds(30)
    /// How long a message may wait before it expires: 4 days.
    public var retention = TimeSpan.seconds(4 * 86_400)
    /// Receives after which the next receive moves the message to the dead-letter
    /// queue; nil for no redrive policy.
    public var maxReceiveCount: Int? = 3
    /// Delivery delay for every message (0 to 15 minutes).
    public var deliveryDelay = TimeSpan.zero
    /// A cap on visible plus delayed messages; beyond it the gateway answers 503.
    public var maxDepth: Int? = nil
    /// At most this many messages in flight; receives beyond it get nothing: 120,000.
    public var inFlightLimit = 120_000
    /// Chance that a receive also leaves a copy behind to be delivered again
    /// (at-least-once delivery).
    public var duplicateProbability = 0.0
    /// Long-poll wait: a receive on an empty queue waits up to this long (0 to 20 s).
    public var receiveWait = TimeSpan.seconds(20)

    public init() {}
}
