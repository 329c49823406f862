/// How a run against an HTTP target sends its requests: the engine schedules,
/// times and counts; a transport only carries a request and brings its answer.
///
/// `SpikeLabServer.NIOTargetTransport` (HTTP/1.1 on NIO channels) and
/// `SpikeLabServer.HTTPTargetTransport` (async-http-client) are the real ones;
/// tests may pass their own.
/// Implementations never throw: a timeout or a failed connection is an answer.
public protocol TargetTransport: Sendable {
    func send(_ request: TargetRequest) async -> TargetAnswer

    /// Sends without waiting: `completion` is called once, with the answer, on
    /// whatever thread the transport answers on. What the generator uses for
    /// each request, so that no task is made per request; by default it makes
    /// one and calls the async `send`.
    func send(_ request: TargetRequest, completion: @escaping @Sendable (TargetAnswer) -> Void)

    /// Ends what is still open (requests end as cancelled) and lets go of the
    /// connections. By default, nothing.
    func shutdown() async
}

extension TargetTransport {
    public func send(_ request: TargetRequest, completion: @escaping @Sendable (TargetAnswer) -> Void) {
        Task { completion(await send(request)) }
    }

    public func shutdown() async {}
}

/// One HTTP request, relative to the target's base URL.
public struct TargetRequest: Sendable, Equatable {
    public enum Method: String, Sendable { case get = "GET", post = "POST" }
    public var method: Method
    /// Begins with `/`: `/orders`, `/metrics`.
    public var path: String
    public var headers: [Header]
    public var body: [UInt8]

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(method: Method, path: String, headers: [Header] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// What came back for one request.
public enum TargetAnswer: Sendable, Equatable {
    /// An HTTP answer: its status and body.
    case response(status: Int, body: [UInt8])
    /// No answer within the request timeout.
    case timedOut
    /// No answer: the connection was refused or broke (the reason, for the log).
    case failed(String)
    /// The run stopped before the answer came.
    case cancelled
}
