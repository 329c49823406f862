/// A length of time in nanoseconds.
///
/// Deliberately not `Swift.Duration`: that type's 128-bit arithmetic costs more
/// than a hot discrete-event loop wants, and a run never needs more than 292 years.
public struct TimeSpan: Comparable, Hashable, Sendable, AdditiveArithmetic, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    @inlinable public static var zero: TimeSpan { TimeSpan(nanoseconds: 0) }

    @inlinable public static func nanoseconds(_ n: Int64) -> TimeSpan { TimeSpan(nanoseconds: n) }
    @inlinable public static func microseconds(_ n: Int64) -> TimeSpan { TimeSpan(nanoseconds: n * 1_000) }
    @inlinable public static func milliseconds(_ n: Int64) -> TimeSpan { TimeSpan(nanoseconds: n * 1_000_000) }
    @inlinable public static func seconds(_ s: Double) -> TimeSpan { TimeSpan(nanoseconds: Int64((s * 1e9).rounded())) }

    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }
    /// Whole microseconds, rounded to nearest: the unit of every histogram.
    @inlinable public var microseconds: Int64 { (nanoseconds + 500) / 1_000 }

    @inlinable public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    @inlinable public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan { TimeSpan(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds) }
    @inlinable public static func - (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan { TimeSpan(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds) }
    @inlinable public static func * (lhs: TimeSpan, rhs: Int64) -> TimeSpan { TimeSpan(nanoseconds: lhs.nanoseconds &* rhs) }

    /// Formats with the largest unit that keeps the number readable: `1.5s`, `250ms`, `80µs`.
    public var description: String {
        let n = nanoseconds
        let a = abs(n)
        if a >= 1_000_000_000 { return "\(Self.trim(Double(n) / 1e9))s" }
        if a >= 1_000_000 { return "\(Self.trim(Double(n) / 1e6))ms" }
        if a >= 1_000 { return "\(Self.trim(Double(n) / 1e3))µs" }
        return "\(n)ns"
    }

    private static func trim(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        return String(rounded)
    }
}
