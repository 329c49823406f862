import AsyncHTTPClient
import DequeModule
import Foundation
import NIOCore
import NIOHTTP1
import SpikeLab
import Synchronization

/// The real transport of `run --target`: async-http-client over pooled
/// HTTP/1.1 keep-alive connections to one base URL.
///
/// At most `connections` requests are in the client at once, one per
/// connection; the rest wait here, first come first served, for one to finish.
/// (Left to queue in the client's own pool, each waiting request costs a timer
/// and its removal a linear search: past a few thousand waiting, the client
/// spent its time there and fell further behind.) The wait is part of the
/// answer time, corrected and uncorrected, as for a real client. The timeout is the
/// client's read timeout: an answer that does not come within it of the
/// request going out on its connection (as wrk's `--timeout`). It uses the
/// future-based API with a delegate and no per-request deadline, so a request
/// costs no task and no timer: at tens of thousands of requests a second those
/// were a third of the generator's time. Call `shutdown()` when done.
public final class HTTPTargetTransport: TargetTransport {
    public let baseURL: String
    private let client: HTTPClient
    /// Parsed once per path (a workload's route, `/health`, `/metrics`).
    private let urls = Mutex<[String: URL]>([:])
    private let connections: Int
    private let queue = Mutex(Waiting())

    /// Requests in the client, and those waiting for one of them to finish.
    private struct Waiting: ~Copyable {
        var inClient = 0
        var waiting = Deque<(HTTPClient.Request, @Sendable (TargetAnswer) -> Void)>()
    }

    /// - Parameters:
    ///   - baseURL: `http://host:port` (a trailing `/` is dropped).
    ///   - connections: connections kept open to the target.
    ///   - timeout: how long a request may wait for its answer once sent.
    public init(baseURL: String, connections: Int = 64, timeout: Duration = .seconds(10)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.connections = max(1, connections)
        let (seconds, attoseconds) = timeout.components
        let read = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connections))
        configuration.timeout = .init(connect: .seconds(5), read: read)
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(_ request: TargetRequest) async -> TargetAnswer {
        await withCheckedContinuation { continuation in
            send(request) { continuation.resume(returning: $0) }
        }
    }

    public func send(_ request: TargetRequest, completion: @escaping @Sendable (TargetAnswer) -> Void) {
        let outgoing: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for header in request.headers { headers.add(name: header.name, value: header.value) }
            outgoing = try HTTPClient.Request(url: url(request.path), method: request.method == .post ? .POST : .GET, headers: headers,
                                              body: request.method == .post ? .bytes(request.body) : nil)
        } catch {
            completion(.failed(String(describing: error)))
            return
        }
        let now = queue.withLock { q -> Bool in
            guard q.inClient < connections else {
                q.waiting.append((outgoing, completion))
                return false
            }
            q.inClient += 1
            return true
        }
        if now { execute(outgoing, on: nil, completion) }
    }

    /// Runs one request in the client; when it ends, the next waiting one goes in.
    /// - Parameter loop: the event loop whose connection just came free: the
    ///   next request stays on it, so that no thread has to wake another.
    private func execute(_ outgoing: HTTPClient.Request, on loop: (any EventLoop)? = nil,
                         _ completion: @escaping @Sendable (TargetAnswer) -> Void) {
        let task = loop.map { client.execute(request: outgoing, delegate: AnswerDelegate(), eventLoop: .delegateAndChannel(on: $0)) }
            ?? client.execute(request: outgoing, delegate: AnswerDelegate())
        let loop = task.eventLoop
        task.futureResult.whenComplete { result in
            let next = self.queue.withLock { q -> (HTTPClient.Request, @Sendable (TargetAnswer) -> Void)? in
                if let next = q.waiting.popFirst() { return next }
                q.inClient -= 1
                return nil
            }
            if let next { self.execute(next.0, on: loop, next.1) }
            switch result {
            case let .success(answer):
                completion(.response(status: answer.status, body: answer.body))
            case let .failure(error as HTTPClientError) where error == .readTimeout || error == .deadlineExceeded:
                completion(.timedOut)
            case let .failure(error as HTTPClientError) where error == .cancelled || error == .alreadyShutdown:
                completion(.cancelled)
            case let .failure(error):
                completion(.failed(String(describing: error)))
            }
        }
    }

    private func url(_ path: String) -> URL {
        urls.withLock { cache in
            if let url = cache[path] { return url }
            let url = URL(string: baseURL + path) ?? URL(fileURLWithPath: "/")
            cache[path] = url
            return url
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}

/// Collects one answer's status and body (up to 1 MiB). AHC calls a delegate
/// on its task's event loop, one call at a time: the state is confined there.
private final class AnswerDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = (status: Int, body: [UInt8])
    private var status = 0
    private var body: [UInt8] = []

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        status = Int(head.status.code)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        if body.count < 1 << 20 { body.append(contentsOf: buffer.readableBytesView) }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        (status, body)
    }
}
