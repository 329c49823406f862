/// What travels from the gateway through the queue to a consumer and the store.
///
/// Plain bytes (72, nothing reference-counted): the queue, the consumers and
/// the engine's slabs copy messages with `memcpy`. The key is the store's
/// (`KeyValueStore.storeKey(_:)`); a body the store keeps (HTTP `serve`) waits
/// beside the queue, in the pipeline, under the request id.
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
    public var key: StoreKey
    /// The store's hashes of that key's strings: `KeyHashes(partitionKey:sortKey:)`.
    public var keyHashes: KeyHashes

    public init(requestId: UInt64, workload: Int32, size: Int32, intendedAt: Instant, key: StoreKey, keyHashes: KeyHashes) {
        self.requestId = requestId
        self.workload = workload
        self.size = size
        self.intendedAt = intendedAt
        self.key = key
        self.keyHashes = keyHashes
    }
}
