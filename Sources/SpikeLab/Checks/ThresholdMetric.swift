import SpikeLabCore

/// What a threshold can measure: a stage's latency, a counter, or a gauge.
public enum ThresholdMetric: String, Sendable, Equatable, CaseIterable {
    // Latencies (milliseconds).
    case gatewayResponse = "gateway_response"
    case gatewayResponseUncorrected = "gateway_response_uncorrected"
    case queueWait = "queue_wait"
    case handler
    case storeWrite = "store_write"
    case endToEnd = "end_to_end"
    case notification
    // Counters.
    case offered, sent, late, dropped, accepted, throttled, rejected, processed, failed, stored
    case duplicatesSuppressed = "duplicates_suppressed"
    case storeThrottled = "store_throttled"
    case deadLettered = "dead_lettered"
    case expired
    case clientRetries = "client_retries"
    case coldStarts = "cold_starts"
    case notified
    // Gauges, read at every interval's end.
    case queueVisible = "queue_visible"
    case inFlight = "in_flight"
    case oldestAge = "oldest_age"
    case activeConsumers = "active_consumers"
    case busyConsumers = "busy_consumers"

    enum Kind { case latency, counter, gauge }

    var kind: Kind {
        switch self {
        case .gatewayResponse, .gatewayResponseUncorrected, .queueWait, .handler, .storeWrite, .endToEnd, .notification: return .latency
        case .queueVisible, .inFlight, .oldestAge, .activeConsumers, .busyConsumers: return .gauge
        default: return .counter
        }
    }

    func allows(_ a: Threshold.Aggregate) -> Bool {
        switch (kind, a) {
        case (.latency, .rate): return false
        case (.latency, _): return true
        case (.counter, .count), (.counter, .rate): return true
        case (.gauge, .max), (.gauge, .min), (.gauge, .avg): return true
        default: return false
        }
    }

    var aggregateNames: String {
        switch kind {
        case .latency: return "p(N), avg, min, max or count"
        case .counter: return "count or rate"
        case .gauge: return "max, min or avg"
        }
    }

    /// The column of `timeseries.csv` a counter or gauge is read from.
    var column: String {
        switch self {
        case .queueVisible: return "visible"
        case .oldestAge: return "oldest_age_s"
        default: return rawValue
        }
    }

    /// What a rate divides by: requests sent for gateway outcomes, arrivals
    /// offered for the generator's, messages accepted for the pipeline's, and
    /// write attempts for store throttling.
    var rateDenominators: [String] {
        switch self {
        case .throttled, .rejected, .accepted, .clientRetries: return ["sent"]
        case .late, .dropped, .sent: return ["offered"]
        case .storeThrottled: return ["stored", "duplicates_suppressed", "store_throttled"]
        default: return ["accepted"]
        }
    }

    func parseValue(_ text: String, aggregate: Threshold.Aggregate) -> Double? {
        let t = text.trimmingSpaces
        if aggregate == .rate {
            guard case let .success(v) = Units.share(t) else { return nil }
            return v
        }
        if aggregate == .count || kind == .counter || (kind == .gauge && self != .oldestAge) {
            return Double(t.replacingUnderscores)
        }
        // Latencies in milliseconds, ages in seconds; a bare number is in that unit.
        if let bare = Double(t) { return bare }
        guard case let .success(span) = Units.duration(t) else { return nil }
        return self == .oldestAge ? span.seconds : Double(span.nanoseconds) / 1e6
    }

    func valueHint(_ aggregate: Threshold.Aggregate) -> String {
        if aggregate == .rate { return "write a share such as 1% or 0.01" }
        if aggregate == .count || kind != .latency && self != .oldestAge { return "write a number" }
        return "write a duration such as 250ms or 2s"
    }
}
