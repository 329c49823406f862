/// `latency.csv`: the percentile distribution of every stage, per workload and
/// for all workloads together (`workload` = `all`), in long form.
public enum LatencyCSV {
    /// The percentiles every distribution is read at.
    public static let percentiles: [Double] = [0, 10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100]

    public static let header = ["stage", "workload", "percentile", "value_ms", "count"]

    public static func render(_ histograms: StageHistograms) -> String {
        var table = CSVTable(header: header)
        for stage in Stage.allCases {
            var sets: [(String, LatencyHistogram)] = histograms.workloads.enumerated().map { ($1, histograms.histogram(stage, workload: $0)) }
            if histograms.workloads.count > 1 { sets.append(("all", histograms.merged(stage))) }
            for (workload, h) in sets where h.count > 0 {
                // One pass for all levels (each equals `percentile(p)`).
                let values = h.percentiles(percentiles)
                for (p, v) in zip(percentiles, values) {
                    let value = p == 0 ? h.min : p == 100 ? h.max : v
                    table.append([stage.rawValue, workload, percentileLabel(p), ReportNumber.milliseconds(value), "\(h.count)"])
                }
            }
        }
        return table.text
    }

    /// `99.9`, `50`: no trailing zeros.
    static func percentileLabel(_ p: Double) -> String {
        p == p.rounded() ? String(Int(p)) : String(p)
    }
}
