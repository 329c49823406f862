import Histogram
import SpikeLabCore

/// An HdrHistogram of microseconds (1 µs to one day, 3 significant digits) that
/// counts, rather than drops, values out of its range.
///
/// Memory is fixed at construction (about 220 KB) whatever the run length.
public struct LatencyHistogram: Sendable, Codable {
    public private(set) var histogram: Histogram<UInt64>
    /// Values above the highest trackable value, recorded as that value.
    public private(set) var outOfRange: UInt64 = 0

    /// One day in microseconds.
    public static let highestTrackable: UInt64 = 86_400_000_000

    public init() {
        histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: Self.highestTrackable, numberOfSignificantValueDigits: .three)
    }

    /// Records a duration, rounded to whole microseconds.
    /// - Complexity: O(1).
    @inlinable
    public mutating func record(_ span: TimeSpan) {
        recordMicroseconds(UInt64(Swift.max(0, span.microseconds)))
    }

    @usableFromInline
    mutating func recordMicroseconds(_ value: UInt64) {
        if !histogram.record(value) {
            outOfRange += 1
            _ = histogram.record(Self.highestTrackable)
        }
    }

    public var count: UInt64 { histogram.totalCount }

    /// Merges another histogram in (percentiles are never averaged).
    public mutating func add(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        outOfRange += other.outOfRange
    }

    /// Empties the histogram.
    ///
    /// It assigns a shared empty histogram rather than calling
    /// `Histogram.reset()`, which is generic code that the package does not
    /// make inlinable: unspecialized, it zeroes its ~28,700 buckets one witness
    /// call at a time: closing an interval, mostly this reset, took 8.5% of the
    /// flash sale's event-loop samples, 2.6% since. The next record copies the
    /// empty counts once (copy-on-write); an empty histogram is left alone.
    public mutating func reset() {
        outOfRange = 0
        guard count > 0 else { return }
        histogram = Self.empty
    }

    /// Nothing recorded, same range and precision as every `LatencyHistogram`.
    private static let empty = LatencyHistogram().histogram

    /// The value at percentile `p` (0 to 100), in microseconds; 0 when empty.
    public func percentile(_ p: Double) -> UInt64 {
        count == 0 ? 0 : histogram.valueAtPercentile(p)
    }

    /// The values at several percentiles (each 0 to 100, in ascending order), in
    /// one pass over the recorded values: each is what `percentile(_:)` gives.
    /// - Complexity: O(n) for n buckets up to the largest value recorded, once,
    ///   and specialized here (`Histogram.valueAtPercentile` is generic code
    ///   called across the module boundary, one pass per percentile).
    public func percentiles(_ ps: [Double]) -> [UInt64] {
        guard count > 0 else { return ps.map { _ in 0 } }
        let total = Double(count)
        // The count each percentile needs, as `valueAtPercentile` rounds it.
        let targets = ps.map { p -> UInt64 in
            let requested = Swift.min(Swift.max(p.nextDown, 0), 100)
            return Swift.max(1, UInt64((requested * total / 100).rounded(.up)))
        }
        let low = histogram.min, high = histogram.maxRecorded
        var values = [UInt64](repeating: 0, count: ps.count)
        var next = 0
        while next < ps.count, ps[next] == 0 {
            values[next] = low
            next += 1
        }
        for v in histogram.recordedValues() {
            while next < ps.count, ps[next] < 100, v.totalCountToThisValue >= targets[next] {
                values[next] = Swift.max(Swift.min(v.value, high), low)
                next += 1
            }
            // Done, or only the maximum is left: the buckets above are not read.
            if next == ps.count || ps[next] >= 100 { break }
        }
        for i in next..<ps.count where ps[i] >= 100 { values[i] = high }
        return values
    }

    /// How many values were recorded at or below `micros`.
    public func count(atOrBelow micros: UInt64) -> UInt64 {
        count == 0 ? 0 : histogram.count(within: 0...micros)
    }

    public var max: UInt64 { count == 0 ? 0 : histogram.max }
    public var min: UInt64 { count == 0 ? 0 : histogram.min }

    /// The mean, bit for bit what `Histogram.mean` gives (the same sum in the same
    /// order), in code specialized here: the package's `mean` and `stdDeviation`
    /// are generic and not inlinable, so they ran unspecialized, a witness call
    /// at a time: about half the time spent building a report's summary.
    /// - Complexity: O(n) for n buckets up to the largest value recorded.
    public var mean: Double {
        guard count > 0 else { return 0 }
        var total: Double = 0
        for v in histogram.recordedValues() {
            total += Double(medianEquivalent(v.value)) * Double(v.count)
        }
        return total / Double(histogram.totalCount)
    }

    /// The standard deviation, bit for bit what `Histogram.stdDeviation` gives
    /// (see `mean`).
    public var stdDeviation: Double {
        guard count > 0 else { return 0 }
        let mean = mean
        var total = 0.0
        for v in histogram.recordedValues() {
            let deviation = Double(medianEquivalent(v.value)) - mean
            total += (deviation * deviation) * Double(v.count)
        }
        return (total / Double(histogram.totalCount)).squareRoot()
    }

    /// `Histogram.medianEquivalentForValue`, from its inlinable parts.
    private func medianEquivalent(_ value: UInt64) -> UInt64 {
        histogram.lowestEquivalentForValue(value) + (histogram.sizeOfEquivalentRangeForValue(value) >> 1)
    }
}
