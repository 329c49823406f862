import ArgumentParser

/// Which HTTP client `run --target` sends with.
enum TargetClient: String, ExpressibleByArgument, CaseIterable {
    /// `NIOTargetTransport`: HTTP/1.1 on NIO channels, one request per connection at a time.
    case nio
    /// `HTTPTargetTransport`: async-http-client (and the one for https).
    case asyncHTTPClient = "async-http-client"
}
