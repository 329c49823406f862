/// Independent random streams derived from one run seed.
///
/// Each purpose (arrivals of workload 2, handler times, duplicate deliveries, ...)
/// draws from its own generator, seeded from the run seed and the purpose. So the
/// same seed gives the same run, and changing one setting (say consumer
/// concurrency) does not reshuffle the arrivals: a sweep compares like with like.
public struct RandomStreams: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The purposes that draw random numbers.
    public enum Purpose: UInt64, Sendable {
        case arrivals = 1, keys, payloads, clientBehaviour, gateway, queue, coldStarts,
             handler, failures, storeLatency, storeRetries, notifier, clientRetries
    }

    /// The generator for one purpose and index (a workload or a subscriber).
    public func generator(_ purpose: Purpose, index: Int = 0) -> Xoshiro256 {
        var mix = seed ^ (purpose.rawValue &* 0x9E37_79B9_7F4A_7C15)
        let a = Xoshiro256.splitMix(&mix)
        var mix2 = a ^ UInt64(truncatingIfNeeded: index &+ 1) &* 0xD1B5_4A32_D192_ED03
        return Xoshiro256(seed: Xoshiro256.splitMix(&mix2))
    }
}
