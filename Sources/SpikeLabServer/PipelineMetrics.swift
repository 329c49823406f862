import CoreMetrics
import Prometheus
import SpikeLab
import Synchronization

/// `GET /metrics`: the server's answers and the pipeline's counts, kept with
/// swift-metrics in a Prometheus registry of this server's own (no global
/// bootstrap, so that servers in one process keep apart).
///
/// Answers are counted as they go out (by the `ResponseCounting` middleware, so
/// that the router's own 404s and the body limit's 413s count too). The
/// pipeline's counts are read when scraped: gauges are set to the levels, and
/// counters grow by the difference since the last scrape, so they only grow.
final class PipelineMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let routes: Set<String>
    private let state: Mutex<State>

    private struct State {
        var last = ServerMetrics()
        /// `route|method|status` → its counter.
        var answers: [String: CoreMetrics.Counter] = [:]
        var throttled: [CoreMetrics.Counter] = []
    }

    private let accepted, received, processed, deleted, duplicateCopies, deadLettered, expired: CoreMetrics.Counter
    private let handlerFailures, storeGiveUps, duplicatesSuppressed, invocations, coldStarts, streamRecords, notified: CoreMetrics.Counter
    private let visible, delayed, inFlight, deadLetterDepth, consumers, stored, bodiesWaiting: CoreMetrics.Gauge

    /// - Parameter routes: the workloads' names; answers on any other path count under `other`.
    init(routes: [String]) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        let factory = PrometheusMetricsFactory(registry: registry)
        self.factory = factory
        self.routes = Set(routes + ["health", "metrics"])
        typealias N = ServerMetrics.Name
        func counter(_ name: String) -> CoreMetrics.Counter { CoreMetrics.Counter(label: name, factory: factory) }
        func gauge(_ name: String) -> CoreMetrics.Gauge { CoreMetrics.Gauge(label: name, factory: factory) }
        accepted = counter(N.accepted)
        received = counter(N.received)
        processed = counter(N.processed)
        deleted = counter(N.deleted)
        duplicateCopies = counter(N.duplicateCopies)
        deadLettered = counter(N.deadLettered)
        expired = counter(N.expired)
        handlerFailures = counter(N.handlerFailures)
        storeGiveUps = counter(N.storeGiveUps)
        duplicatesSuppressed = counter(N.duplicatesSuppressed)
        invocations = counter(N.invocations)
        coldStarts = counter(N.coldStarts)
        streamRecords = counter(N.streamRecords)
        notified = counter(N.notified)
        visible = gauge(N.visible)
        delayed = gauge(N.delayed)
        inFlight = gauge(N.inFlight)
        deadLetterDepth = gauge(N.deadLetterDepth)
        consumers = gauge(N.activeConsumers)
        stored = gauge(N.storedItems)
        bodiesWaiting = gauge(N.bodiesWaiting)
        state = Mutex(State())
    }

    /// Counts one answer. Cost: a lock and a dictionary lookup.
    func countAnswer(path: String, method: String, status: Int) {
        let first = path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        let route = routes.contains(first) ? first : "other"
        let key = "\(route)|\(method)|\(status)"
        let counter = state.withLock { s in
            if let c = s.answers[key] { return c }
            let c = CoreMetrics.Counter(label: ServerMetrics.Name.httpRequests,
                            dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory)
            s.answers[key] = c
            return c
        }
        counter.increment()
    }

    /// The Prometheus text (format 0.0.4) with the pipeline's counts `m`.
    func render(_ m: ServerMetrics) -> [UInt8] {
        state.withLock { s in
            let p = s.last
            accepted.increment(by: Int64(m.accepted - p.accepted))
            received.increment(by: Int64(m.received - p.received))
            processed.increment(by: Int64(m.processed - p.processed))
            deleted.increment(by: Int64(m.deleted - p.deleted))
            duplicateCopies.increment(by: Int64(m.duplicateCopies - p.duplicateCopies))
            deadLettered.increment(by: Int64(m.deadLettered - p.deadLettered))
            expired.increment(by: Int64(m.expired - p.expired))
            handlerFailures.increment(by: Int64(m.handlerFailures - p.handlerFailures))
            storeGiveUps.increment(by: Int64(m.storeGiveUps - p.storeGiveUps))
            duplicatesSuppressed.increment(by: Int64(m.duplicatesSuppressed - p.duplicatesSuppressed))
            invocations.increment(by: Int64(m.invocations - p.invocations))
            coldStarts.increment(by: Int64(m.coldStarts - p.coldStarts))
            streamRecords.increment(by: Int64(m.streamRecords - p.streamRecords))
            notified.increment(by: Int64(m.notified - p.notified))
            while s.throttled.count < m.throttledByPartition.count {
                s.throttled.append(CoreMetrics.Counter(label: ServerMetrics.Name.throttledByPartition,
                                           dimensions: [("partition", String(s.throttled.count))], factory: factory))
            }
            for (i, n) in m.throttledByPartition.enumerated() {
                s.throttled[i].increment(by: Int64(n - (i < p.throttledByPartition.count ? p.throttledByPartition[i] : 0)))
            }
            s.last = m
        }
        visible.record(m.visible)
        delayed.record(m.delayed)
        inFlight.record(m.inFlight)
        deadLetterDepth.record(m.deadLettered)
        consumers.record(m.activeConsumers)
        stored.record(m.storedItems)
        bodiesWaiting.record(m.bodiesWaiting)
        return registry.emitToBuffer()
    }
}
