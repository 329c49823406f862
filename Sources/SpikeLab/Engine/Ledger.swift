/// Where every accepted message ended: the conservation check (docs/model.md, Conservation).
///
/// Queue-buffered: `accepted + duplicate copies = completed + dead-lettered +
/// expired + queued + in flight`, where completed messages were written (or found
/// already written) and deleted. Synchronous: `accepted = succeeded + failed +
/// in flight`. A run that breaks it says so loudly and exits non-zero.
///
/// A run against an HTTP target (`run --target`) balances the answers its client
/// saw against a SpikeLab server's own counts (`vantage` `.server`), or, against
/// any other target, cannot see where messages end (`.client`: not checked).
public struct Ledger: Sendable, Equatable, Codable {
    public var topology: Topology
    /// Nil for the pipeline's own ledger (in process).
    public var vantage: Vantage? = nil
    public var accepted: Int
    /// Extra copies made by at-least-once delivery.
    public var duplicateCopies: Int
    public var completed: Int
    public var failed: Int
    public var deadLettered: Int
    public var expired: Int
    /// Visible or delayed at the end.
    public var queued: Int
    /// Received and not yet deleted, or in a handler, at the end.
    public var inFlight: Int

    public var inputs: Int { accepted + duplicateCopies }
    public var outputs: Int { completed + failed + deadLettered + expired + queued + inFlight }
    public var holds: Bool { vantage == .client || inputs == outputs }

    /// Where an HTTP run's ledger was drawn up.
    public enum Vantage: String, Sendable, Codable {
        /// Accepted = the 2xx answers the client got; the rest = what the SpikeLab
        /// server counted over the run (differences of its `/metrics`).
        case server
        /// A target that does not say where messages end: nothing to balance.
        case client
    }

    /// The equation with its numbers, for the terminal and the report.
    public var equation: String {
        if vantage == .client {
            return "not checked: the target is not a SpikeLab server, so the client sees its answers (\(accepted) accepted), not where messages end"
        }
        let prefix = vantage == .server ? "over HTTP: " : ""
        switch topology {
        case .queue:
            return prefix + "accepted \(accepted) + duplicate copies \(duplicateCopies) \(holds ? "=" : "≠") completed \(completed) + dead-lettered \(deadLettered) + expired \(expired) + queued \(queued) + in flight \(inFlight)"
        case .sync:
            return prefix + "accepted \(accepted) \(holds ? "=" : "≠") succeeded \(completed) + failed \(failed) + in flight \(inFlight)"
        }
    }
}
