import SpikeLabCore

/// One workload's generator state: its schedule and its random streams.
///
/// Everything a new arrival needs (its time, id, key, body variant and duplicate)
/// comes from the source's own state, never from the pipeline's: so a source can
/// run ahead of the pipeline (the virtual engine prepares arrivals on another
/// thread) and give the same requests.
struct TrafficSource: Sendable {
    let spec: WorkloadSpec
    /// This source's index among `sourceCount`.
    let index: Int
    let sourceCount: Int
    var schedule: ArrivalSchedule
    var keyRng: Xoshiro256
    /// Keys drawn ahead from `keyRng`, in its order, and the next one's place:
    /// drawn `keyBatch` at a time, which is several times faster under Zipf
    /// (see `KeyDistribution.sample(_:count:into:)`).
    private var keys: [Int32] = []
    private var nextKey = 0
    static let keyBatch = 256
    /// Body variants and duplicate submissions of new arrivals.
    var clientRng: Xoshiro256
    /// Backoff of client retries, which depend on the pipeline's answers.
    var retryRng: Xoshiro256
    /// Arrivals made so far.
    private(set) var issued: UInt64 = 0

    init(spec: WorkloadSpec, index: Int, sourceCount: Int, streams: RandomStreams) {
        self.spec = spec
        self.index = index
        self.sourceCount = sourceCount
        schedule = ArrivalSchedule(rate: spec.rate.compile(), process: spec.arrivals, rng: streams.generator(.arrivals, index: index))
        keyRng = streams.generator(.keys, index: index)
        clientRng = streams.generator(.clientBehaviour, index: index)
        retryRng = streams.generator(.clientRetries, index: index)
    }

    /// The next new request, meant for `intendedAt` and sent at `sentAt`, and a
    /// second submission of it to send later when the workload makes duplicates.
    ///
    /// Request ids are numbered per source, apart from every other source's: the
    /// n-th arrival (from 0) of source s among S has id n·S + s + 1.
    mutating func nextRequest(intendedAt: Instant, sentAt: Instant) -> (request: ClientRequest, duplicate: ClientRequest?) {
        let id = issued &* UInt64(sourceCount) &+ UInt64(index) &+ 1
        issued += 1
        let key = takeKey()
        let request = ClientRequest(
            requestId: id, workload: Int32(index), key: key, attempt: 1, variant: variant(),
            isDuplicate: false, intendedAt: intendedAt, firstIntendedAt: intendedAt, sentAt: sentAt)
        let share = spec.duplicateShare
        guard share > 0, clientRng.chance(share) else { return (request, nil) }
        return (request, request.duplicate(at: intendedAt + spec.duplicateDelay.sample(&clientRng)))
    }

    /// The next key of the key stream.
    private mutating func takeKey() -> Int32 {
        if nextKey == keys.count {
            keys.removeAll(keepingCapacity: true)
            spec.keys.sample(&keyRng, count: Self.keyBatch, into: &keys)
            nextKey = 0
        }
        nextKey += 1
        return keys[nextKey - 1]
    }

    /// Chooses how a new request's body is made.
    mutating func variant() -> PayloadVariant {
        guard spec.invalidShare > 0, clientRng.chance(spec.invalidShare) else { return .valid }
        return [PayloadVariant.missingField, .wrongType, .malformed][clientRng.below(3)]
    }
}
