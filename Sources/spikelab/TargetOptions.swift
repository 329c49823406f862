import ArgumentParser
import Foundation
import SpikeLab
import SpikeLabCore
import SpikeLabServer

/// `run --target URL` and what goes with it: the HTTP generator's settings.
struct TargetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Send the traffic over HTTP to this base URL (POST <URL>/<workload>) instead of the embedded pipeline; implies the wall clock.", valueName: "URL"))
    var target: String?

    @Option(help: "HTTP/1.1 keep-alive connections to the target.")
    var connections = 64

    @Option(help: ArgumentHelp("The HTTP client: nio (lean, one request per connection at a time, as wrk) or async-http-client. https:// targets always use async-http-client.", valueName: "nio|async-http-client"))
    var client: TargetClient = .nio

    @Option(help: ArgumentHelp("How long a request may wait for its answer before it counts as timed out.", valueName: "duration"))
    var timeout = "10s"

    @Option(name: .customLong("api-key"), help: "Sent as x-api-key with every request, in place of the workloads' keys.")
    var apiKey: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("A header sent with every request (repeatable).", valueName: "'Name: value'"))
    var headers: [String] = []

    /// Checks the options; prints what is wrong and exits 64 when something is.
    func validated() throws -> TargetSettings? {
        guard let target else {
            if apiKey != nil || !headers.isEmpty { try fail("--api-key and --header need --target") }
            return nil
        }
        guard let url = URL(string: target), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil,
              url.query == nil else {
            try fail("--target: '\(target)' is not a base URL like http://127.0.0.1:8080")
        }
        guard connections >= 1 else { try fail("--connections: must be at least 1, got \(connections)") }
        let span: TimeSpan
        switch Units.duration(timeout) {
        case let .success(s) where s > .zero: span = s
        case .success: try fail("--timeout: must be above zero, got '\(timeout)'")
        case let .failure(e): try fail("--timeout: \(e.message)")
        }
        var parsed: [TargetRequest.Header] = []
        for h in headers {
            guard let colon = h.firstIndex(of: ":"), !h[..<colon].trimmingCharacters(in: .whitespaces).isEmpty else {
                try fail("--header: '\(h)' is not 'Name: value'")
            }
            parsed.append(.init(name: h[..<colon].trimmingCharacters(in: .whitespaces),
                                value: h[h.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return TargetSettings(url: target, timeout: span, headers: parsed, client: scheme == "https" ? .asyncHTTPClient : client)
    }

    private func fail(_ message: String) throws -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        throw ExitCode(ExitStatus.usage.rawValue)
    }
}
