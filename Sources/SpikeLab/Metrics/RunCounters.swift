import SpikeLabCore

/// Cumulative counts the engine keeps of what the generator and the gateway did;
/// the components count the rest. An interval's rates are differences of two
/// snapshots, so no event is counted twice.
public struct RunCounters: Sendable, Equatable {
    /// Arrivals the schedule produced (first submissions).
    public var offered = 0
    /// Requests sent: first submissions, duplicate submissions and retries.
    public var sent = 0
    /// Arrivals the generator could not send on time (wall clock only).
    public var late = 0
    public var dropped = 0
    /// Requests the gateway admitted.
    public var accepted = 0
    /// 429s by level.
    public var throttled: [ThrottleLevel: Int] = [:]
    /// Refusals by status (400, 401, 403, 413, 503).
    public var rejected: [Int: Int] = [:]
    /// Duplicate submissions sent (same request id).
    public var duplicateSubmissions = 0
    /// Client retries sent after a 429.
    public var clientRetries = 0
    /// 429s after which the client gave up.
    public var clientGaveUp = 0
    /// Synchronous topology: answers by status.
    public var syncSucceeded = 0
    public var syncFailed = 0
    /// Notifications delivered.
    public var notified = 0
    /// Runs against an HTTP target: answers by status code, requests that timed
    /// out, and requests that failed without an answer (refused, reset).
    public var statuses: [Int: Int] = [:]
    public var timeouts = 0
    public var transportErrors = 0
    /// Requests handed to the transport that had no outcome when the run ended
    /// (still waiting for a connection or an answer at the drain's deadline, or
    /// at a stop): counted here, never lost.
    public var unanswered = 0

    public init() {}

    public var throttledTotal: Int { throttled.values.reduce(0, +) }
    public var rejectedTotal: Int { rejected.values.reduce(0, +) }
}
