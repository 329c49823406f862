import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SpikeLab
import SpikeLabCore
import SpikeLabServer
import Synchronization
import Testing

/// `spikelab serve` through a real HTTP client on an ephemeral port.
@Suite(.serialized)
struct ServeTests {
    static let order = #"{"orderId":"o-7","customerId":"c-1","items":[{"sku":"s","quantity":1,"price":2.5}],"total":2.5,"currency":"GBP"}"#

    static func scenario(_ extra: String = "") throws -> Scenario {
        try ScenarioLoader.parse(text: """
            name: serve-test
            workloads:
              - name: orders
                type: orders
                rate: { constant: { rate: 1, duration: 1s } }
              - name: bookings
                type: bookings
                rate: { constant: { rate: 1, duration: 1s } }
            gateway:
              overhead: 1ms
              maxPayload: 2KB
              routes:
                bookings: { rate: 5, burst: 5, apiKeyRequired: true }
              apiKeys:
                - { key: good }
            consumers:
              concurrency: 4
              coldStart: 0s
              handler: 1ms
            store:
              writeLatency: 1ms
            \(extra)
            """, file: "serve.yaml")
    }

    /// Starts a server on a free port, runs `body` with its base URL, then shuts it down.
    static func withServer(_ scenario: Scenario, _ body: (String) async throws -> Void) async throws -> RunResult? {
        let port = Mutex<Int?>(nil)
        let server = SpikeLabHTTPServer(scenario: scenario, port: 0, stopDrain: .seconds(5), signals: false) { p in port.withLock { $0 = p } }
        async let run = server.run()
        var bound: Int? = nil
        for _ in 0..<200 {
            bound = port.withLock { $0 }
            if bound != nil { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        let base = "http://127.0.0.1:\(try #require(bound))"
        do {
            try await body(base)
        } catch {
            await server.shutdown()
            _ = try await run
            throw error
        }
        await server.shutdown()
        return try await run
    }

    static func send(_ method: HTTPMethod, _ url: String, body: String? = nil, headers: [(String, String)] = []) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes), response.headers)
    }

    @Test("Every status code for its cause, and an accepted order becomes readable with GET")
    func statuses() async throws {
        let result = try await Self.withServer(Self.scenario()) { (base: String) async throws in
            let accepted = try await Self.send(.POST, "\(base)/orders", body: Self.order)
            #expect(accepted.status == 202 && accepted.body.hasPrefix("{\"requestId\":\""))
            #expect(try await Self.send(.POST, "\(base)/orders", body: "{not json").status == 400)
            let wrongType = try await Self.send(.POST, "\(base)/orders", body: Self.order.replacingOccurrences(of: "\"quantity\":1", with: "\"quantity\":\"one\""))
            #expect(wrongType.status == 400 && wrongType.body.contains("items[0].quantity"))
            #expect(try await Self.send(.POST, "\(base)/orders", body: String(repeating: " ", count: 3000)).status == 413)
            let booking = #"{"bookingId":"b-1","vehicleId":"v-1","customerId":"c-1","pickupLocation":"LHR","pickupTime":"2026-12-01T10:00:00Z","returnTime":"2026-12-03T10:00:00Z"}"#
            #expect(try await Self.send(.POST, "\(base)/bookings", body: booking).status == 401)
            #expect(try await Self.send(.POST, "\(base)/bookings", body: booking, headers: [("x-api-key", "bad")]).status == 403)
            var throttled: (status: Int, body: String, headers: HTTPHeaders)? = nil
            for _ in 0..<20 {
                let r = try await Self.send(.POST, "\(base)/bookings", body: booking, headers: [("x-api-key", "good")])
                if r.status == 429 { throttled = r; break }
            }
            #expect(throttled?.body.contains("\"level\":\"route\"") == true)
            #expect(throttled?.headers.first(name: "retry-after") == "1")
            // Stored after the handler's and the store's time: poll until it is there.
            var found = 404
            for _ in 0..<100 where found != 200 {
                found = try await Self.send(.GET, "\(base)/orders/o-7").status
                if found != 200 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(found == 200)
            #expect(try await Self.send(.GET, "\(base)/orders/o-nope").status == 404)
            #expect(try await Self.send(.GET, "\(base)/health").status == 200)
            #expect(try await Self.send(.GET, "\(base)/nowhere").status == 404)
            let metrics = try await Self.send(.GET, "\(base)/metrics")
            let text = metrics.body
            for line in ["route=\"orders\",method=\"POST\",status=\"202\"} 1", "route=\"orders\",method=\"POST\",status=\"400\"} 2",
                         "route=\"orders\",method=\"POST\",status=\"413\"} 1", "route=\"bookings\",method=\"POST\",status=\"401\"} 1",
                         "route=\"orders\",method=\"GET\",status=\"200\"} 1", "route=\"other\",method=\"GET\",status=\"404\"} 1"] {
                #expect(text.contains("spikelab_http_requests_total{\(line)"), "\(line)")
            }
            #expect(text.contains("# TYPE spikelab_http_requests_total counter"))
            #expect(text.contains("\n\(ServerMetrics.Name.bodiesWaiting) "), "the gauge of kept bodies is exposed")
            #expect(text.contains("spikelab_store_items 2"), "one order and one booking (the repeated bookingId is suppressed)")
            var m = try #require(ServerMetrics(prometheusText: text))
            #expect(m.storedItems == 2 && m.accepted >= 3)
            #expect(m.throttledByPartition.count == 4)
            // Once every accepted message is deleted, each repeated booking was
            // a suppressed duplicate write: accepted = stored + suppressed.
            for _ in 0..<100 where m.deleted < m.accepted {
                try await Task.sleep(for: .milliseconds(20))
                m = try #require(ServerMetrics(prometheusText: try await Self.send(.GET, "\(base)/metrics").body))
            }
            #expect(m.deleted == m.accepted && m.duplicatesSuppressed == m.accepted - 2, "\(m)")
            #expect(m.bodiesWaiting == 0, "every body handed to the store or let go with its message")
            #expect(m.handlerFailures == 0 && m.storeGiveUps == 0)
            #expect(m.invocations >= 1 && m.invocations <= m.accepted && m.streamRecords == m.storedItems)
        }
        #expect(result?.ledger.holds == true)
    }

    @Test("503 when the queue is at its cap; the synchronous topology answers 201 with the item")
    func capAndSync() async throws {
        _ = try await Self.withServer(Self.scenario("queue:\n  maxDepth: 1\n  delay: 1m\n")) { (base: String) async throws in
            let first = try await Self.send(.POST, "\(base)/orders", body: Self.order)
            let second = try await Self.send(.POST, "\(base)/orders", body: Self.order.replacingOccurrences(of: "o-7", with: "o-8"))
            #expect(first.status == 202)
            #expect(second.status == 503)
        }
        _ = try await Self.withServer(Self.scenario("topology: sync\n")) { (base: String) async throws in
            let created = try await Self.send(.POST, "\(base)/orders", body: Self.order)
            #expect(created.status == 201 && created.body == Self.order)
        }
    }

    @Test("A flood at ten times the throttle rate: the server keeps answering, and every 202 ends stored")
    func flood() async throws {
        let result = try await Self.withServer(Self.scenario("""
            topology: queue
            """).withAccount(rate: 200, burst: 50)) { (base: String) async throws in
            // 8 clients × 250 requests, as fast as they can: about ten times the 200 a second allowed.
            let counts = await withTaskGroup(of: (accepted: Int, other: Int).self) { group in
                for c in 0..<8 {
                    group.addTask {
                        var accepted = 0
                        var other = 0
                        for i in 0..<250 {
                            let body = Self.order.replacingOccurrences(of: "o-7", with: "o-\(c)-\(i)")
                            if let r = try? await Self.send(.POST, "\(base)/orders", body: body), r.status == 202 { accepted += 1 } else { other += 1 }
                        }
                        return (accepted, other)
                    }
                }
                return await group.reduce((0, 0)) { ($0.0 + $1.accepted, $0.1 + $1.other) }
            }
            #expect(counts.0 > 0 && counts.1 > 0)
            let health = try await Self.send(.GET, "\(base)/health")
            #expect(health.status == 200)
        }
        let r = try #require(result)
        #expect(r.ledger.holds, "\(r.ledger.equation)")
        #expect(r.storedItems == r.counters.accepted)
        #expect(r.counters.throttled[.account, default: 0] > 0)
    }
}

extension Scenario {
    func withAccount(rate: Double, burst: Double) -> Scenario {
        var s = self
        s.gateway.account = .init(rate: rate, burst: burst)
        return s
    }
}
