/// Draws one distribution's durations from a random stream that feeds nothing
/// else, a block at a time.
///
/// The n-th duration it gives is the one the n-th `distribution.sample(&rng)`
/// would give from the same stream (the same draws, the same arithmetic), so a
/// component whose stream serves this one distribution can draw ahead without
/// changing a run. Drawing a block in one loop, with the distribution's case
/// decided once, lets the draws overlap: the lognormal's `exp` and its normal
/// variate, one at a time between the loop's other work, were about 8% of the
/// flash sale's event loop.
///
/// Invariant: `block[taken...]` are the stream's next durations, in order.
/// Memory: one block of `blockSize` durations.
public struct LatencySampler: Sendable {
    public let distribution: LatencyDistribution
    private var rng: Xoshiro256
    @usableFromInline var block: [Int64] = []
    @usableFromInline var taken = 0
    /// Whether every duration is zero: nothing is drawn, as callers that skip
    /// the draw for a zero distribution did.
    @usableFromInline let isZero: Bool

    /// Durations drawn at a time.
    static let blockSize = 64

    public init(_ distribution: LatencyDistribution, rng: Xoshiro256) {
        self.distribution = distribution
        self.rng = rng
        isZero = distribution.isZero
    }

    /// The next duration. Inlinable, so that a take from the block is a few
    /// instructions in the caller, not a call.
    /// - Complexity: O(1) amortized.
    @inlinable
    public mutating func next() -> TimeSpan {
        TimeSpan(nanoseconds: nextNanoseconds())
    }

    @inlinable
    mutating func nextNanoseconds() -> Int64 {
        if isZero { return 0 }
        if taken == block.count { refill() }
        let n = block[taken]
        taken += 1
        return n
    }

    @usableFromInline
    mutating func refill() {
        if block.isEmpty { block = Array(repeating: 0, count: Self.blockSize) }
        block.withUnsafeMutableBufferPointer { distribution.fill($0, from: &rng) }
        taken = 0
    }
}
