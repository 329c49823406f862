import SpikeLabCore

/// How the traffic generator's clients retry a 429.
public struct ClientRetry: Sendable, Equatable {
    public var enabled = false
    /// Attempts in all, the first included.
    public var maxAttempts = 3
    public var backoff = RetryPolicy(base: .milliseconds(100), cap: .seconds(5), maxAttempts: 3)
    public init() {}
}
