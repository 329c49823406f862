import SpikeLab
import SpikeLabCore
import Synchronization
import Testing

/// The HTTP driver against a scripted transport: what it counts for each kind
/// of answer, its retries, and its ledger when the target is not SpikeLab.
struct TargetEngineTests {
    /// Answers by the request's order of arrival at the transport: 202, 429
    /// (route level), 400, 500, timeout, connection refused, over and over.
    final class ScriptedTransport: TargetTransport {
        let sent = Mutex<[TargetRequest]>([])
        let health: TargetAnswer

        init(health: TargetAnswer = .response(status: 200, body: Array("{\"status\":\"ok\"}".utf8))) {
            self.health = health
        }

        func send(_ request: TargetRequest) async -> TargetAnswer {
            if request.path == "/health" { return health }
            let n = sent.withLock { s -> Int in
                s.append(request)
                return s.count - 1
            }
            switch n % 6 {
            case 0: return .response(status: 202, body: Array("{\"requestId\":\"1\"}".utf8))
            case 1: return .response(status: 429, body: Array("{\"message\":\"too many requests\",\"level\":\"route\"}".utf8))
            case 2: return .response(status: 400, body: [])
            case 3: return .response(status: 500, body: [])
            case 4:
                try? await Task.sleep(for: .milliseconds(5))
                return .timedOut
            default: return .failed("connection refused")
            }
        }
    }

    static func scenario(_ retry: String) throws -> Scenario {
        try ScenarioLoader.parse(text: """
            name: target-test
            workloads:
              - name: orders
                type: orders
                rate: { constant: { rate: 200, duration: 1s } }
                arrivals: even
                apiKey: storefront
                retry: \(retry)
            """, file: "target.yaml")
    }

    @Test("Every answer counted by its kind, exactly; no retries when the client makes none")
    func countsEveryAnswer() async throws {
        let transport = ScriptedTransport()
        var options = TargetEngine.Options()
        options.target = "http://scripted"
        options.headers = [.init(name: "x-trace", value: "t1")]
        let r = try await TargetEngine(scenario: Self.scenario("{ enabled: false }"), transport: transport, options: options).run()
        let c = r.counters
        #expect(c.offered == 200 && c.sent == 200 && c.dropped == 0)
        // 200 requests over a cycle of six answers: 34 of the first two kinds, 33 of the rest.
        #expect(c.statuses == [202: 34, 429: 34, 400: 33, 500: 33])
        #expect(c.accepted == 34)
        #expect(c.throttled == [.route: 34])
        #expect(c.rejected == [400: 33, 500: 33])
        #expect(c.timeouts == 33 && c.transportErrors == 33)
        #expect(c.clientRetries == 0 && c.clientGaveUp == 34)
        // Every answer and every timeout has its time; refused connections have none.
        #expect(r.histograms.merged(.gatewayResponse).count == 200 - 33)
        #expect(r.histograms.merged(.gatewayResponseUncorrected).count == 200 - 33)
        #expect(r.histograms.merged(.endToEnd).count == 0)
        #expect(r.http?.url == "http://scripted" && r.http?.spikelabServer == false)
        #expect(r.ledger.vantage == .client && r.ledger.holds)
        #if os(Linux)
        #expect(!r.rows.isEmpty && r.rows.allSatisfy { $0.hostStealMs != nil }, "every interval notes the host's steal")
        #endif
        let request = try #require(transport.sent.withLock { $0.first })
        #expect(request.method == .post && request.path == "/orders")
        #expect(request.headers.map(\.name) == ["content-type", "x-api-key", "x-trace"])
        #expect(request.headers[1].value == "storefront")
        #expect(String(decoding: request.body, as: UTF8.self).hasPrefix("{\"orderId\":"))
        // The summary carries the statuses; a threshold on a stage the target cannot report fails.
        var withThreshold = r
        withThreshold.scenario.thresholds = [try Threshold.parse("p99(end_to_end) < 1s").get()]
        let summary = Summary(withThreshold)
        #expect(summary.http?.statuses == ["202": 34, "429": 34, "400": 33, "500": 33])
        #expect(summary.thresholds.first?.passed == false && summary.thresholds.first?.unmeasured == true)
    }

    @Test("A 429 is retried with the workload's backoff, up to its attempts")
    func retriesThrottled() async throws {
        let transport = ScriptedTransport()
        let r = try await TargetEngine(scenario: Self.scenario("{ attempts: 2, base: 1ms, cap: 2ms }"), transport: transport).run()
        let c = r.counters
        // Each first attempt that met a 429 is sent once more; what the retry meets follows the cycle.
        #expect(c.clientRetries > 0)
        #expect(c.sent == c.offered + c.clientRetries)
        #expect(c.statuses.values.reduce(0, +) + c.timeouts + c.transportErrors == c.sent)
        #expect(c.throttledTotal == c.clientRetries + c.clientGaveUp)
    }

