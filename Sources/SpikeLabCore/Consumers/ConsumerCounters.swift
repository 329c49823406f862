/// Cumulative counts of what the consumers did.
public struct ConsumerCounters: Sendable, Equatable {
    public var invocations = 0
    public var coldStarts = 0
    /// Messages that succeeded.
    public var processed = 0
    /// Messages that failed in the handler.
    public var handlerFailures = 0
    /// Messages whose write stayed throttled through every retry.
    public var storeGiveUps = 0
    /// Throttled writes retried.
    public var storeRetries = 0
    /// Invocations that ran past the timeout.
    public var timeouts = 0
    /// Messages returned to the queue by a whole-batch failure although they succeeded.
    public var returnedWithBatch = 0
    /// Time invocations ran, summed (cold starts included): the cost figure.
    public var busyNanoseconds: Int64 = 0
    public init() {}
}
