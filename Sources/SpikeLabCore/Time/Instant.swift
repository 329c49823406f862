/// A point on a run's timeline: nanoseconds since the run started.
///
/// Both engines speak this type: the virtual engine advances it event by event,
/// the wall-clock engine reads it off the system clock. Components never read a
/// clock themselves; they are handed an `Instant` as `now:`.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the start of the run. Never negative in a run.
    public var nanoseconds: Int64

    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The start of every run.
    @inlinable public static var zero: Instant { Instant(nanoseconds: 0) }
    /// Later than any instant a run reaches.
    @inlinable public static var distantFuture: Instant { Instant(nanoseconds: .max / 4) }

    @inlinable
    public static func seconds(_ seconds: Double) -> Instant {
        Instant(nanoseconds: Int64((seconds * 1e9).rounded()))
    }

    /// Seconds since the start of the run.
    @inlinable
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable
    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    @inlinable
    public static func + (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }

    @inlinable
    public static func - (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
    }

    @inlinable
    public static func - (lhs: Instant, rhs: Instant) -> TimeSpan {
        TimeSpan(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
    }

    public var description: String { "t+\(TimeSpan(nanoseconds: nanoseconds))" }
}
