import SpikeLabCore

/// One workload's generator state: its schedule and its random streams.
struct TrafficSource: Sendable {
    let spec: WorkloadSpec
    var schedule: ArrivalSchedule
    var keyRng: Xoshiro256
    var clientRng: Xoshiro256
    /// Whether the partition key is the constant record type.
    let keyedByRecordType: Bool

    init(spec: WorkloadSpec, index: Int, streams: RandomStreams) {
        self.spec = spec
        schedule = ArrivalSchedule(rate: spec.rate.compile(), process: spec.arrivals, rng: streams.generator(.arrivals, index: index))
        keyRng = streams.generator(.keys, index: index)
        clientRng = streams.generator(.clientBehaviour, index: index)
        keyedByRecordType = spec.partitionKey == WorkloadSpec.recordTypeKey
    }

    /// Chooses how a new request's body is made.
    mutating func variant() -> PayloadVariant {
        guard spec.invalidShare > 0, clientRng.chance(spec.invalidShare) else { return .valid }
        return [PayloadVariant.missingField, .wrongType, .malformed][clientRng.below(3)]
    }
}
