/// What the store keeps of one item. Without bodies, 24 bytes plus the key.
public struct StoredItem: Sendable, Equatable {
    public var requestId: UInt64
    public var size: Int32
    public var workload: Int32
    /// When the write completed.
    public var storedAt: Instant
    /// The JSON body, when the store keeps bodies.
    public var body: [UInt8]?
    public init(requestId: UInt64, size: Int32, workload: Int32, storedAt: Instant, body: [UInt8]? = nil) {
        self.requestId = requestId; self.size = size; self.workload = workload; self.storedAt = storedAt; self.body = body
    }
}
