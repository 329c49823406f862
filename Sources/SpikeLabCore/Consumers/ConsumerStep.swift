/// What a consumer slot does next, and when: the driver waits until `at`, then
/// calls back into the pool.
public enum ConsumerStep: Sendable, Equatable {
    /// Write the current message to the store at `at`, then call
    /// `ConsumerPool.writeFinished`. `handlerTime` is the handler's time for this
    /// message, nil for a retried write.
    case write(slot: Int, at: Instant, handlerTime: TimeSpan?)
    /// The handler failed the current message at `at`; call `ConsumerPool.resume`.
    case failed(slot: Int, at: Instant, handlerTime: TimeSpan)
    /// The invocation ends at `at`; call `ConsumerPool.complete`.
    case finish(slot: Int, at: Instant)

    public var at: Instant {
        switch self {
        case let .write(_, at, _), let .failed(_, at, _), let .finish(_, at): return at
        }
    }

    public var slot: Int {
        switch self {
        case let .write(slot, _, _), let .failed(slot, _, _), let .finish(slot, _): return slot
        }
    }
}
