/// What `GET /metrics` reports, read under the pipeline's lock.
public struct ServerMetrics: Sendable {
    /// `route|method|status` → answers given.
    public var responses: [String: Int]
    public var queueVisible: Int
    public var queueInFlight: Int
    public var deadLettered: Int
    public var activeConsumers: Int
    public var stored: Int
    public var throttledByPartition: [Int]

    /// The Prometheus text exposition format (version 0.0.4).
    public var prometheusText: String {
        var out = "# HELP spikelab_http_responses_total HTTP answers by route, method and status.\n# TYPE spikelab_http_responses_total counter\n"
        for key in responses.keys.sorted() {
            let parts = key.split(separator: "|").map(String.init)
            guard parts.count == 3 else { continue }
            out += "spikelab_http_responses_total{route=\"\(parts[0])\",method=\"\(parts[1])\",status=\"\(parts[2])\"} \(responses[key]!)\n"
        }
        func gauge(_ name: String, _ help: String, _ value: Int) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
        }
        gauge("spikelab_queue_visible", "Messages waiting in the queue.", queueVisible)
        gauge("spikelab_queue_in_flight", "Messages received and not yet deleted.", queueInFlight)
        gauge("spikelab_dead_letter_queue_depth", "Messages in the dead-letter queue.", deadLettered)
        gauge("spikelab_consumers_active", "Concurrent batches allowed.", activeConsumers)
        gauge("spikelab_store_items", "Records stored.", stored)
        out += "# HELP spikelab_store_throttled_total Writes throttled by the store, per partition.\n# TYPE spikelab_store_throttled_total counter\n"
        for (p, n) in throttledByPartition.enumerated() { out += "spikelab_store_throttled_total{partition=\"\(p)\"} \(n)\n" }
        return out
    }
}
