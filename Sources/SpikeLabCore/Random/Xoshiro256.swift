import RealModule

/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
///
/// The one random source of a run. Fast (a few nanoseconds a draw), with a
/// period of 2^256 - 1 and no allocation. Same seed, same sequence, on every
/// platform: nothing here depends on the system's generator.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Seeds the four words from SplitMix64, as the authors recommend.
    public init(seed: UInt64) {
        var sm = seed
        s0 = Self.splitMix(&sm)
        s1 = Self.splitMix(&sm)
        s2 = Self.splitMix(&sm)
        s3 = Self.splitMix(&sm)
    }

    /// One step of SplitMix64: also the project's stable 64-bit mixer.
    @inlinable
    public static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in (0, 1]: safe to take the logarithm of.
    @inlinable
    public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// True with probability `p`.
    @inlinable
    public mutating func chance(_ p: Double) -> Bool {
        p > 0 && nextUnit() < p
    }

    /// An exponential variate with the given mean (`mean` times a standard one).
    @inlinable
    public mutating func exponential(mean: Double) -> Double {
        mean * standardExponential()
    }

    /// A standard exponential variate (mean 1), by the ziggurat method
    /// (`ZigguratTable`): one 64-bit draw and no logarithm for about 98% of
    /// variates. The low 8 bits pick the layer, the top 53 the point across it.
    @inlinable
    public mutating func standardExponential() -> Double {
        let table = ZigguratTable.exponential
        while true {
            let bits = next()
            let i = Int(truncatingIfNeeded: bits & 0xFF)
            let x = Double(bits >> 11) * 0x1.0p-53 * table.x[i]
            if x < table.x[i + 1] { return x }
            if i == 0 { return table.r - Double.log(nextOpenUnit()) }
            if table.f[i + 1] + (table.f[i] - table.f[i + 1]) * nextUnit() < Double.exp(-x) { return x }
        }
    }

    /// A standard normal variate, by the ziggurat method (`ZigguratTable`):
    /// one 64-bit draw and no logarithm for about 98% of variates. The low 8
    /// bits pick the layer, the top 53 (as a signed number) the point across
    /// it; the tail beyond r is Marsaglia's (1964).
    @inlinable
    public mutating func standardNormal() -> Double {
        let table = ZigguratTable.normal
        while true {
            let bits = next()
            let i = Int(truncatingIfNeeded: bits & 0xFF)
            let u = Double(Int64(bitPattern: bits) >> 11) * 0x1.0p-52
            let x = u * table.x[i]
            if abs(x) < table.x[i + 1] { return x }
            if i == 0 { return normalTail(beyond: table.r, negative: u < 0) }
            if table.f[i + 1] + (table.f[i] - table.f[i + 1]) * nextUnit() < Double.exp(-x * x / 2) { return x }
        }
    }

    /// A standard normal variate conditioned on |z| > `r` (Marsaglia, 1964).
    @usableFromInline
    mutating func normalTail(beyond r: Double, negative: Bool) -> Double {
        while true {
            let x = Double.log(nextOpenUnit()) / r
            let y = Double.log(nextOpenUnit())
            if -2 * y >= x * x { return negative ? x - r : r - x }
        }
    }

    /// A uniform integer in `0..<bound` (Lemire's nearly divisionless method).
    @inlinable
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(truncatingIfNeeded: next(upperBound: UInt64(bound)))
    }
}
