/// Identifies one receive of one message; a later receive of the same message
/// makes earlier handles stale, as in SQS.
public struct ReceiptHandle: Sendable, Hashable {
    public let slot: Int32
    public let generation: UInt32
    public init(slot: Int32, generation: UInt32) { self.slot = slot; self.generation = generation }
}
