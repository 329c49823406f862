import Foundation
import SpikeLabCore
import Synchronization

/// The HTTP driver (`run --target URL`): the scenario's traffic, on the same
/// open-loop schedule as the wall-clock engine, sent to a target over a
/// `TargetTransport` instead of into the embedded pipeline.
///
/// One generator task per workload sends each arrival at its intended time and
/// never waits for answers (the transport calls back); latency is measured from the
/// intended time (corrected) and from the actual send (uncorrected); a
/// generator that falls behind counts late and dropped arrivals. A 429 is
/// retried with the workload's client backoff, as in process. Answers are
/// counted by status; a timeout counts as such and its time is recorded (it is
/// the slowest answer, not a missing one); a failed connection is counted apart.
///
/// When the target is a SpikeLab server (`GET /health` says so), its
/// `/metrics` are read at every interval, for the queue's depth, consumers,
/// stored and dead-lettered counts, and after the traffic until its queue is
/// empty, so that the ledger balances the client's 2xx answers against where
/// the server says the messages ended. Against any other target the run
/// carries what the client sees, and the ledger is not checked.
public final class TargetEngine: Sendable {
    public let scenario: Scenario
    public let seed: UInt64
    private let transport: any TargetTransport
    private let options: Options
    private let state: Mutex<Shared>
    private let clock = ContinuousClock()
    private let schedules: [ArrivalSchedule]
    private let preparer: RequestPreparer
    /// Each workload's `POST` path and headers.
    private let routes: [(path: String, headers: [TargetRequest.Header])]

    public struct Options: Sendable {
        /// An arrival sent this much after its intended time counts as late.
        public var lateAfter = TimeSpan.milliseconds(5)
        /// An arrival this far behind is dropped (counted, never sent).
        public var dropAfter = TimeSpan.seconds(1)
        /// After a stop request, answers are awaited for at most this long.
        public var stopDrain = TimeSpan.seconds(10)
        public var stop = StopSignal()
        /// Called once per interval; its p99 is the interval's answer time.
        public var progress: (@Sendable (RunProgress) -> Void)? = nil
        /// Replaces every workload's API key (`x-api-key`) when set.
        public var apiKey: String? = nil
        /// Sent with every request, after `content-type` and the API key.
        public var headers: [TargetRequest.Header] = []
        /// The target's base URL, for the report.
        public var target = ""
        public init() {}
    }

    /// The target did not answer at all before the run.
    public struct Unreachable: Error, CustomStringConvertible {
        public var target: String
        public var reason: String
        public var description: String { "cannot reach \(target): \(reason)" }
    }

    struct Shared: Sendable {
        var pipeline: Pipeline
        var generatorsRunning: Int
        /// Requests not yet ended: sent and waiting, or waiting to be sent
        /// (a retry's backoff, a duplicate submission's delay).
        var open = 0
        /// Requests handed to the transport and not yet answered, by launch
        /// number: what is still here when the run ends is counted as sent and
        /// unanswered, so that a cancellation delivered late is never lost.
        var inFlight: [Int: ClientRequest] = [:]
        var launches = 0
        /// Answer times in the current interval, for the progress line.
        var intervalResponses = LatencyHistogram()
    }

    public init(scenario: Scenario, seed: UInt64? = nil, transport: any TargetTransport, options: Options = Options()) {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.transport = transport
        self.options = options
        var pipeline = Pipeline(scenario: scenario, seed: self.seed)
        pipeline.recordsUncorrected = true
        schedules = pipeline.sources.map(\.schedule)
        preparer = pipeline.preparer
        routes = scenario.workloads.map { w in
            var headers = [TargetRequest.Header(name: "content-type", value: "application/json")]
            if let key = options.apiKey ?? w.apiKey { headers.append(.init(name: "x-api-key", value: key)) }
            return ("/\(w.name)", headers + options.headers)
        }
        state = Mutex(Shared(pipeline: pipeline, generatorsRunning: pipeline.sources.count))
    }

    /// Sends the scenario's traffic to the target and returns what was seen.
    /// - Throws: `Unreachable` when `GET /health` gets no answer at all.
    public func run() async throws -> RunResult {
        switch await transport.send(TargetRequest(method: .get, path: "/health")) {
        case let .failed(reason): throw Unreachable(target: options.target, reason: reason)
        case .timedOut: throw Unreachable(target: options.target, reason: "no answer to GET /health within the timeout")
        case let .response(_, body):
            let isSpikeLab = String(decoding: body, as: UTF8.self).contains("\"server\":\"spikelab\"")
            return await drive(server: isSpikeLab ? await scrape() : nil)
        case .cancelled: throw Unreachable(target: options.target, reason: "cancelled")
        }
    }

