import RealModule

/// The layers of a ziggurat (Marsaglia and Tsang, 2000, with 256 layers and
/// Doornik's 2005 form, as in Rust's `rand_distr`): the region under a
/// decreasing density `f` on x ≥ 0, cut into a base strip (a rectangle of
/// height f(r) out to r, plus the tail beyond r) and 255 rectangles, all of
/// area `v`.
///
/// A draw picks a layer and a point across its width with one 64-bit number.
/// About 98% of points (98.5% for the normal, 97.8% for the exponential) fall
/// within the width of the layer above, wholly under the density, and return
/// at once, with no logarithm and no second number. The rest test the wedge
/// against the density or, in the base strip, sample the tail.
///
/// Invariants (tested): `x[0] = v / f(r)` (the base strip as a rectangle of
/// area v), `x[1] = r`, `x` strictly decreasing to `x[256] = 0`; `f[i] = f(x[i])`;
/// layer i ≥ 1 spans widths 0...x[i] and heights f[i]...f[i+1], of area v to
/// rounding.
///
/// Memory: two tables of 257 doubles, made once per process and never freed.
@usableFromInline
struct ZigguratTable: @unchecked Sendable {
    /// Layer widths, 257 entries (see the invariants).
    @usableFromInline let x: UnsafePointer<Double>
    /// The density at each width, 257 entries.
    @usableFromInline let f: UnsafePointer<Double>
    /// Where the tail starts.
    @usableFromInline let r: Double
    /// Each layer's area.
    let v: Double

    static let layers = 256

    /// Builds the layers down from `r`: each width is the one at which the
    /// density has risen by `v` over the layer below's width.
    init(r: Double, v: Double, density: (Double) -> Double, inverse: (Double) -> Double) {
        let n = Self.layers
        let x = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
        let f = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
        x[0] = v / density(r)
        x[1] = r
        for i in 1..<(n - 1) { x[i + 1] = inverse(density(x[i]) + v / x[i]) }
        x[n] = 0
        for i in 0...n { f[i] = density(x[i]) }
        self.x = UnsafePointer(x)
        self.f = UnsafePointer(f)
        self.r = r
        self.v = v
    }

    /// The standard normal's layers, for the unnormalized density e^(-x²/2):
    /// r as Marsaglia and Tsang give it for 256 layers; v, the base strip's
    /// area, computed from r (the rectangle plus the tail, √(π/2)·erfc(r/√2)).
    @usableFromInline
    static let normal: ZigguratTable = {
        let r = 3.654_152_885_361_008_8
        let v = r * Double.exp(-r * r / 2) + (Double.pi / 2).squareRoot() * Double.erfc(r / 2.0.squareRoot())
        return ZigguratTable(r: r, v: v, density: { Double.exp(-$0 * $0 / 2) },
                             inverse: { (-2 * Double.log($0)).squareRoot() })
    }()

    /// The standard exponential's layers, for the density e^(-x); v is
    /// e^(-r)·(r + 1), the rectangle plus the tail.
    @usableFromInline
    static let exponential: ZigguratTable = {
        let r = 7.697_117_470_131_049_7
        return ZigguratTable(r: r, v: Double.exp(-r) * (r + 1), density: { Double.exp(-$0) },
                             inverse: { -Double.log($0) })
    }()
}
