import Hummingbird
import Logging
import NIOCore

/// The floor of `spikelab serve`'s speed goal: Hummingbird 2 alone, configured as
/// `serve` configures it, answering `POST /orders` with a fixed 202 after reading
/// the body (what any POST route must do), with no pipeline, no middleware and no
/// metrics behind it. `Benchmarks/http/compare.sh` puts wrk against it, nginx and
/// `serve` in the same rounds: `serve` cannot be faster than this server.
///
///     .build/release/hummingbird-floor [port]
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 18083
let answer = ByteBuffer(string: "{\"requestId\":\"1\"}")
let router = Router()
router.post("orders") { request, _ -> Response in
    var request = request
    _ = try await request.collectBody(upTo: 1 << 20)
    return Response(status: .accepted, headers: [.contentType: "application/json"], body: .init(byteBuffer: answer))
}
var logger = Logger(label: "hummingbird-floor")
logger.logLevel = .warning
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "SpikeLab"),
                      logger: logger)
try await app.runService()
