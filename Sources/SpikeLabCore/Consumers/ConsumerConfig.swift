/// The consumers' settings: Lambda with an SQS event source mapping.
public struct ConsumerConfig: Sendable, Equatable {
    public enum Scaling: Sendable, Equatable {
        /// Exactly this many concurrent batches.
        case fixed(Int)
        /// The managed ramp: start with `initial` concurrent batches, add up to
        /// `perMinute` a minute while messages wait, up to `maximum` (2 to 1,000),
        /// and scale back towards `initial` when the queue is empty.
        case managed(initial: Int, perMinute: Int, maximum: Int)
    }

    public var scaling = Scaling.managed(initial: 5, perMinute: 300, maximum: 1_000)
    /// Messages per invocation (1 to 10,000; above 10 needs a batching window).
    public var batchSize = 10
    /// How long to gather a batch before invoking with what there is.
    public var batchingWindow = TimeSpan.zero
    /// Time a new instance takes before its first message.
    public var coldStart = LatencyDistribution(.lognormal(p50: .milliseconds(250), p99: .milliseconds(900)))
    /// How long an idle instance stays warm.
    public var keepWarm = TimeSpan.seconds(600)
    /// Time the handler spends on one message (the store write comes after it).
    public var handler = LatencyDistribution(.lognormal(p50: .milliseconds(20), p99: .milliseconds(120)))
    /// An invocation still running after this fails as a whole: 30 s.
    public var timeout = TimeSpan.seconds(30)
    /// Chance that the handler fails one message.
    public var failureProbability = 0.0
    /// Share of messages that fail every time they are handled (poison
    /// messages), chosen by a hash of the request id, so duplicates agree.
    public var poisonShare = 0.0
    /// Partial batch response (`ReportBatchItemFailures`): only failed messages
    /// return. Off: any failure returns the whole batch.
    public var partialBatchResponse = true
    /// How the handler retries a throttled write.
    public var storeRetry = RetryPolicy()

    public init() {}

    /// Concurrency at the start of the run.
    public var initialConcurrency: Int {
        switch scaling {
        case let .fixed(n): return n
        case let .managed(initial, _, maximum): return min(initial, maximum)
        }
    }

    /// The most concurrency there can be.
    public var maximumConcurrency: Int {
        switch scaling {
        case let .fixed(n): return n
        case let .managed(_, _, maximum): return maximum
        }
    }
}