    @Test("A target that does not answer at all is reported, not run")
    func unreachable() async throws {
        let transport = ScriptedTransport(health: .failed("connection refused"))
        var options = TargetEngine.Options()
        options.target = "http://127.0.0.1:1"
        await #expect(throws: TargetEngine.Unreachable.self) {
            _ = try await TargetEngine(scenario: Self.scenario("{ enabled: false }"), transport: transport, options: options).run()
        }
        #expect(transport.sent.withLock { $0.isEmpty })
    }

    /// A SpikeLab-like server that accepts every order and whose `/metrics` shows
    /// an empty queue at once but counts each 202 only `lag` scrapes later.
    final class LaggingServer: TargetTransport {
        let answered = Mutex(0)
        let scrapes = Mutex<[Int]>([])
        let lag: Int
        init(lag: Int) { self.lag = lag }

        func send(_ request: TargetRequest) async -> TargetAnswer {
            switch request.path {
            case "/health": return .response(status: 200, body: Array("{\"status\":\"ok\",\"server\":\"spikelab\"}".utf8))
            case "/metrics":
                let counted = scrapes.withLock { s -> Int in
                    s.append(answered.withLock { $0 })
                    return s.count > lag ? s[s.count - 1 - lag] : 0
                }
                let text = "spikelab_gateway_accepted_total \(counted)\nspikelab_queue_deleted_total \(counted)\nspikelab_queue_visible 0\nspikelab_queue_in_flight 0\n"
                return .response(status: 200, body: Array(text.utf8))
            case "/orders":
                answered.withLock { $0 += 1 }
                return .response(status: 202, body: Array("{\"requestId\":\"1\"}".utf8))
            default: return .response(status: 404, body: [])
            }
        }
    }

    @Test("Against a server whose counts lag its answers, the run drains only once it has counted every 202, and balances")
    func drainWaitsForTheServersCounts() async throws {
        let scenario = try ScenarioLoader.parse(text: """
            name: lag
            workloads:
              - { name: orders, type: orders, rate: { constant: { rate: 200, duration: 1s } }, arrivals: even }
            drain: 30s
            """, file: "lag.yaml")
        var options = TargetEngine.Options()
        options.target = "http://scripted"
        let server = LaggingServer(lag: 8)
        let r = try await TargetEngine(scenario: scenario, transport: server, options: options).run()
        #expect(r.counters.accepted == 200)
        #expect(r.ledger.vantage == .server && r.ledger.holds, "\(r.ledger.equation)")
        #expect(r.simulatedSeconds < 10, "drained, not cut at the deadline")
    }

    @Test("The server's counts read back from the Prometheus text")
    func parsesServerMetrics() throws {
        let text = """
            # TYPE spikelab_gateway_accepted_total counter
            spikelab_gateway_accepted_total 120
            spikelab_queue_deleted_total 100
            spikelab_queue_duplicate_copies_total 3
            spikelab_queue_dead_lettered_total 2
            spikelab_queue_visible 15
            spikelab_queue_in_flight 6
            spikelab_consumers_handler_failures_total 9
            spikelab_consumers_store_give_ups_total 1
            spikelab_store_duplicates_suppressed_total 5
            spikelab_consumers_invocations_total 40
            spikelab_consumers_cold_starts_total 4
            spikelab_stream_records_total 98
            spikelab_notifications_total 97
            spikelab_store_throttled_total{partition="1"} 7
            spikelab_store_throttled_total{partition="0"} 4
            spikelab_http_requests_total{route="orders",method="POST",status="202"} 120
            """
        let m = try #require(ServerMetrics(prometheusText: text))
        #expect(m.accepted == 120 && m.deleted == 100 && m.duplicateCopies == 3 && m.deadLettered == 2)
        #expect(m.visible == 15 && m.inFlight == 6 && m.held == 21)
        #expect(m.throttledByPartition == [4, 7])
        #expect(m.handlerFailures == 9 && m.storeGiveUps == 1 && m.duplicatesSuppressed == 5)
        #expect(m.invocations == 40 && m.coldStarts == 4 && m.streamRecords == 98 && m.notified == 97)
        #expect(ServerMetrics(prometheusText: "up 1\n") == nil, "not a SpikeLab server")
    }
}
