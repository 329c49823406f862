import SpikeLab
import SpikeLabCore
import SpikeLabServer

/// `run --target`'s options, checked: where to send, how long to wait for an
/// answer, the extra headers, and the client to send with.
struct TargetSettings {
    var url: String
    var timeout: TimeSpan
    var headers: [TargetRequest.Header]
    var client: TargetClient
}

extension TargetSettings {
    /// The transport these settings ask for, with up to `connections` connections.
    /// - Throws: `NIOTargetTransport.BadURL` for a URL the client cannot use.
    func transport(connections: Int) throws -> any TargetTransport {
        let timeout = Duration.nanoseconds(self.timeout.nanoseconds)
        switch client {
        case .nio: return try NIOTargetTransport(baseURL: url, connections: connections, timeout: timeout)
        case .asyncHTTPClient: return HTTPTargetTransport(baseURL: url, connections: connections, timeout: timeout)
        }
    }
}
