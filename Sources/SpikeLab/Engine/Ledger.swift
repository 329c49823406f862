/// Where every accepted message ended: the conservation check of SPEC section 4.
///
/// Queue-buffered: `accepted + duplicate copies = completed + dead-lettered +
/// expired + queued + in flight`, where completed messages were written (or found
/// already written) and deleted. Synchronous: `accepted = succeeded + failed +
/// in flight`. A run that breaks it says so loudly and exits non-zero.
public struct Ledger: Sendable, Equatable, Codable {
    public var topology: Topology
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
    public var holds: Bool { inputs == outputs }

    /// The equation with its numbers, for the terminal and the report.
    public var equation: String {
        switch topology {
        case .queue:
            return "accepted \(accepted) + duplicate copies \(duplicateCopies) \(holds ? "=" : "≠") completed \(completed) + dead-lettered \(deadLettered) + expired \(expired) + queued \(queued) + in flight \(inFlight)"
        case .sync:
            return "accepted \(accepted) \(holds ? "=" : "≠") succeeded \(completed) + failed \(failed) + in flight \(inFlight)"
        }
    }
}
