/// Walker's alias method: draws from a fixed discrete distribution in O(1).
///
/// Built once in O(n) (Vose's stable construction); each draw costs one uniform
/// integer and one uniform double. Memory: 12 bytes per outcome.
public struct AliasTable: Sendable {
    private let probability: [Double]
    private let alias: [Int32]

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
        self.probability = probability
        self.alias = alias
    }

    public var count: Int { probability.count }

    /// Draws an index in `0..<count`.
    @inlinable
    public func sample(_ rng: inout Xoshiro256) -> Int {
        let i = rng.below(count)
        return rng.nextUnit() < probabilityAt(i) ? i : aliasAt(i)
    }

    @usableFromInline func probabilityAt(_ i: Int) -> Double { probability[i] }
    @usableFromInline func aliasAt(_ i: Int) -> Int { Int(alias[i]) }
}
