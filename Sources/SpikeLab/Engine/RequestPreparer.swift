import SpikeLabCore

/// Writes a request's body and validates it: the stateless, costly part of a
/// send (about half of it), kept apart so that the wall-clock engine can do it
/// outside its lock while other tasks use the pipeline.
struct RequestPreparer: Sendable {
    let kinds: [WorkloadKind]
    let validators: [PayloadValidator]
    let maxPayloadBytes: Int

    /// A request ready for the gateway's stateful checks.
    struct Prepared: Sendable {
        var request: ClientRequest
        var size: Int
        /// Nil when the body is over the size limit (the gateway never reads it).
        var validation: Result<PayloadValidator.Captured, PayloadValidator.Failure>?
    }

    /// - Parameter buffer: scratch space for the body, reused between calls.
    func prepare(_ request: ClientRequest, buffer: inout [UInt8]) -> Prepared {
        let w = Int(request.workload)
        PayloadWriter.write(kinds[w], requestId: request.requestId, key: Int(request.key), variant: request.variant, into: &buffer)
        let size = buffer.count
        let validation = size > maxPayloadBytes ? nil : buffer.withUnsafeBufferPointer { validators[w].validate($0) }
        return Prepared(request: request, size: size, validation: validation)
    }
}
