import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import SpikeLab
import SpikeLabCore

/// `spikelab serve`: the scenario's pipeline on the wall clock behind a
/// Hummingbird HTTP server.
///
/// Routes: `POST /<workload>` (the gateway: 202 with a request id, or 201 with
/// the item on the synchronous topology; 400, 401, 403, 413, 429 with the level
/// and `Retry-After`, 503), `GET /<workload>/<id>` (the stored item, or 404
/// while it is not stored yet), `GET /health` (which says it is SpikeLab, for
/// `run --target`), `GET /metrics` (Prometheus text, swift-metrics and swift-prometheus).
/// SIGINT and SIGTERM stop accepting, drain the pipeline for a bounded time and
/// return the run, so the caller can write its report.
public final class SpikeLabHTTPServer: Sendable {
    public let scenario: Scenario
    public let host: String
    public let port: Int
    private let engine: WallClockEngine
    private let pipeline: PipelineService
    private let group: ServiceGroup

    /// How long a connection may stay without a whole request part (a head, a
    /// piece of body) before it is closed: what ends idle keep-alive
    /// connections and clients that send a head a byte at a time.
    public static let defaultIdleTimeout = TimeSpan.seconds(10)

    /// - Parameters:
    ///   - idleTimeout: see `defaultIdleTimeout`.
    ///   - onStarted: called with the bound port once the server listens (useful with port 0).
    public init(scenario: Scenario, host: String = "127.0.0.1", port: Int = 8080, seed: UInt64? = nil,
                stopDrain: TimeSpan = .seconds(10), idleTimeout: TimeSpan = defaultIdleTimeout, signals: Bool = true,
                onStarted: @escaping @Sendable (Int) -> Void = { _ in }) {
        var scenario = scenario
        scenario.store.retainBodies = true
        self.scenario = scenario
        self.host = host
        self.port = port
        var options = WallClockEngine.Options()
        options.stopDrain = stopDrain
        let engine = WallClockEngine(scenario: scenario, seed: seed, options: options)
        self.engine = engine
        pipeline = PipelineService(engine: engine, stop: options.stop)
        let router = Self.router(engine: engine, scenario: scenario)
        var logger = Logger(label: "spikelab.serve")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(idleTimeout.nanoseconds))),
            configuration: .init(address: .hostname(host, port: port), serverName: "SpikeLab"),
            services: [pipeline],
            onServerRunning: { channel in onStarted(channel.localAddress?.port ?? port) },
            logger: logger)
        group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [], logger: logger))
    }

    /// Serves until a signal (or `shutdown()`), then returns the run.
    public func run() async throws -> RunResult? {
        try await group.run()
        return pipeline.result
    }

    /// Stops accepting, drains, and ends `run()`.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
    }

    static func json(_ answer: ServerAnswer) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retry = answer.retryAfter { headers[.retryAfter] = String(retry) }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    /// `response`, asking that the connection be closed after it.
    static func closing(_ response: Response) -> Response {
        var response = response
        response.headers[.connection] = "close"
        return response
    }

    /// The body of `GET /health`: it says that the server is SpikeLab, for `run --target`.
    struct Health: Encodable {
        var status = "ok"
        var server = "spikelab"
        var scenario: String
    }

    static func router(engine: WallClockEngine, scenario: Scenario) -> Router<BasicRequestContext> {
        let router = Router()
        let metrics = PipelineMetrics(routes: scenario.workloads.map(\.name))
        router.add(middleware: ResponseCounting(metrics: metrics))
        let limit = scenario.gateway.maxPayloadBytes
        let apiKey = HTTPField.Name("x-api-key")!
        for (index, workload) in scenario.workloads.enumerated() {
            router.post(RouterPath(stringLiteral: workload.name)) { request, _ -> Response in
                var request = request
                let body: ByteBuffer
                // A declared length over the limit is answered at once, and the
                // connection closed: its body is never read.
                if let declared = request.headers[.contentLength], (Int(declared) ?? .max) > limit {
                    return closing(json(.message(413, "payload is over the \(limit)-byte limit")))
                }
                do {
                    body = try await request.collectBody(upTo: limit)
                } catch is NIOTooManyBytesError {
                    return closing(json(.message(413, "payload is over the \(limit)-byte limit")))
                } catch {
                    // Cut short (the client closed before its declared length) or
                    // malformed (a bad chunk size): a bad request, not a large one.
                    return closing(json(.message(400, "the request body is malformed or incomplete")))
                }
                let bytes = Array(body.readableBytesView)
                return json(await engine.submit(route: index, apiKey: request.headers[apiKey], body: bytes, shard: index))
            }
            router.get(RouterPath(stringLiteral: "\(workload.name)/:id")) { _, context -> Response in
                let id = context.parameters.get("id") ?? ""
                return json(engine.item(route: index, id: id))
            }
        }
        let health = json(ServerAnswer(status: 200, body: ServerAnswer.json(Health(scenario: scenario.name))))
        router.get("health") { _, _ -> Response in health }
        router.head("health") { _, _ -> Response in
            Response(status: .ok, headers: health.headers)
        }
        // The stage histograms, whole, for a `run --target` against this server.
        router.get("spikelab/latency") { _, _ -> Response in
            let body = (try? JSONEncoder().encode(engine.latencies())) ?? Data("{}".utf8)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.render(engine.metrics()))))
        }
        return router
    }
}
