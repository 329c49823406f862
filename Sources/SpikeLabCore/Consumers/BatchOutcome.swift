/// How an invocation ended.
public struct BatchOutcome: Sendable, Equatable {
    /// Receipts to delete: the messages that succeeded, unless the batch failed
    /// as a whole.
    public var deletes: [ReceiptHandle]
    /// Messages that succeeded (written or found already written).
    public var succeeded: Int
    /// Messages that failed (handler failure, store retries spent, timeout).
    public var failed: Int
    /// Whether the invocation ran past its timeout.
    public var timedOut: Bool
}
