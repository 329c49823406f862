import Histogram

/// One `.hgrm` file per stage: HdrHistogram's percentile distribution text
/// (values in milliseconds, five ticks per half distance, with the
/// mean/max/buckets footer), which HdrHistogram's plotter reads.
public enum HgrmFiles {
    /// File name → text, for every stage with at least one value (all workloads merged).
    public static func render(_ histograms: StageHistograms) -> [(name: String, text: String)] {
        Stage.allCases.compactMap { stage in
            let merged = histograms.merged(stage)
            guard merged.count > 0 else { return nil }
            var text = ""
            merged.histogram.outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: 1000)
            return ("\(stage.rawValue).hgrm", text)
        }
    }

    /// One point of a distribution read back from a `.hgrm` file.
    public struct Point: Sendable, Equatable {
        /// Milliseconds.
        public var value: Double
        /// 0 to 1.
        public var percentile: Double
        public var totalCount: UInt64
    }

    /// Parses the rows of a `.hgrm` file (header and footer skipped).
    public static func parse(_ text: String) -> [Point] {
        text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard cells.count >= 3, let v = Double(cells[0]), let p = Double(cells[1]), let n = UInt64(cells[2]) else { return nil }
            return Point(value: v, percentile: p, totalCount: n)
        }
    }
}
