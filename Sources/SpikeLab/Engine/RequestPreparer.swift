import SpikeLabCore

/// Writes a request's body and validates it: the stateless, costly part of a
/// send (about half of it), kept apart so that the wall-clock engine can do it
/// outside its lock while other tasks use the pipeline.
struct RequestPreparer: Sendable {
    let kinds: [WorkloadKind]
    let validators: [PayloadValidator]
    let maxPayloadBytes: Int
    /// Each workload's fixed partition key (its record type, for a table keyed
    /// by record type), or nil when the body's key field or id is the key.
    let fixedPartitionKeys: [String?]

    /// A request ready for the gateway's stateful checks.
    ///
    /// Its fields are in the order that packs them (the body size after the
    /// validation, in its tail): 105 bytes, so that an arrival stays within 128.
    struct Prepared: Sendable {
        var request: ClientRequest
        /// Nil when the body is over the size limit (the gateway never reads it).
        var validation: Result<PayloadValidator.Captured, PayloadValidator.Failure>?
        private var bodySize: Int32
        /// The store's hashes of the item's key, when the body is valid (made
        /// here, off the event loop); nil to make them at the send.
        var keyHashes: KeyHashes?

        /// The body's size in bytes (kept to 2 GiB, far past any payload limit).
        var size: Int { Int(bodySize) }

        init(request: ClientRequest, size: Int, validation: Result<PayloadValidator.Captured, PayloadValidator.Failure>?,
             keyHashes: KeyHashes? = nil) {
            self.request = request
            self.validation = validation
            self.bodySize = Int32(clamping: size)
            self.keyHashes = keyHashes
        }
    }

    /// The item key of a valid body's captured fields, for workload `w`.
    func itemKey(_ captured: PayloadValidator.Captured, workload w: Int) -> ItemKey {
        ItemKey(partitionKey: fixedPartitionKeys[w] ?? captured.partitionKey ?? captured.id, sortKey: captured.id)
    }

    /// - Parameter buffer: scratch space for the body, reused between calls.
    func prepare(_ request: ClientRequest, buffer: inout [UInt8]) -> Prepared {
        let w = Int(request.workload)
        PayloadWriter.write(kinds[w], requestId: request.requestId, key: Int(request.key), variant: request.variant, into: &buffer)
        let size = buffer.count
        let validation = size > maxPayloadBytes ? nil : buffer.withUnsafeBufferPointer { validators[w].validate($0) }
        var keyHashes: KeyHashes?
        if case let .success(captured)? = validation { keyHashes = KeyHashes(itemKey(captured, workload: w)) }
        return Prepared(request: request, size: size, validation: validation, keyHashes: keyHashes)
    }
}