    /// The server's counts now, or nil if its `/metrics` cannot be read.
    private func scrape() async -> ServerMetrics? {
        guard case let .response(200, body) = await transport.send(TargetRequest(method: .get, path: "/metrics")) else { return nil }
        return ServerMetrics(prometheusText: String(decoding: body, as: UTF8.self))
    }

    /// The stages only the server sees. Its end to end starts when it took
    /// the request in, not at the client's intended send.
    static let serverStages: [Stage] = [.queueWait, .handler, .storeWrite, .endToEnd, .notification]

    /// The server's stage histograms, whole (`GET /spikelab/latency`).
    private func serverLatencies() async -> StageHistograms? {
        guard case let .response(200, body) = await transport.send(TargetRequest(method: .get, path: "/spikelab/latency")) else { return nil }
        return try? JSONDecoder().decode(StageHistograms.self, from: Data(body))
    }

    private func drive(server before: ServerMetrics?) async -> RunResult {
        let start = clock.now
        let end: End = await withTaskGroup(of: End?.self) { group in
            for s in schedules.indices {
                group.addTask { await self.generate(source: s, start: start); return nil }
            }
            group.addTask { await self.tick(start: start, server: before) }
            var end = End(drained: false, interrupted: true, server: before)
            for await result in group {
                guard let result else { continue }
                end = result
                // Whatever is still waiting (an abort, a drain deadline) is cancelled.
                group.cancelAll()
            }
            return end
        }
        let now = elapsed(since: start)
        let stages = before != nil ? await serverLatencies() : nil
        return state.withLock { s in
            for request in s.inFlight.values {
                s.pipeline.countSend(request)
                s.pipeline.counters.unanswered += 1
            }
            s.inFlight = [:]
            var r = s.pipeline.finish(now: now, trafficEnd: .zero + scenario.trafficDuration, drained: end.drained,
                                      interrupted: end.interrupted, engine: "http", events: 0)
            r.http = RunResult.HTTPTarget(url: options.target, spikelabServer: before != nil)
            r.ledger = Self.ledger(client: s.pipeline.counters, topology: scenario.topology, before: before, after: end.server)
            if let before, let after = end.server { Self.fill(&r, before: before, after: after) }
            if let stages {
                for stage in Self.serverStages { r.histograms.take(stage, from: stages) }
            }
            return r
        }
    }

    /// How the run ended: whether every request ended (and the server's
    /// queue emptied), whether a signal stopped it, the server's last counts.
    struct End: Sendable {
        var drained: Bool
        var interrupted: Bool
        var server: ServerMetrics?
    }

