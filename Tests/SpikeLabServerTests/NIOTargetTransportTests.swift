import SpikeLab
@testable import SpikeLabServer
import Synchronization
import Testing

/// The lean HTTP/1.1 client of `run --target`, against a scripted server.
@Suite(.serialized)
struct NIOTargetTransportTests {
    /// Sends `count` POSTs at once and waits for every answer.
    static func sendAll(_ transport: NIOTargetTransport, count: Int, path: String = "/orders") async -> [TargetAnswer] {
        await withTaskGroup(of: TargetAnswer.self) { group in
            for _ in 0..<count {
                group.addTask {
                    await transport.send(TargetRequest(method: .post, path: path, headers: [.init(name: "content-type", value: "application/json")],
                                                       body: Array(#"{"a":1}"#.utf8)))
                }
            }
            var answers: [TargetAnswer] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
    }

    static func statuses(_ answers: [TargetAnswer]) -> [Int: Int] {
        answers.reduce(into: [:]) { counts, answer in
            if case let .response(status, _) = answer { counts[status, default: 0] += 1 }
        }
    }

    @Test("Keep-alive: 500 requests, every one answered once, over no more connections than allowed")
    func keepAlive() async throws {
        let server = try await ScriptedHTTPServer(.answer(status: 202, close: false))
        let transport = try NIOTargetTransport(baseURL: server.base, connections: 4, timeout: .seconds(5))
        let answers = await Self.sendAll(transport, count: 500)
        #expect(Self.statuses(answers) == [202: 500])
        #expect(answers.allSatisfy { $0 == .response(status: 202, body: Array(#"{"ok":true}"#.utf8)) })
        #expect(server.requests == 500)
        #expect(server.connections <= 4 && server.connections >= 1, "\(server.connections) connections")
        await transport.shutdown()
        try await server.stop()
    }

    @Test("A server that closes after every answer: each request still answered, on a new connection")
    func connectionClose() async throws {
        let server = try await ScriptedHTTPServer(.answer(status: 201, close: true))
        let transport = try NIOTargetTransport(baseURL: server.base, connections: 3, timeout: .seconds(5))
        let answers = await Self.sendAll(transport, count: 60)
        #expect(Self.statuses(answers) == [201: 60])
        #expect(server.requests == 60)
        #expect(server.connections >= 60, "one connection per answer at least: \(server.connections)")
        await transport.shutdown()
        try await server.stop()
    }

    @Test("The base URL's path goes before each request's")
    func basePath() async throws {
        let server = try await ScriptedHTTPServer(.answer(status: 200, close: false))
        let transport = try NIOTargetTransport(baseURL: server.base + "/prod/", connections: 1)
        _ = await Self.sendAll(transport, count: 2)
        #expect(server.paths == ["/prod/orders", "/prod/orders"])
        await transport.shutdown()
        try await server.stop()
    }

    @Test("No answer within the timeout: timed out, each request once")
    func timeout() async throws {
        let server = try await ScriptedHTTPServer(.silent)
        let transport = try NIOTargetTransport(baseURL: server.base, connections: 2, timeout: .milliseconds(200))
        let clock = ContinuousClock()
        let started = clock.now
        let answers = await Self.sendAll(transport, count: 4)
        #expect(answers == Array(repeating: .timedOut, count: 4))
        // Two connections, two rounds of 200 ms: the waiting pair times out after the first.
        #expect(clock.now - started >= .milliseconds(400))
        await transport.shutdown()
        try await server.stop()
    }

    @Test("Nothing listening: every request fails with the reason, none hangs")
    func refused() async throws {
        let server = try await ScriptedHTTPServer(.silent)
        let base = server.base
        try await server.stop()
        let transport = try NIOTargetTransport(baseURL: base, connections: 2, timeout: .seconds(5))
        let answers = await Self.sendAll(transport, count: 10)
        #expect(answers.count == 10)
        #expect(answers.allSatisfy { if case .failed = $0 { true } else { false } }, "\(answers)")
        await transport.shutdown()
    }

    @Test("Shutdown: requests waiting or on the wire end as cancelled")
    func shutdown() async throws {
        let server = try await ScriptedHTTPServer(.silent)
        let transport = try NIOTargetTransport(baseURL: server.base, connections: 2, timeout: .seconds(30))
        let answers = Mutex<[TargetAnswer]>([])
        for _ in 0..<5 {
            transport.send(TargetRequest(method: .get, path: "/health")) { answer in answers.withLock { $0.append(answer) } }
        }
        for _ in 0..<100 where server.requests < 2 { try await Task.sleep(for: .milliseconds(10)) }
        await transport.shutdown()
        for _ in 0..<100 where answers.withLock({ $0.count }) < 5 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(answers.withLock { $0 } == Array(repeating: .cancelled, count: 5))
        try await server.stop()
    }

    @Test("Base URLs it cannot use are refused when made", arguments: ["https://example.com", "127.0.0.1:8080", "http://h:1/?q=1", "ftp://x"])
    func badURL(_ url: String) {
        #expect(throws: NIOTargetTransport.BadURL.self) { try NIOTargetTransport(baseURL: url) }
    }

    @Test("The host header keeps an IPv6 literal's brackets and a zone's escape")
    func hostHeader() {
        #expect(NIOTargetTransport.hostHeader(host: "127.0.0.1", port: 8080) == "127.0.0.1:8080")
        #expect(NIOTargetTransport.hostHeader(host: "api.example.com", port: nil) == "api.example.com")
        #expect(NIOTargetTransport.hostHeader(host: "::1", port: 8080) == "[::1]:8080")
        #expect(NIOTargetTransport.hostHeader(host: "::1", port: nil) == "[::1]")
        #expect(NIOTargetTransport.hostHeader(host: "fe80::1%eth0", port: 80) == "[fe80::1%25eth0]:80")
    }
}
