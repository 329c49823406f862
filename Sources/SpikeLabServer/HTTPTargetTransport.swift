import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SpikeLab

/// The real transport of `run --target`: async-http-client over pooled
/// HTTP/1.1 keep-alive connections to one base URL.
///
/// Requests beyond `connections` in flight wait in the client's pool for a
/// free connection; that wait is part of the corrected latency (measured from
/// the intended send), as it would be for a real client. Call `shutdown()`
/// when done.
public final class HTTPTargetTransport: TargetTransport {
    public let baseURL: String
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// - Parameters:
    ///   - baseURL: `http://host:port` (a trailing `/` is dropped).
    ///   - connections: connections kept open to the target.
    ///   - timeout: how long a request may wait for its whole answer.
    public init(baseURL: String, connections: Int = 64, timeout: Duration = .seconds(10)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connections))
        configuration.timeout = .init(connect: .seconds(5))
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let (seconds, attoseconds) = timeout.components
        self.timeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    public func send(_ request: TargetRequest) async -> TargetAnswer {
        var outgoing = HTTPClientRequest(url: baseURL + request.path)
        outgoing.method = request.method == .post ? .POST : .GET
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if request.method == .post { outgoing.body = .bytes(request.body) }
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            return .response(status: Int(response.status.code), body: Array(body.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .timedOut
        } catch let error as HTTPClientError where error == .cancelled {
            return .cancelled
        } catch is CancellationError {
            return .cancelled
        } catch {
            if Task.isCancelled { return .cancelled }
            return .failed(String(describing: error))
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
