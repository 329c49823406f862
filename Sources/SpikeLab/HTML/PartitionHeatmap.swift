/// Store throttling per partition over time as a heatmap: one row per
/// partition, one column per time bucket, darker for more throttled writes, so
/// that a hot partition stands out as one dark stripe.
struct PartitionHeatmap {
    var id: String
    /// `throttled[p][i]`: partition p, interval i.
    var throttled: [[Double]]
    var intervalEnds: [Double]
    var intervalSeconds: Double
    var width = 1100.0
    var maxColumns = 300

    func render() -> String {
        var out = "<figure class=\"chart\" id=\"\(id)\">\n<h3>Store throttling per partition</h3>\n"
        let total = throttled.reduce(0) { $0 + $1.reduce(0, +) }
        if total == 0 || intervalEnds.isEmpty {
            out += "<p class=\"empty\">No store writes were throttled on any of the \(throttled.count) partitions.</p>\n"
        } else {
            out += svg()
        }
        out += "<figcaption>Throttled writes per partition and time bucket; darker is more. Hover a cell for its count.</figcaption>\n</figure>\n"
        return out
    }

    private func svg() -> String {
        let rows = throttled.count
        let n = intervalEnds.count
        let per = max(1, (n + maxColumns - 1) / maxColumns)
        let columns = (n + per - 1) / per
        // Sum intervals into buckets (counts add; nothing is averaged).
        var cells = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
        for p in 0..<rows { for i in 0..<min(n, throttled[p].count) { cells[p][i / per] += throttled[p][i] } }
        let peak = cells.flatMap { $0 }.max() ?? 1
        let left = 72.0, right = 24.0, top = 10.0, rowHeight = max(10.0, min(22.0, 240.0 / Double(rows)))
        let height = top + rowHeight * Double(rows) + 48
        let x0 = (intervalEnds.first ?? intervalSeconds) - intervalSeconds
        let x1 = intervalEnds.last ?? 1
        let x = SVGScale(lower: x0, upper: x1, from: left, to: width - right)
        var s = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"store throttling per partition\">\n"
        for p in 0..<rows {
            let py = top + rowHeight * Double(p)
            s += "<rect x=\"\(HTMLText.px(left))\" y=\"\(HTMLText.px(py))\" width=\"\(HTMLText.px(width - left - right))\" height=\"\(HTMLText.px(rowHeight - 1))\" class=\"heat-bg\"/>"
            s += "<text class=\"tick\" x=\"\(HTMLText.px(left - 6))\" y=\"\(HTMLText.px(py + rowHeight * 0.7))\" text-anchor=\"end\">p\(p)</text>\n"
            for c in 0..<columns where cells[p][c] > 0 {
                let start = x0 + Double(c * per) * intervalSeconds
                let end = min(x1, start + Double(per) * intervalSeconds)
                let a = x.position(start)
                let b = x.position(end)
                let share = cells[p][c] / peak
                let opacity = ((0.15 + 0.85 * share) * 100).rounded() / 100
                s += "<rect x=\"\(HTMLText.px(a))\" y=\"\(HTMLText.px(py))\" width=\"\(HTMLText.px(max(b - a, 1)))\" height=\"\(HTMLText.px(rowHeight - 1))\" fill=\"#c0392b\" fill-opacity=\"\(HTMLText.px(opacity))\"><title>p\(p), \(SVGScale.timeLabel(start))–\(SVGScale.timeLabel(end)): \(Int(cells[p][c])) throttled</title></rect>\n"
            }
        }
        let axisY = top + rowHeight * Double(rows)
        for t in SVGScale.timeTicks(x0, x1) {
            let px = x.position(t)
            s += "<text class=\"tick\" x=\"\(HTMLText.px(px))\" y=\"\(HTMLText.px(axisY + 16))\" text-anchor=\"middle\">\(SVGScale.timeLabel(t))</text>\n"
        }
        s += "<text class=\"axis-title\" x=\"\(HTMLText.px((left + width - right) / 2))\" y=\"\(HTMLText.px(height - 8))\" text-anchor=\"middle\">time since start (darkest cell: \(Int(peak)) throttled writes)</text>\n"
        s += "</svg>\n"
        return s
    }
}
