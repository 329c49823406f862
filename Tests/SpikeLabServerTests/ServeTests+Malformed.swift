import Foundation
import NIOHTTP1
import SpikeLab
import Testing

/// Malformed requests get 400, too-large ones 413 at once, and `/health` is JSON
/// whatever the scenario's name.
extension ServeTests {
    static func port(_ base: String) -> Int { Int(base.split(separator: ":").last!)! }

    @Test("A cut body and a bad chunk size get 400; a declared length over the limit gets 413 at once")
    func malformedBodies() async throws {
        _ = try await Self.withServer(Self.scenario()) { (base: String) async throws in
            let port = Self.port(base)
            let cut = RawHTTP.exchange(port: port, "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n{\"orderId\":", halfClose: true)
            #expect(cut.text.hasPrefix("HTTP/1.1 400 "), "\(cut.text)")
            #expect(cut.text.contains("malformed or incomplete"))
            let chunk = RawHTTP.exchange(port: port, "POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n", halfClose: true)
            #expect(chunk.text.hasPrefix("HTTP/1.1 400 "), "\(chunk.text)")
            let huge = RawHTTP.exchange(port: port, "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc", halfClose: false, headOnly: true)
            #expect(huge.text.hasPrefix("HTTP/1.1 413 "), "\(huge.text)")
            #expect(huge.seconds < 2)
            let metrics = try await Self.send(.GET, "\(base)/metrics").body
            #expect(metrics.contains("route=\"orders\",method=\"POST\",status=\"400\"} 2"), "\(metrics)")
            #expect(metrics.contains("route=\"orders\",method=\"POST\",status=\"413\"} 1"))
            #expect(try await Self.send(.GET, "\(base)/health").status == 200, "still serving")
        }
    }

    @Test("HEAD /health answers 200, and GET /health is valid JSON for a name with quotes")
    func healthEncoded() async throws {
        let name = #"say "hi" \ back"#
        var scenario = try Self.scenario()
        scenario.name = name
        _ = try await Self.withServer(scenario) { (base: String) async throws in
            #expect(try await Self.send(.HEAD, "\(base)/health").status == 200)
            let body = try await Self.send(.GET, "\(base)/health").body
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String])
            #expect(object == ["status": "ok", "server": "spikelab", "scenario": name])
        }
    }
}
