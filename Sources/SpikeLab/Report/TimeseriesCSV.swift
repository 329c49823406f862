/// `timeseries.csv`: one row per interval. Counts are per interval, gauges are
/// read at the interval's end, latencies are the interval's own percentiles.
/// Units are in the column names (`_s`, `_ms`).
public enum TimeseriesCSV {
    /// The columns before the per-partition ones, with what each holds (the
    /// README lists them from here).
    public static let columns: [(name: String, meaning: String, value: @Sendable (IntervalRow) -> String)] = [
        ("interval_start_s", "start of the interval, seconds from the start of the run", { ReportNumber.fixed3($0.start) }),
        ("interval_end_s", "end of the interval", { ReportNumber.fixed3($0.end) }),
        ("offered", "arrivals the schedule produced", { "\($0.offered)" }),
        ("sent", "requests sent: arrivals, duplicate submissions and retries", { "\($0.sent)" }),
        ("late", "arrivals sent late by the generator (wall clock)", { "\($0.late)" }),
        ("dropped", "arrivals the generator dropped (wall clock)", { "\($0.dropped)" }),
        ("accepted", "requests admitted (202, or taken by the synchronous handler)", { "\($0.accepted)" }),
        ("throttled", "429 answers, all levels", { "\($0.throttled)" }),
        ("throttled_quota", "429: API key's daily quota", { "\($0.throttledQuota)" }),
        ("throttled_key", "429: API key's rate", { "\($0.throttledKey)" }),
        ("throttled_route", "429: route's rate", { "\($0.throttledRoute)" }),
        ("throttled_account", "429: account-wide rate", { "\($0.throttledAccount)" }),
        ("throttled_concurrency", "429: synchronous handler at its concurrency limit", { "\($0.throttledConcurrency)" }),
        ("rejected", "4xx/503 refusals, all causes", { "\($0.rejected)" }),
        ("rejected_400", "invalid body", { "\($0.rejected400)" }),
        ("rejected_401", "missing API key", { "\($0.rejected401)" }),
        ("rejected_403", "unknown API key", { "\($0.rejected403)" }),
        ("rejected_413", "body over the size limit", { "\($0.rejected413)" }),
        ("rejected_503", "queue at its cap", { "\($0.rejected503)" }),
        ("client_retries", "retries sent after a 429", { "\($0.clientRetries)" }),
        ("enqueued", "messages sent to the queue", { "\($0.enqueued)" }),
        ("received", "messages received by consumers (a redelivery counts again)", { "\($0.received)" }),
        ("processed", "messages handled and written (or found written)", { "\($0.processed)" }),
        ("failed", "messages the handler failed or whose write gave up", { "\($0.failed)" }),
        ("stored", "new records in the store", { "\($0.stored)" }),
        ("duplicates_suppressed", "conditional puts that found the record already there", { "\($0.duplicatesSuppressed)" }),
        ("store_throttled", "writes throttled by the store, all partitions", { "\($0.storeThrottled)" }),
        ("store_retries", "throttled writes retried by handlers", { "\($0.storeRetries)" }),
        ("dead_lettered", "messages moved to the dead-letter queue", { "\($0.deadLettered)" }),
        ("expired", "messages past the retention period", { "\($0.expired)" }),
        ("visible", "messages waiting in the queue at the interval's end", { "\($0.visible)" }),
        ("in_flight", "messages received and not deleted at the interval's end", { "\($0.inFlight)" }),
        ("delayed", "messages not yet visible at the interval's end", { "\($0.delayed)" }),
        ("oldest_age_s", "age of the message at the head of the queue", { ReportNumber.fixed3($0.oldestAgeSeconds) }),
        ("active_consumers", "concurrent batches allowed at the interval's end", { "\($0.activeConsumers)" }),
        ("busy_consumers", "invocations running at the interval's end", { "\($0.busyConsumers)" }),
        ("cold_starts", "invocations that started a new instance", { "\($0.coldStarts)" }),
        ("notified", "notifications delivered by the stream's notifier", { "\($0.notified)" }),
        ("e2e_count", "records stored in the interval (end-to-end samples)", { "\($0.endToEndCount)" }),
        ("e2e_p50_ms", "end-to-end p50 of the interval's own histogram", { ReportNumber.milliseconds($0.endToEndP50) }),
        ("e2e_p90_ms", "end-to-end p90", { ReportNumber.milliseconds($0.endToEndP90) }),
        ("e2e_p99_ms", "end-to-end p99", { ReportNumber.milliseconds($0.endToEndP99) }),
        ("e2e_max_ms", "end-to-end maximum", { ReportNumber.milliseconds($0.endToEndMax) }),
        ("host_steal_ms", "CPU time the hypervisor took from this machine in the interval, all CPUs (wall clock, Linux; empty on the virtual clock)",
         { $0.hostStealMs.map { "\(Int($0.rounded()))" } ?? "" }),
    ]

    /// The CSV text: the columns above, then `store_throttled_p0` … one per partition.
    public static func render(_ rows: [IntervalRow], partitions: Int) -> String {
        var table = CSVTable(header: columns.map(\.name) + (0..<partitions).map { "store_throttled_p\($0)" })
        for row in rows {
            var fields = columns.map { $0.value(row) }
            for p in 0..<partitions {
                fields.append(p < row.storeThrottledByPartition.count ? "\(row.storeThrottledByPartition[p])" : "0")
            }
            table.append(fields)
        }
        return table.text
    }
}
