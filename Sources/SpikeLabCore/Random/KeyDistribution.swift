import RealModule

/// How requests pick their entity key (customer, vehicle): docs/scenarios.md, Keys.
///
/// A draw is a key index in `0..<count`; the workload turns it into a string such
/// as `c-000042`. Index 0 is the most popular key under Zipf and hotspot.
public struct KeyDistribution: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Every key equally likely.
        case uniform(count: Int)
        /// Key of rank k (1-based) drawn with probability proportional to 1/k^exponent.
        case zipf(count: Int, exponent: Double)
        /// `hotShare` of the traffic on the first `hotKeys` keys, the rest uniform
        /// over the others.
        case hotspot(count: Int, hotKeys: Int, hotShare: Double)
        /// One key for everything: a single-table design keyed by record type.
        case constant
    }

    public let kind: Kind
    private let table: AliasTable?

    public init(_ kind: Kind) {
        self.kind = kind
        switch kind {
        case let .zipf(count, exponent):
            table = AliasTable(weights: (1...count).map { 1 / Double.pow(Double($0), exponent) })
        default:
            table = nil
        }
    }

    /// How many distinct keys there can be.
    public var count: Int {
        switch kind {
        case let .uniform(count), let .zipf(count, _), let .hotspot(count, _, _): return count
        case .constant: return 1
        }
    }

    /// Draws a key index.
    /// - Complexity: O(1).
    @inlinable
    public func sample(_ rng: inout Xoshiro256) -> Int {
        switch kind {
        case let .uniform(count):
            return rng.below(count)
        case .zipf:
            return sampleTable(&rng)
        case let .hotspot(count, hot, share):
            if hot >= count || rng.nextUnit() < share { return rng.below(hot) }
            return hot + rng.below(count - hot)
        case .constant:
            return 0
        }
    }

    @usableFromInline
    func sampleTable(_ rng: inout Xoshiro256) -> Int { table!.sample(&rng) }

    /// Appends `count` draws to `out`: the same keys, in the same order, as
    /// `count` calls of `sample(_:)`. Faster under Zipf, whose table is read
    /// with many draws' reads in flight together (see `AliasTable`).
    /// - Complexity: O(count).
    public func sample(_ rng: inout Xoshiro256, count: Int, into out: inout [Int32]) {
        if let table {
            table.sample(&rng, count: count, into: &out)
        } else {
            for _ in 0..<count { out.append(Int32(sample(&rng))) }
        }
    }

    public static func == (lhs: KeyDistribution, rhs: KeyDistribution) -> Bool { lhs.kind == rhs.kind }

    /// The distribution as defined (its kind), never the sampling table built
    /// from it: a scenario's test hash is made from this text, and printing a
    /// 200,000-entry Zipf table cost 3% of a flash-sale run.
    public var description: String { "\(kind)" }
}
