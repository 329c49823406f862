/// How the pipeline is wired: queue-buffered or synchronous (docs/model.md).
public enum Topology: String, Sendable, Equatable, CaseIterable, Codable {
    /// Gateway, queue, consumers, store, stream: the client gets 202 at once.
    case queue
    /// Gateway, a handler with a concurrency limit, store: the client waits for
    /// the write, and a handler at its limit answers 429.
    case sync
}
