/// An on-demand table's instant limit: twice the previous peak.
///
/// Counts write units per whole second; a second may use up to twice the
/// busiest completed second so far (or the initial capacity, whichever is more).
struct OnDemandLimit: Sendable {
    private var peak: Double
    private var second: Int64 = 0
    private var used = 0.0

    init(initialCapacity: Double) { peak = initialCapacity / 2 }

    /// The current second's limit.
    var limit: Double { 2 * peak }

    mutating func tryTake(_ units: Double, now: Instant) -> Bool {
        let s = now.nanoseconds / 1_000_000_000
        if s != second {
            peak = max(peak, used)
            second = s
            used = 0
        }
        guard used + units <= limit else { return false }
        used += units
        return true
    }
}
