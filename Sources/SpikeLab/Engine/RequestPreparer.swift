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
    /// Their UTF-8 bytes.
    let fixedPartitionKeyBytes: [[UInt8]?]

    init(kinds: [WorkloadKind], validators: [PayloadValidator], maxPayloadBytes: Int, fixedPartitionKeys: [String?]) {
        self.kinds = kinds
        self.validators = validators
        self.maxPayloadBytes = maxPayloadBytes
        self.fixedPartitionKeys = fixedPartitionKeys
        fixedPartitionKeyBytes = fixedPartitionKeys.map { $0.map { Array($0.utf8) } }
    }

    /// What the body's size check and validation left for the gateway and the
    /// queue: for a valid body, the item's key as the store holds it, with its
    /// hashes, made here (off the event loop) so that the loop handles no strings.
    enum BodyCheck: Sendable, Equatable {
        /// Over the size limit: the gateway never reads it (413).
        case tooLarge
        /// Against the schema (400).
        case invalid(PayloadValidator.Failure)
        /// Valid, with both key strings inline.
        case valid(StoreKey, KeyHashes)
        /// Valid, with a key string over 15 UTF-8 bytes (an HTTP client's, never
        /// generated traffic's): the send interns it in the store.
        case validLongKey(ItemKey, KeyHashes)

        /// The gateway's view: nil for a body over the size limit.
        var gatewayValidation: Result<Void, PayloadValidator.Failure>? {
            switch self {
            case .tooLarge: return nil
            case let .invalid(failure): return .failure(failure)
            case .valid, .validLongKey: return .success(())
            }
        }
    }

    /// A request ready for the gateway's stateful checks.
    ///
    /// Its fields are in the order that packs them (the body size in the
    /// check's tail): 104 bytes, so that an arrival stays within 128.
    struct Prepared: Sendable {
        var request: ClientRequest
        var check: BodyCheck
        private var bodySize: Int32

        /// The body's size in bytes (kept to 2 GiB, far past any payload limit).
        var size: Int { Int(bodySize) }

        init(request: ClientRequest, size: Int, check: BodyCheck) {
            self.request = request
            self.check = check
            self.bodySize = Int32(clamping: size)
        }
    }

    /// The item key of a valid body's captured fields, for workload `w`.
    func itemKey(_ captured: PayloadValidator.Captured, workload w: Int) -> ItemKey {
        ItemKey(partitionKey: fixedPartitionKeys[w] ?? captured.partitionKey ?? captured.id, sortKey: captured.id)
    }

    /// The check of a body of workload `w` whose validation gave `validation`
    /// (nil when it was over the size limit).
    /// - Complexity: O(key length).
    func check(_ validation: Result<PayloadValidator.Captured, PayloadValidator.Failure>?, workload w: Int) -> BodyCheck {
        switch validation {
        case nil: return .tooLarge
        case let .failure(failure)?: return .invalid(failure)
        case let .success(captured)?: return check(itemKey(captured, workload: w))
        }
    }

    /// The check of a valid body whose item key is `key`.
    func check(_ key: ItemKey) -> BodyCheck {
        let hashes = KeyHashes(key)
        if let inline = StoreKey(inline: key) { return .valid(inline, hashes) }
        return .validLongKey(key, hashes)
    }

    /// - Parameter buffer: scratch space for the body, reused between calls.
    func prepare(_ request: ClientRequest, buffer: inout [UInt8]) -> Prepared {
        let w = Int(request.workload)
        PayloadWriter.write(kinds[w], requestId: request.requestId, key: Int(request.key), variant: request.variant, into: &buffer)
        let size = buffer.count
        let bodyCheck = size > maxPayloadBytes ? .tooLarge : buffer.withUnsafeBufferPointer { body -> BodyCheck in
            guard let ranges = validators[w].capturedRanges(body) else { return check(validators[w].validate(body), workload: w) }
            return check(ranges, in: body, workload: w)
        }
        return Prepared(request: request, size: size, check: bodyCheck)
    }

    /// The check of a valid body of workload `w` whose captured fields lie at
    /// `ranges`: its key and hashes made from its bytes, with no strings, when
    /// both key strings are ASCII and fit inline (every generated body's do).
    /// - Complexity: O(key length).
    func check(_ ranges: PayloadValidator.CapturedRanges, in body: UnsafeBufferPointer<UInt8>, workload w: Int) -> BodyCheck {
        let sort = UnsafeBufferPointer(rebasing: body[ranges.id])
        func made(partition: UnsafeBufferPointer<UInt8>) -> BodyCheck {
            if Self.isASCII(partition), Self.isASCII(sort), let p = KeyText(inline: partition), let s = KeyText(inline: sort) {
                return .valid(StoreKey(partition: p, sort: s), KeyHashes(partitionKey: partition, sortKey: sort))
            }
            // Strings made as `Captured` makes them (repairing bad UTF-8), so
            // that the key is the one the store finds by its strings.
            return check(ItemKey(partitionKey: String(decoding: partition, as: UTF8.self), sortKey: String(decoding: sort, as: UTF8.self)))
        }
        if let fixed = fixedPartitionKeyBytes[w] { return fixed.withUnsafeBufferPointer { made(partition: $0) } }
        if let key = ranges.partitionKey { return made(partition: UnsafeBufferPointer(rebasing: body[key])) }
        return made(partition: sort)
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for b in bytes { any |= b }
        return any < 0x80
    }
}
