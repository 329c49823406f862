import SpikeLabCore

/// One attempt of one request by the traffic generator.
///
/// 48 bytes: the small fields share the first 24 (keep them together, so that
/// an arrival stays within 128 bytes: `ArrivalFeed.Arrival`).
struct ClientRequest: Sendable {
    var requestId: UInt64
    var workload: Int32
    var key: Int32
    /// 1 for the first attempt.
    var attempt: Int16
    var variant: PayloadVariant
    /// A second submission of a request id already sent.
    var isDuplicate: Bool
    /// A request from an HTTP client (serve): its client retries on its own.
    var external = false
    /// When this attempt was meant to be sent.
    var intendedAt: Instant
    /// When the first attempt was meant to be sent: end to end starts here.
    var firstIntendedAt: Instant
    /// When this attempt actually left (after `intendedAt` when the generator
    /// fell behind; equal on the virtual clock).
    var sentAt: Instant

    /// The second submission of this request, meant for and sent at `at`.
    func duplicate(at: Instant) -> ClientRequest {
        var copy = self
        copy.isDuplicate = true
        copy.intendedAt = at
        copy.sentAt = at
        return copy
    }
}
