import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A tiny HTTP/1.1 server on a free loopback port that answers as told, and
/// counts the connections it accepted and the requests it read: what the
/// client's tests need to see its connections from the other side.
final class ScriptedHTTPServer: Sendable {
    enum Behaviour: Sendable {
        /// Answers every request with `status` and a small JSON body; with
        /// `close`, says `connection: close` and closes after each answer.
        case answer(status: Int, close: Bool)
        /// Reads requests and never answers.
        case silent
    }

    let behaviour: Behaviour
    private let channel: any Channel
    private let counts = Counts()

    private final class Counts: Sendable {
        let state = Mutex((connections: 0, requests: 0, paths: [String]()))
        func withLock<R>(_ body: (inout (connections: Int, requests: Int, paths: [String])) -> R) -> R { state.withLock { body(&$0) } }
    }

    var port: Int { channel.localAddress?.port ?? 0 }
    var base: String { "http://127.0.0.1:\(port)" }
    var connections: Int { counts.withLock { $0.connections } }
    var requests: Int { counts.withLock { $0.requests } }
    var paths: [String] { counts.withLock { $0.paths } }

    init(_ behaviour: Behaviour) async throws {
        self.behaviour = behaviour
        let counts = self.counts
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counts.withLock { $0.connections += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Responder(behaviour: behaviour, counts: counts))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async throws {
        try await channel.close()
    }

    private final class Responder: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let behaviour: Behaviour
        let counts: Counts

        init(behaviour: Behaviour, counts: Counts) {
            self.behaviour = behaviour
            self.counts = counts
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case let .head(head):
                counts.withLock { $0.requests += 1; $0.paths.append(head.uri) }
            case .body:
                break
            case .end:
                guard case let .answer(status, close) = behaviour else { return }
                let body = ByteBuffer(string: #"{"ok":true}"#)
                var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", "\(body.readableBytes)")])
                if close { headers.add(name: "connection", value: "close") }
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
                let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                if close { done.whenComplete { _ in bound.value.close(promise: nil) } }
            }
        }
    }
}
