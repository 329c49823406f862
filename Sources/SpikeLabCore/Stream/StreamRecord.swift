/// One change-stream record: an insert, readable once the write is durable.
public struct StreamRecord: Sendable, Equatable {
    public var sequence: UInt64
    public var requestId: UInt64
    public var workload: Int32
    public var partition: Int32
    public var storedAt: Instant
    public init(sequence: UInt64, requestId: UInt64, workload: Int32, partition: Int32, storedAt: Instant) {
        self.sequence = sequence; self.requestId = requestId; self.workload = workload
        self.partition = partition; self.storedAt = storedAt
    }
}
