import NIOCore
import NIOHTTP1
import SpikeLab

/// One HTTP/1.1 keep-alive connection of `NIOTargetTransport`, carrying one
/// request at a time, as each of wrk's connections does.
///
/// Invariant: every stored property but the constants is read and written on
/// the channel's event loop only (the transport hands it requests with
/// `eventLoop.execute`); hence `@unchecked Sendable`. A request it takes ends
/// exactly once: answered, timed out, failed with the connection, or
/// cancelled at shutdown.
final class TargetConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// A request waiting for, or on, a connection.
    struct Pending: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer?
        var completion: @Sendable (TargetAnswer) -> Void
    }

    /// Larger bodies are cut here (a SpikeLab server's latency histograms
    /// are the largest answer a run reads).
    static let bodyLimit = 16 << 20

    let eventLoop: any EventLoop
    private let transport: NIOTargetTransport
    private let timeout: TimeAmount
    private var context: ChannelHandlerContext?
    private var current: Pending?
    private var sentAt = NIODeadline.uptimeNanoseconds(0)
    private var status = 0
    private var keepAlive = true
    private var body = ByteBuffer()
    private var sweep: RepeatedTask?
    /// Why the connection broke, for the answer of the request it carried.
    private var failure = "the connection closed"

    init(transport: NIOTargetTransport, eventLoop: any EventLoop, timeout: TimeAmount) {
        self.transport = transport
        self.eventLoop = eventLoop
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        // One timer per connection checks the request it carries, rather than
        // one timer per request: at tens of thousands of requests a second,
        // scheduled tasks were a third of a client's time.
        let period = TimeAmount.nanoseconds(max(min(timeout.nanoseconds / 4, 250_000_000), 1_000_000))
        sweep = context.eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { [self] _ in expireIfLate() }
        if let next = transport.connectionReady(self) {
            start(next)
        } else if transport.isShutDown {
            // Connected after shutdown: nothing will ever use it.
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    /// Sends `request`; the connection must carry none.
    func start(_ request: Pending) {
        eventLoop.assertInEventLoop()
        guard let context, context.channel.isActive else {
            // Closed while idle (a server's keep-alive timeout): another connection takes it.
            transport.requeue(request)
            return
        }
        current = request
        sentAt = .now()
        status = 0
        keepAlive = true
        body.clear()
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let payload = request.body { context.write(wrapOutboundOut(.body(.byteBuffer(payload))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            status = Int(head.status.code)
            keepAlive = head.isKeepAlive
        case var .body(part):
            if body.readableBytes < Self.bodyLimit { body.writeBuffer(&part) }
        case .end:
            guard let done = current else {
                // An answer to no request: the connection cannot be trusted.
                context.close(promise: nil)
                return
            }
            current = nil
            let answer = TargetAnswer.response(status: status, body: Array(body.readableBytesView))
            // The next request goes out before this answer is counted.
            if keepAlive {
                if let next = transport.connectionReady(self) { start(next) }
            } else {
                context.close(promise: nil)
            }
            done.completion(answer)
        }
    }

    /// Ends the request in flight as timed out once it has waited `timeout`,
    /// and closes the connection (its answer may still come on it).
    private func expireIfLate() {
        guard let late = current, NIODeadline.now() - sentAt >= timeout else { return }
        current = nil
        context?.close(promise: nil)
        late.completion(.timedOut)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failure = String(describing: error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        sweep?.cancel()
        sweep = nil
        if let lost = current {
            current = nil
            lost.completion(transport.isShutDown ? .cancelled : .failed(failure))
        }
        transport.connectionClosed(self)
        context.fireChannelInactive()
    }

    /// Closes the connection (at shutdown).
    func close() {
        eventLoop.assertInEventLoop()
        context?.close(promise: nil)
    }
}
