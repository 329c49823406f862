/// Walker's alias method: draws from a fixed discrete distribution in O(1).
///
/// Built once in O(n) (Vose's stable construction); each draw costs one uniform
/// integer, one uniform double and one read of a 16-byte entry, the outcome's
/// probability beside its alias. Memory: 16 bytes per outcome.
///
/// From a large table (the flash sale's 200,000 keys, 3.2 MB) that read is a
/// cache miss, nearly all of a draw's cost; `sample(_:count:into:)` makes many
/// draws with their reads in flight together.
public struct AliasTable: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var probability: Double
        @usableFromInline var alias: Int32
    }

    private let entries: [Entry]

    /// - Parameter weights: non-negative weights, at least one positive.
    public init(weights: [Double]) {
        let n = weights.count
        precondition(n > 0 && n < Int(Int32.max))
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(n) / total }
        var probability = [Double](repeating: 1, count: n)
        var alias = [Int32](repeating: 0, count: n)
        var small: [Int] = []
        var large: [Int] = []
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast() {
            guard let l = large.popLast() else { probability[s] = 1; continue }
            probability[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        for l in large { probability[l] = 1 }
        entries = zip(probability, alias).map { Entry(probability: $0, alias: $1) }
    }

    public var count: Int { entries.count }

    /// Draws an index in `0..<count`.
    @inlinable
    public func sample(_ rng: inout Xoshiro256) -> Int {
        let i = rng.below(count)
        let entry = entryAt(i)
        return rng.nextUnit() < entry.probability ? i : Int(entry.alias)
    }

    @usableFromInline func entryAt(_ i: Int) -> Entry { entries[i] }

    /// Appends `count` draws to `out`: the same values, from the same random
    /// numbers in the same order, as `count` calls of `sample(_:)`.
    ///
    /// It draws every random number first and reads the table in a second pass,
    /// whose reads do not depend on each other, so the processor has many cache
    /// misses outstanding at once instead of one at a time between the caller's
    /// other work.
    /// - Complexity: O(count); allocates one scratch array of `count` doubles.
    public func sample(_ rng: inout Xoshiro256, count: Int, into out: inout [Int32]) {
        let start = out.count
        let units = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for k in 0..<count {
                out.append(Int32(truncatingIfNeeded: rng.below(entries.count)))
                buffer[k] = rng.nextUnit()
            }
            initialized = count
        }
        entries.withUnsafeBufferPointer { entries in
            for k in 0..<count {
                let entry = entries[Int(out[start + k])]
                if !(units[k] < entry.probability) { out[start + k] = entry.alias }
            }
        }
    }
}
