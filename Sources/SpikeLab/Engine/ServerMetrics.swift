/// The pipeline's counts that `GET /metrics` exposes, read under the
/// pipeline's lock; also what a run against a SpikeLab server reads back from
/// the Prometheus text to balance its ledger and chart the queue.
///
/// Counters (`accepted`, `deleted`, …) only grow over a server's life: a run
/// uses the differences between two snapshots. Gauges are levels now.
public struct ServerMetrics: Sendable, Equatable {
    /// Requests the gateway admitted (202 on the queue-buffered topology).
    public var accepted = 0
    /// Messages received by consumers, and handled (written or failed).
    public var received = 0
    public var processed = 0
    /// Messages deleted after their write (or a suppressed duplicate write).
    public var deleted = 0
    /// Extra copies made by at-least-once delivery.
    public var duplicateCopies = 0
    public var deadLettered = 0
    public var expired = 0
    /// Messages the handler failed, and writes given up after the store's retries.
    public var handlerFailures = 0
    public var storeGiveUps = 0
    /// Conditional puts that found the record already there.
    public var duplicatesSuppressed = 0
    /// Consumer invocations, and those that began with a cold start.
    public var invocations = 0
    public var coldStarts = 0
    /// Stream records, and notifications delivered from them.
    public var streamRecords = 0
    public var notified = 0
    /// Gauges: visible, delayed, received and not yet deleted.
    public var visible = 0
    public var delayed = 0
    public var inFlight = 0
    public var activeConsumers = 0
    public var storedItems = 0
    /// Bodies the server keeps beside the queue for messages not yet put (see
    /// `KeptBodies`): 0 once every message is stored, dead-lettered or expired.
    public var bodiesWaiting = 0
    /// Writes throttled by the store, per partition (counters).
    public var throttledByPartition: [Int] = []

    public init() {}

    /// The names under which `serve` exposes each value (Prometheus text).
    public enum Name {
        public static let accepted = "spikelab_gateway_accepted_total"
        public static let received = "spikelab_queue_received_total"
        public static let processed = "spikelab_consumers_processed_total"
        public static let deleted = "spikelab_queue_deleted_total"
        public static let duplicateCopies = "spikelab_queue_duplicate_copies_total"
        public static let deadLettered = "spikelab_queue_dead_lettered_total"
        public static let expired = "spikelab_queue_expired_total"
        public static let handlerFailures = "spikelab_consumers_handler_failures_total"
        public static let storeGiveUps = "spikelab_consumers_store_give_ups_total"
        public static let duplicatesSuppressed = "spikelab_store_duplicates_suppressed_total"
        public static let invocations = "spikelab_consumers_invocations_total"
        public static let coldStarts = "spikelab_consumers_cold_starts_total"
        public static let streamRecords = "spikelab_stream_records_total"
        public static let notified = "spikelab_notifications_total"
        public static let visible = "spikelab_queue_visible"
        public static let delayed = "spikelab_queue_delayed"
        public static let inFlight = "spikelab_queue_in_flight"
        public static let deadLetterDepth = "spikelab_dead_letter_queue_depth"
        public static let activeConsumers = "spikelab_consumers_active"
        public static let storedItems = "spikelab_store_items"
        public static let bodiesWaiting = "spikelab_store_bodies_waiting"
        public static let throttledByPartition = "spikelab_store_throttled_total"
        public static let httpRequests = "spikelab_http_requests_total"
    }

    /// Reads a snapshot back from the Prometheus text exposition format; nil
    /// when the text is not a SpikeLab server's (no accepted counter).
    /// - Complexity: O(length of the text).
    public init?(prometheusText text: String) {
        var values: [Substring: Int] = [:]
        var partitions: [Int: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            if series.hasPrefix(Name.throttledByPartition + "{") {
                guard let open = series.firstRange(of: "partition=\""),
                      let close = series[open.upperBound...].firstIndex(of: "\""),
                      let p = Int(series[open.upperBound..<close]) else { continue }
                partitions[p] = Int(value)
            } else if !series.contains("{") {
                values[series] = Int(value)
            }
        }
        guard let accepted = values[Substring(Name.accepted)] else { return nil }
        self.accepted = accepted
        received = values[Substring(Name.received)] ?? 0
        processed = values[Substring(Name.processed)] ?? 0
        deleted = values[Substring(Name.deleted)] ?? 0
        duplicateCopies = values[Substring(Name.duplicateCopies)] ?? 0
        deadLettered = values[Substring(Name.deadLettered)] ?? 0
        expired = values[Substring(Name.expired)] ?? 0
        handlerFailures = values[Substring(Name.handlerFailures)] ?? 0
        storeGiveUps = values[Substring(Name.storeGiveUps)] ?? 0
        duplicatesSuppressed = values[Substring(Name.duplicatesSuppressed)] ?? 0
        invocations = values[Substring(Name.invocations)] ?? 0
        coldStarts = values[Substring(Name.coldStarts)] ?? 0
        streamRecords = values[Substring(Name.streamRecords)] ?? 0
        notified = values[Substring(Name.notified)] ?? 0
        visible = values[Substring(Name.visible)] ?? 0
        delayed = values[Substring(Name.delayed)] ?? 0
        inFlight = values[Substring(Name.inFlight)] ?? 0
        activeConsumers = values[Substring(Name.activeConsumers)] ?? 0
        storedItems = values[Substring(Name.storedItems)] ?? 0
        bodiesWaiting = values[Substring(Name.bodiesWaiting)] ?? 0
        let count = (partitions.keys.max() ?? -1) + 1
        throttledByPartition = (0..<count).map { partitions[$0] ?? 0 }
    }

    /// Messages the queue still holds: visible, delayed or in flight.
    public var held: Int { visible + delayed + inFlight }
}
