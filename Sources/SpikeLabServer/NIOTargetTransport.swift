import DequeModule
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SpikeLab
import Synchronization

/// The transport of `run --target http://…`: a lean HTTP/1.1 client on NIO
/// channels, as wrk has its own: up to `connections` keep-alive connections,
/// each carrying one request at a time; requests with no free connection wait
/// here, first come first served (the wait is part of the answer time,
/// corrected and uncorrected, as for a real client).
///
/// A request costs one hand-over to its connection's event loop and three
/// writes (NIO's HTTP/1.1 codec); no task, no future, no timer: each
/// connection has one timer that ends its request as timed out once it has
/// waited `timeout` for the answer (and closes it). A connection that closes
/// fails the request it carried; a connection that cannot be made fails the
/// first waiting request, and the next is tried on a new attempt, so that
/// nothing waits forever for a target that is down. HTTPS targets use
/// `HTTPTargetTransport` (async-http-client). Call `shutdown()` when done.
public final class NIOTargetTransport: TargetTransport {
    public let baseURL: String
    private let host: String
    private let port: Int
    /// The base URL's path, put before each request's (`/prod` + `/orders`).
    private let basePath: String
    private let hostHeader: String
    private let connections: Int
    private let timeout: TimeAmount
    private let group: any EventLoopGroup
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var waiting = Deque<TargetConnection.Pending>()
        /// Connected, carrying nothing.
        var idle: [TargetConnection] = []
        /// Connecting or connected.
        var open = 0
        var live: [ObjectIdentifier: TargetConnection] = [:]
        var shutDown = false
    }

    /// The base URL is not `http://host[:port][/path]`.
    public struct BadURL: Error, CustomStringConvertible {
        public var url: String
        public var description: String { "'\(url)' is not a base URL like http://127.0.0.1:8080" }
    }

    /// - Parameters:
    ///   - baseURL: `http://host[:port][/path]` (a trailing `/` is dropped).
    ///   - connections: connections kept open to the target, at most.
    ///   - timeout: how long a request may wait for its answer once sent.
    public init(baseURL: String, connections: Int = 64, timeout: Duration = .seconds(10),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        guard let url = URL(string: trimmed), url.scheme == "http", let host = url.host, !host.isEmpty,
              url.query == nil else { throw BadURL(url: baseURL) }
        self.baseURL = trimmed
        basePath = url.path
        self.host = host
        port = url.port ?? 80
        hostHeader = Self.hostHeader(host: host, port: url.port)
        self.connections = max(1, connections)
        let (seconds, attoseconds) = timeout.components
        self.timeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        self.group = group
    }

    /// The `host` header's value for a URL's host and port: an IPv6 literal
    /// goes back in brackets (`[::1]:8080`), a zone's `%` encoded as `%25`
    /// (RFC 6874), as the URL had them.
    static func hostHeader(host: String, port: Int?) -> String {
        let name = host.contains(":") ? "[\(host.replacingOccurrences(of: "%", with: "%25"))]" : host
        return port.map { "\(name):\($0)" } ?? name
    }

    var isShutDown: Bool { state.withLock { $0.shutDown } }

    public func send(_ request: TargetRequest) async -> TargetAnswer {
        await withCheckedContinuation { continuation in
            send(request) { continuation.resume(returning: $0) }
        }
    }

    public func send(_ request: TargetRequest, completion: @escaping @Sendable (TargetAnswer) -> Void) {
        let pending = TargetConnection.Pending(head: head(request), body: request.method == .post ? ByteBuffer(bytes: request.body) : nil,
                                               completion: completion)
        enum Route { case connection(TargetConnection), connect, wait, refused }
        let route = state.withLock { s -> Route in
            if s.shutDown { return .refused }
            if let idle = s.idle.popLast() { return .connection(idle) }
            s.waiting.append(pending)
            guard s.open < connections else { return .wait }
            s.open += 1
            return .connect
        }
        switch route {
        case let .connection(connection): connection.eventLoop.execute { connection.start(pending) }
        case .connect: connect()
        case .wait: break
        case .refused: completion(.cancelled)
        }
    }

    /// The request line and headers: `host`, the request's own, and the body's length.
    private func head(_ request: TargetRequest) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(request.headers.count + 2)
        headers.add(name: "host", value: hostHeader)
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        if request.method == .post { headers.add(name: "content-length", value: String(request.body.count)) }
        return HTTPRequestHead(version: .http1_1, method: request.method == .post ? .POST : .GET, uri: basePath + request.path, headers: headers)
    }

    // MARK: Connections

    private func connect() {
        let loop = group.next()
        let connection = TargetConnection(transport: self, eventLoop: loop, timeout: timeout)
        state.withLock { $0.live[ObjectIdentifier(connection)] = connection }
        ClientBootstrap(group: loop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
            .connect(host: host, port: port)
            .whenFailure { error in self.connectFailed(connection, error) }
    }

    /// A connection came free (or up): the next waiting request, or none and
    /// the connection waits as idle. Called on the connection's event loop.
    func connectionReady(_ connection: TargetConnection) -> TargetConnection.Pending? {
        state.withLock { s in
            if let next = s.waiting.popFirst() { return next }
            if !s.shutDown { s.idle.append(connection) }
            return nil
        }
    }

    /// A request handed to a connection that had closed meanwhile: first in
    /// line again, with a new connection if there is room for one.
    func requeue(_ request: TargetConnection.Pending) {
        let route = state.withLock { s -> Bool? in
            if s.shutDown { return nil }
            s.waiting.prepend(request)
            guard s.open < connections else { return false }
            s.open += 1
            return true
        }
        switch route {
        case nil: request.completion(.cancelled)
        case true?: connect()
        case false?: break
        }
    }

    /// A connection closed: it is forgotten, and another is opened when
    /// requests are waiting.
    func connectionClosed(_ connection: TargetConnection) {
        let reconnect = state.withLock { s -> Bool in
            guard s.live.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return false }
            s.idle.removeAll { $0 === connection }
            s.open -= 1
            guard !s.shutDown, !s.waiting.isEmpty, s.open < connections else { return false }
            s.open += 1
            return true
        }
        if reconnect { connect() }
    }

    /// A connection could not be made: the first waiting request fails with
    /// the reason, and the next waiting one (if any) gets a new attempt.
    private func connectFailed(_ connection: TargetConnection, _ error: any Error) {
        let (failed, reconnect) = state.withLock { s -> (TargetConnection.Pending?, Bool) in
            guard s.live.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return (nil, false) }
            s.open -= 1
            let failed = s.waiting.popFirst()
            guard !s.shutDown, !s.waiting.isEmpty, s.open < connections else { return (failed, false) }
            s.open += 1
            return (failed, true)
        }
        failed?.completion(.failed(String(describing: error)))
        if reconnect { connect() }
    }

    /// Cancels the waiting requests and closes every connection (their
    /// requests end as cancelled).
    public func shutdown() async {
        let (waiting, live) = state.withLock { s in
            s.shutDown = true
            defer { s.waiting.removeAll() }
            return (Array(s.waiting), Array(s.live.values))
        }
        for request in waiting { request.completion(.cancelled) }
        for connection in live { connection.eventLoop.execute { connection.close() } }
    }
}
