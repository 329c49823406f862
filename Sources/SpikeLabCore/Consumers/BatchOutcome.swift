/// How an invocation ended (its receipts to delete go to the caller's buffer:
/// those of the messages that succeeded, unless the batch failed as a whole).
public struct BatchOutcome: Sendable, Equatable {
    /// Messages that succeeded (written or found already written).
    public var succeeded: Int
    /// Messages that failed (handler failure, store retries spent, timeout).
    public var failed: Int
    /// Whether the invocation ran past its timeout.
    public var timedOut: Bool
}
