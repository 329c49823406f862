import Foundation
import NIOHTTP1
import SpikeLab
import SpikeLabCore
import SpikeLabServer
import Synchronization
import Testing

/// `serve` under abuse: slow clients, oversized heads, unknown routes and
/// methods, bodies far over the limit. It answers the documented statuses,
/// keeps answering `/health`, and closes connections that stall.
extension ServeTests {
    @Test("200 clients sending a head a byte a second are closed after the idle timeout; /health answers throughout")
    func slowClients() async throws {
        let scenario = try Self.scenario()
        let port = Mutex<Int?>(nil)
        let server = SpikeLabHTTPServer(scenario: scenario, port: 0, stopDrain: .seconds(2), idleTimeout: .seconds(2), signals: false) { p in
            port.withLock { $0 = p }
        }
        async let run = server.run()
        var bound: Int? = nil
        for _ in 0..<200 where bound == nil {
            bound = port.withLock { $0 }
            if bound == nil { try await Task.sleep(for: .milliseconds(25)) }
        }
        let p = try #require(bound)
        let closed = RawHTTP.Count()
        let started = Date()
        // Each client writes one byte a second and never finishes its head.
        let clients = Thread { RawHTTP.trickle(port: p, count: 200, head: "POST /orders HTTP/1.1\r\nHost: x\r\n", for: 8, closed: closed) }
        clients.start()
        var healthy = 0
        for _ in 0..<10 {
            try await Task.sleep(for: .milliseconds(500))
            if try await Self.send(.GET, "http://127.0.0.1:\(p)/health").status == 200 { healthy += 1 }
        }
        while closed.current < 200, Date().timeIntervalSince(started) < 9 {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(healthy == 10, "/health kept answering")
        #expect(closed.current == 200, "every stalled connection closed by the server")
        #expect(Date().timeIntervalSince(started) < 6, "within the 2 s idle timeout and the trickle's pace")
        await server.shutdown()
        _ = try await run
    }

    @Test("Oversized heads, unknown routes and methods, and bodies over the limit get their statuses; the server stays up")
    func documentedStatuses() async throws {
        _ = try await Self.withServer(Self.scenario()) { (base: String) async throws in
            let port = Self.port(base)
            let cases: [(String, String)] = [
                ("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n", "400"),
                ("DELETE /orders HTTP/1.1\r\nHost: x\r\n\r\n", "404"),
                ("PUT /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", "404"),
                ("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", "404"),
                ("\u{16}\u{3}\u{1} not http\r\n\r\n", "400"),
                ("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n" + String(repeating: "x", count: 65536), "413"),
            ]
            for (request, status) in cases {
                let answer = RawHTTP.exchange(port: port, request, halfClose: false, headOnly: true, timeout: 3)
                #expect(answer.text.hasPrefix("HTTP/1.1 \(status) "), "\(request.prefix(40)): \(answer.text.prefix(60))")
            }
            // 10 MB sent in chunks, with no declared length: refused once past the limit.
            let chunk = String(repeating: "y", count: 1 << 20)
            let chunked = "POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String(repeating: "100000\r\n\(chunk)\r\n", count: 10) + "0\r\n\r\n"
            let big = RawHTTP.exchange(port: port, chunked, halfClose: false, headOnly: true, timeout: 5)
            #expect(big.text.hasPrefix("HTTP/1.1 413 "), "\(big.text.prefix(60))")
            #expect(try await Self.send(.GET, "\(base)/health").status == 200)
        }
    }
}
