/// Threshold results in words, for the terminal and the report.
public enum ThresholdText {
    static func value(_ v: Double, unit: String) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return v.description }
        switch unit {
        case "ms" where v >= 0: return ReportNumber.latency(UInt64((v * 1000).rounded()))
        case "ms": return "\(ReportNumber.rounded(v, 3))ms"
        case "s": return "\(ReportNumber.rounded(v, 2))s"
        case "fraction": return "\(ReportNumber.rounded(v * 100, 3))%"
        default: return v == v.rounded() ? ReportNumber.grouped(Int(v)) : ReportNumber.rounded(v, 2)
        }
    }

    /// `observed 1.21s`, with the windows when there are any.
    public static func observed(_ t: ThresholdResult) -> String {
        if t.unmeasured == true { return "not measured: the target does not report this stage (only a SpikeLab server does)" }
        var s = "observed \(value(t.observed, unit: t.unit)) over the run"
        if let seconds = t.windowSeconds, let n = t.windows, let failed = t.windowsFailed {
            s += "; \(failed) of \(n) \(SVGScale.timeLabel(seconds)) windows failed"
            if let w = t.worstWindow {
                s += "; \(failed > 0 ? "worst" : "closest") \(value(w.value, unit: t.unit)) at \(SVGScale.timeLabel(w.startSeconds))–\(SVGScale.timeLabel(w.endSeconds))"
            }
        }
        return s
    }
}
