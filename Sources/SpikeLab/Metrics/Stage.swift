/// The latency stages a run measures (docs/outputs.md), each in its own histograms.
public enum Stage: String, Sendable, CaseIterable, Codable, Comparable {
    /// Client-observed answer time, from the intended send time (corrected for
    /// coordinated omission).
    case gatewayResponse = "gateway_response"
    /// Client-observed answer time from the actual send (uncorrected), beside it.
    case gatewayResponseUncorrected = "gateway_response_uncorrected"
    /// Visible in the queue until received.
    case queueWait = "queue_wait"
    /// The handler's time for one message.
    case handler
    /// First write attempt to durable, retries included.
    case storeWrite = "store_write"
    /// Intended send to durable in the store.
    case endToEnd = "end_to_end"
    /// Durable in the store to delivered to a subscriber.
    case notification

    public static func < (a: Stage, b: Stage) -> Bool { a.index < b.index }
}

extension Stage {
    /// Position in `allCases`: the index of the stage's histograms.
    @inlinable
    public var index: Int {
        switch self {
        case .gatewayResponse: return 0
        case .gatewayResponseUncorrected: return 1
        case .queueWait: return 2
        case .handler: return 3
        case .storeWrite: return 4
        case .endToEnd: return 5
        case .notification: return 6
        }
    }
}
