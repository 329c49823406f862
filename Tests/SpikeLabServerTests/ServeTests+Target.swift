import SpikeLab
import SpikeLabCore
import SpikeLabServer
import Testing

/// `run --target` against `serve`: the HTTP generator and the server together.
extension ServeTests {
    static func throttled() throws -> Scenario {
        try ScenarioLoader.parse(text: """
            name: agreement
            workloads:
              - name: orders
                type: orders
                rate: { constant: { rate: 400, duration: 3s } }
                arrivals: even
                retry: { enabled: false }
            gateway:
              account: { rate: 200, burst: 40 }
            consumers:
              concurrency: 4
              coldStart: 0s
              handler: 1ms
            store:
              writeLatency: 1ms
            drain: 30s
            """, file: "agreement.yaml")
    }

    @Test("Over HTTP against serve and in process: accepted, throttled and stored agree within the token bucket's bound",
          arguments: ["nio", "async-http-client"])
    func agreesWithInProcess(client: String) async throws {
        let scenario = try Self.throttled()
        let inProcess = VirtualEngine(scenario: scenario).run()
        let rate = 200.0, burst = 40.0, seconds = 3.0
        // In process, the bucket admits rate × T + burst, within one request.
        #expect(abs(Double(inProcess.counters.accepted) - (rate * seconds + burst)) <= 1)
        var overHTTP: RunResult? = nil
        let served = try await Self.withServer(scenario) { (base: String) async throws in
            let transport: any TargetTransport = client == "nio"
                ? try NIOTargetTransport(baseURL: base, connections: 16, timeout: .seconds(5))
                : HTTPTargetTransport(baseURL: base, connections: 16, timeout: .seconds(5))
            var options = TargetEngine.Options()
            options.target = base
            overHTTP = try await TargetEngine(scenario: scenario, transport: transport, options: options).run()
            await transport.shutdown()
        }
        let h = try #require(overHTTP)
        let server = try #require(served)
        let c = h.counters
        #expect(c.offered == 1200 && c.sent == 1200 && c.dropped == 0)
        #expect(c.statuses == [202: c.accepted, 429: c.throttledTotal], "nothing but 202 and 429")
        #expect(c.accepted + c.throttledTotal == 1200)
        // Over HTTP the requests reach the bucket a little spread in time: the
        // bound allows rate × 50 ms of jitter, plus one request.
        let bound = rate * 0.05 + 1
        #expect(abs(Double(c.accepted - inProcess.counters.accepted)) <= bound, "over HTTP \(c.accepted), in process \(inProcess.counters.accepted)")
        #expect(abs(Double(c.throttledTotal - inProcess.counters.throttledTotal)) <= bound)
        // Stored: every 202 the client got ended stored, by the server's own counts.
        #expect(h.http?.spikelabServer == true)
        #expect(h.ledger.vantage == .server && h.ledger.holds, "\(h.ledger.equation)")
        #expect(h.storedItems == c.accepted && inProcess.storedItems == inProcess.counters.accepted)
        #expect(server.counters.accepted == c.accepted && server.storedItems == c.accepted)
        // The server's stages came back with the run: one end-to-end time per stored order.
        #expect(h.histograms.merged(.endToEnd).count == UInt64(c.accepted))
        #expect(h.rows.map(\.stored).reduce(0, +) == c.accepted, "the time series' stored column, from the server's counts")
    }
}
