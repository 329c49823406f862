import Foundation

/// An axis: maps values to pixels and chooses readable ticks (1, 2 or 5 × 10^k).
struct SVGScale {
    var lower: Double
    var upper: Double
    /// Pixel positions of `lower` and `upper`.
    var from: Double
    var to: Double
    var logarithmic = false

    func position(_ v: Double) -> Double {
        if logarithmic {
            let l = Foundation.log10(max(lower, 1e-12))
            let u = Foundation.log10(max(upper, 1e-12))
            let x = Foundation.log10(max(v, 1e-12))
            return from + (to - from) * (u > l ? (x - l) / (u - l) : 0)
        }
        return from + (to - from) * (upper > lower ? (v - lower) / (upper - lower) : 0)
    }

    /// A step near `range / count` that is 1, 2 or 5 times a power of ten.
    static func niceStep(_ range: Double, count: Int) -> Double {
        guard range > 0 else { return 1 }
        let raw = range / Double(max(count, 1))
        let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        for m in [1.0, 2, 5, 10] where raw <= m * magnitude { return m * magnitude }
        return 10 * magnitude
    }

    /// Ticks from 0 (or `lower`) to the first nice value at or above `upper`, and that top.
    static func ticks(upTo upper: Double, count: Int = 5) -> (ticks: [Double], top: Double) {
        let step = niceStep(upper, count: count)
        let top = max(step, Foundation.ceil(upper / step) * step)
        return (stride(from: 0, through: top + step / 2, by: step).map { $0 }, top)
    }

    /// Time ticks: nice steps in seconds, minutes or hours.
    static func timeTicks(_ lower: Double, _ upper: Double, count: Int = 8) -> [Double] {
        let range = upper - lower
        let candidates: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400]
        let step = candidates.first { range / $0 <= Double(count) } ?? 86400
        let first = Foundation.ceil(lower / step) * step
        return stride(from: first, through: upper, by: step).map { $0 }
    }

    /// `45s`, `2m`, `1m30s`, `2h`.
    static func timeLabel(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return s % 60 == 0 ? "\(s / 60)m" : "\(s / 60)m\(s % 60)s" }
        return s % 3600 == 0 ? "\(s / 3600)h" : "\(s / 3600)h\((s % 3600) / 60)m"
    }

    /// A value label with at most three significant digits and k/M suffixes.
    static func label(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e6 { return trim(v / 1e6) + "M" }
        if a >= 1e4 { return trim(v / 1e3) + "k" }
        return trim(v)
    }

    static func trim(_ v: Double) -> String {
        if v == v.rounded() { return String(Int(v)) }
        var s = String(format: "%.2f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
