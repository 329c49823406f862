/// What travels from the gateway through the queue to a consumer and the store.
public struct QueueMessage: Sendable, Equatable {
    /// The correlation id: the request id given by the gateway, carried through
    /// every stage. Duplicates of one request share it.
    public var requestId: UInt64
    /// Index of the workload (route) the request came in on.
    public var workload: Int32
    /// Body size in bytes.
    public var size: Int32
    /// When the client meant to send it: end-to-end latency is measured from here.
    public var intendedAt: Instant
    /// The item's partition key and sort key in the store.
    public var partitionKey: String
    public var sortKey: String
    /// The store's hashes of that key: `KeyHashes(partitionKey:sortKey:)`.
    public var keyHashes: KeyHashes
    /// The request body, carried only when the store keeps bodies (HTTP serve).
    public var body: [UInt8]?

    /// - Parameter keyHashes: the key's hashes when already made (they must be
    ///   `KeyHashes(partitionKey:sortKey:)`); nil to make them here.
    public init(requestId: UInt64, workload: Int32, size: Int32, intendedAt: Instant, partitionKey: String, sortKey: String,
                keyHashes: KeyHashes? = nil, body: [UInt8]? = nil) {
        self.requestId = requestId
        self.workload = workload
        self.size = size
        self.intendedAt = intendedAt
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.keyHashes = keyHashes ?? KeyHashes(partitionKey: partitionKey, sortKey: sortKey)
        self.body = body
    }
}
