import Foundation
import Histogram
import SpikeLabCore

/// One `.hgrm` file per stage: HdrHistogram's percentile distribution text
/// (values in milliseconds, five ticks per half distance, with the
/// mean/max/buckets footer), which HdrHistogram's plotter reads.
public enum HgrmFiles {
    /// File name → text, for every stage with at least one value (all workloads merged).
    public static func render(_ histograms: StageHistograms) -> [(name: String, text: String)] {
        Stage.allCases.compactMap { stage in
            let merged = histograms.merged(stage)
            guard merged.count > 0 else { return nil }
            return ("\(stage.rawValue).hgrm", distribution(merged))
        }
    }

    /// The text `Histogram.outputPercentileDistribution(to:outputValueUnitScalingRatio: 1000)`
    /// writes (plain text, five ticks per half distance), character for character,
    /// in code specialized here: the package's function is generic and not
    /// inlinable, so its iteration, mean and deviation ran unspecialized, which was
    /// half the time spent writing the flash sale's report. The same format strings
    /// and values; the header and the buckets line, which depend only on the
    /// histogram's configuration, are taken from the package's own text.
    /// - Precondition: `h.count > 0`.
    static func distribution(_ h: LatencyHistogram) -> String {
        let ratio = 1000.0
        var text = frame.header
        for v in h.histogram.percentiles(ticksPerHalfDistance: 5) {
            let level = v.percentileLevelIteratedTo
            if level != 100.0 {
                text += String(format: "%12.3f %2.12f %10d %14.2f\n", Double(v.value) / ratio, level / 100.0,
                               v.totalCountToThisValue, 1.0 / (1.0 - (level / 100.0)))
            } else {
                text += String(format: "%12.3f %2.12f %10d\n", Double(v.value) / ratio, level / 100.0, v.totalCountToThisValue)
            }
        }
        text += String(format: "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n", h.mean / ratio, h.stdDeviation / ratio)
        text += String(format: "#[Max     = %12.3f, Total count    = %12d]\n", Double(h.histogram.max) / ratio, h.histogram.totalCount)
        return text + frame.buckets
    }

    /// The column header and the `#[Buckets …]` line of the package's text for a
    /// `LatencyHistogram`.
    private static let frame: (header: String, buckets: String) = {
        var one = LatencyHistogram()
        one.record(.microseconds(1))
        var text = ""
        one.histogram.outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: 1000)
        let header = text.range(of: "\n\n").map { String(text[..<$0.upperBound]) } ?? ""
        let buckets = text.range(of: "#[Buckets").map { String(text[$0.lowerBound...]) } ?? ""
        return (header, buckets)
    }()

    /// One point of a distribution read back from a `.hgrm` file.
    public struct Point: Sendable, Equatable {
        /// Milliseconds.
        public var value: Double
        /// 0 to 1.
        public var percentile: Double
        public var totalCount: UInt64
    }

    /// Parses the rows of a `.hgrm` file: header and footer skipped, and any row no
    /// run writes (a value negative or past 10^15 ms, a percentile outside 0–1).
    public static func parse(_ text: String) -> [Point] {
        text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard cells.count >= 3, let v = Double(cells[0]), let p = Double(cells[1]), let n = UInt64(cells[2]),
                  v >= 0, v < 1e15, (0...1).contains(p) else { return nil }
            return Point(value: v, percentile: p, totalCount: n)
        }
    }
}