    private func elapsed(since start: ContinuousClock.Instant) -> Instant {
        let d = clock.now - start
        return Instant(nanoseconds: d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
    }

    private func sleep(until t: Instant, start: ContinuousClock.Instant) async {
        let target = start + .nanoseconds(t.nanoseconds)
        if clock.now < target { try? await Task.sleep(until: target, tolerance: .microseconds(50), clock: clock) }
    }

    // MARK: Generator

    /// The generator sleeps at least this long: at 40,000 arrivals a second, a
    /// wake-up per arrival spent a tenth of the process's time setting timers.
    static let wakeQuantum = TimeSpan.microseconds(100)

    /// Sends one workload's arrivals at their intended times, each without
    /// waiting for its answer (the transport calls back).
    private func generate(source s: Int, start: ContinuousClock.Instant) async {
        // Arrivals are made from the generator's own copy of the workload's
        // source, outside the lock, as the wall clock's generators make them.
        var source = state.withLock { $0.pipeline.sources[s] }
        var schedule = schedules[s]
        var buffer: [UInt8] = []
        var next = schedule.next()
        while let t = next {
            if options.stop.current != .running || Task.isCancelled { break }
            let now = elapsed(since: start)
            // A wake-up costs a timer and a thread switch: at most one per
            // `wakeQuantum`, sending every arrival due by then (each one's lag recorded).
            if now < t { await sleep(until: max(t, now + Self.wakeQuantum), start: start) } else { await Task.yield() }
            var due = DueArrivals()
            due.take(from: &source, schedule: &schedule, next: &next, limit: 256, lateAfter: options.lateAfter,
                     dropAfter: options.dropAfter) { elapsed(since: start) }
            state.withLock { shared in
                shared.pipeline.count(due)
                shared.open += due.requests.reduce(0) { $0 + ($1.duplicate == nil ? 1 : 2) }
            }
            for (request, duplicate) in due.requests {
                let body = Self.body(preparer, request, &buffer)
                launch(request, body: body, start: start)
                if let duplicate { later(duplicate, body: body, start: start) }
            }
        }
        state.withLock { $0.generatorsRunning -= 1 }
    }

    /// A request's body, as the in-process generator writes it.
    private static func body(_ preparer: RequestPreparer, _ request: ClientRequest, _ buffer: inout [UInt8]) -> [UInt8] {
        PayloadWriter.write(preparer.kinds[Int(request.workload)], requestId: request.requestId, key: Int(request.key),
                            variant: request.variant, into: &buffer)
        return buffer
    }

    /// Sends one attempt now; its answer is counted when it comes.
    private func launch(_ attempt: ClientRequest, body: [UInt8], start: ContinuousClock.Instant) {
        var sending = attempt
        sending.sentAt = elapsed(since: start)
        let request = sending
        let route = routes[Int(request.workload)]
        let launch = state.withLock { shared in
            defer { shared.launches += 1 }
            shared.inFlight[shared.launches] = request
            return shared.launches
        }
        transport.send(TargetRequest(method: .post, path: route.path, headers: route.headers, body: body)) { answer in
            self.answered(answer, of: request, launch: launch, body: body, start: start)
        }
    }

    /// Sends an attempt at its intended time (a retry, a duplicate submission),
    /// unless the run stops first.
    private func later(_ attempt: ClientRequest, body: [UInt8], start: ContinuousClock.Instant) {
        Task {
            await self.sleep(until: attempt.intendedAt, start: start)
            guard self.options.stop.current == .running else {
                self.state.withLock { $0.open -= 1 }
                return
            }
            self.launch(attempt, body: body, start: start)
        }
    }

    /// Counts an answer; a 429 the client retries goes out again later.
    private func answered(_ answer: TargetAnswer, of request: ClientRequest, launch: Int, body: [UInt8],
                          start: ContinuousClock.Instant) {
        let answeredAt = elapsed(since: start)
        let retry: ClientRequest? = state.withLock { shared in
            // Already counted as unanswered by the run's end.
            guard shared.inFlight.removeValue(forKey: launch) != nil else { return nil }
            let retry = Self.count(answer, of: request, at: answeredAt, topology: scenario.topology, &shared)
            guard let retry, options.stop.current == .running else {
                shared.open -= 1
                return nil
            }
            return retry
        }
        if let retry { later(retry, body: body, start: start) }
    }

    /// Counts an answer and records its time; returns the retry to send after a
    /// 429 while the workload's client has attempts left.
    private static func count(_ answer: TargetAnswer, of request: ClientRequest, at answeredAt: Instant,
                              topology: Topology, _ shared: inout Shared) -> ClientRequest? {
        shared.pipeline.countSend(request)
        switch answer {
        case let .response(status, body):
            shared.pipeline.counters.statuses[status, default: 0] += 1
            shared.pipeline.recordResponse(request, answeredAt: answeredAt)
            shared.intervalResponses.record(answeredAt - request.intendedAt)
            switch status {
            case 200..<300:
                shared.pipeline.counters.accepted += 1
                if topology == .sync { shared.pipeline.counters.syncSucceeded += 1 }
            case 429:
                shared.pipeline.counters.throttled[Self.level(body), default: 0] += 1
                if case let .retry(next) = shared.pipeline.retry(request, answeredAt: answeredAt) { return next }
            default:
                shared.pipeline.counters.rejected[status, default: 0] += 1
            }
        case .timedOut:
            shared.pipeline.counters.timeouts += 1
            shared.pipeline.recordResponse(request, answeredAt: answeredAt)
            shared.intervalResponses.record(answeredAt - request.intendedAt)
        case .failed:
            shared.pipeline.counters.transportErrors += 1
        case .cancelled:
            shared.pipeline.counters.unanswered += 1
        }
        return nil
    }

    /// The throttling level a 429's body names (`"level":"route"`); the
    /// account's when it names none, as for a target that is not SpikeLab.
    static func level(_ body: [UInt8]) -> ThrottleLevel {
        let text = String(decoding: body, as: UTF8.self)
        guard let key = text.firstRange(of: "\"level\":\""), let close = text[key.upperBound...].firstIndex(of: "\"") else { return .account }
        return ThrottleLevel(rawValue: String(text[key.upperBound..<close])) ?? .account
    }

    // MARK: The clock task

    /// Every 10 ms: interval ends (with the server's counts), the progress line,
    /// and the end: every request ended and, against a SpikeLab server, its
    /// queue empty; or a deadline passed, or a second signal.
    private func tick(start: ContinuousClock.Instant, server before: ServerMetrics?) async -> End {
        let trafficEnd = Instant.zero + scenario.trafficDuration
        var nextInterval = Instant.zero + scenario.interval
        var atInterval = before
        var latest = before
        var nextDrainScrape = Instant.zero
        var stopDeadline: Instant? = nil
        var steal = HostSteal()
        while true {
            try? await Task.sleep(for: .milliseconds(10))
            let now = elapsed(since: start)
            let stop = options.stop.current
            if stop != .running && stopDeadline == nil { stopDeadline = now + options.stopDrain }
            let clientDone = state.withLock { $0.generatorsRunning == 0 && $0.open == 0 }
            let intervalDue = now >= nextInterval
            if before != nil && (intervalDue || (clientDone && now >= nextDrainScrape)) {
                latest = await scrape() ?? latest
                nextDrainScrape = now + .milliseconds(50)
            }
            // The server publishes its counts a moment behind its pipeline: a scrape
            // can show an empty queue before it shows the last request accepted.
            // Drained only once it has counted every 2xx the client got.
            let caughtUp = scenario.topology != .queue || latest.map { server in
                before.map { server.accepted - $0.accepted >= state.withLock { $0.pipeline.counters.accepted } } ?? true
            } ?? true
            let drained = clientDone && (before == nil || ((latest?.held ?? 0) == 0 && caughtUp))
            let deadline = now >= trafficEnd + scenario.drainTimeout || stop == .aborted || (stopDeadline.map { now >= $0 } ?? false)
            let finishing = drained || deadline
            // Every interval, and a last, shorter one at the end.
            if intervalDue || (finishing && state.withLock { ($0.pipeline.rows.last?.end ?? 0) < now.seconds }) {
                let stolen = steal.sinceLast()
                let snapshot = state.withLock { shared in
                    Self.closeInterval(now: now, server: latest, previous: atInterval, stolen: stolen, draining: stop != .running,
                                       trafficEnd: trafficEnd, &shared)
                }
                atInterval = latest
                if intervalDue {
                    if let snapshot { options.progress?(snapshot) }
                    nextInterval = nextInterval + scenario.interval
                }
            }
            if finishing {
                return End(drained: drained, interrupted: stop != .running, server: latest)
            }
        }
    }

    /// Closes an interval; against a SpikeLab server, its queue columns come
    /// from the server's counts (levels now, and differences since the last).
    private static func closeInterval(now: Instant, server: ServerMetrics?, previous: ServerMetrics?, stolen: Double?, draining: Bool,
                                      trafficEnd: Instant, _ shared: inout Shared) -> RunProgress? {
        shared.pipeline.closeInterval(now: now)
        guard var row = shared.pipeline.rows.popLast() else { return nil }
        row.hostStealMs = stolen
        if let m = server, let p = previous {
            row.enqueued = m.accepted - p.accepted
            row.received = m.received - p.received
            row.processed = m.processed - p.processed
            row.stored = m.storedItems - p.storedItems
            row.deadLettered = m.deadLettered - p.deadLettered
            row.expired = m.expired - p.expired
            row.failed = (m.handlerFailures + m.storeGiveUps) - (p.handlerFailures + p.storeGiveUps)
            row.duplicatesSuppressed = m.duplicatesSuppressed - p.duplicatesSuppressed
            row.coldStarts = m.coldStarts - p.coldStarts
            row.notified = m.notified - p.notified
            row.visible = m.visible
            row.inFlight = m.inFlight
            row.delayed = m.delayed
            row.activeConsumers = m.activeConsumers
            if m.throttledByPartition.count == row.storeThrottledByPartition.count && p.throttledByPartition.count == m.throttledByPartition.count {
                row.storeThrottledByPartition = zip(m.throttledByPartition, p.throttledByPartition).map { $0 - $1 }
                row.storeThrottled = row.storeThrottledByPartition.reduce(0, +)
            }
        }
        shared.pipeline.rows.append(row)
        let length = max(row.end - row.start, 1e-9)
        let snapshot = RunProgress(
            elapsedSeconds: now.seconds, trafficSeconds: trafficEnd.seconds,
            offeredRate: Double(row.offered) / length, acceptedRate: Double(row.accepted) / length,
            endToEndP99: shared.intervalResponses.percentile(99), visible: row.visible, activeConsumers: row.activeConsumers,
            draining: draining)
        shared.intervalResponses.reset()
        return snapshot
    }
}
