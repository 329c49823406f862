import Foundation

/// `sweep.html`: a table of every point, and curves of p99, peak depth and cost
/// against the varied setting, one curve per combination of the other settings,
/// with each curve's knee marked. Self-contained, like `report.html`.
public enum SweepPage {
    static let colors = ["#1f6fb2", "#d35400", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"]

    public static func render(_ points: [SweepPoint], axes: [SweepAxis], scenario: String, kneeFraction: Double = Sweep.defaultKneeFraction) -> String {
        let varied = axes.first?.path ?? "setting"
        let curves = Sweep.curves(points, axes: axes)
        func series(_ value: (SweepPoint) -> Double) -> [LineChart.Series] {
            curves.enumerated().map { i, c in
                LineChart.Series(name: c.label, color: colors[i % colors.count],
                                 points: c.points.map { (Double($0.settings[0].value) ?? 0, value($0)) })
            }
        }
        let knees: [(x: Double, label: String)] = curves.compactMap { c in
            Sweep.knee(c.points.map { (Double($0.settings[0].value) ?? 0, $0.p99) }, fraction: kneeFraction).map {
                ($0, curves.count > 1 ? "knee (\(c.label)): \(SVGScale.label($0))" : "knee: \(SVGScale.label($0))")
            }
        }
        var h = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>SpikeLab sweep · \(HTMLText.escape(scenario))</title>
            <style>\(HTMLReport.style)</style>
            </head>
            <body>
            <header>
            <p class="brand">SpikeLab sweep</p>
            <h1>\(HTMLText.escape(scenario)): \(HTMLText.escape(axes.map(\.path).joined(separator: " × ")))</h1>
            <p class="description">\(points.count) runs, same scenario and seed, only the settings differ. The knee is the smallest \(HTMLText.escape(varied)) past which end-to-end p99 improves by less than \(Int((kneeFraction * 100).rounded()))%.</p>
            </header>

            """
        h += "<section id=\"points\">\n<h2>Points</h2>\n<table class=\"percentiles\" id=\"sweep-table\">\n<thead><tr>"
        for a in axes { h += "<th>\(HTMLText.escape(a.path))</th>" }
        h += "<th>throughput/s</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>peak depth</th><th>drain s</th><th>throttled</th><th>dead-lettered</th><th>consumer-s</th><th></th></tr></thead>\n<tbody>\n"
        let kneeFolders = Set(curves.flatMap { c -> [String] in
            guard let x = Sweep.knee(c.points.map { (Double($0.settings[0].value) ?? 0, $0.p99) }, fraction: kneeFraction) else { return [] }
            return c.points.filter { Double($0.settings[0].value) == x }.map(\.folder)
        })
        for p in points {
            let l = p.endToEnd
            h += "<tr>"
            for s in p.settings { h += "<td class=\"num\">\(HTMLText.escape(s.value))</td>" }
            for v in [p.throughput, l?.p50Ms ?? 0, l?.p99Ms ?? 0, l?.p999Ms ?? 0, l?.maxMs ?? 0] { h += "<td class=\"num\">\(String(format: "%.1f", v))</td>" }
            h += "<td class=\"num\">\(ReportNumber.grouped(p.peakVisible))</td><td class=\"num\">\(p.drainSeconds.map { String(format: "%.1f", $0) } ?? "–")</td>"
            h += "<td class=\"num\">\(ReportNumber.grouped(p.throttled))</td><td class=\"num\">\(ReportNumber.grouped(p.deadLettered))</td>"
            h += "<td class=\"num\">\(String(format: "%.1f", p.consumerSeconds))</td><td>\(kneeFolders.contains(p.folder) ? "<strong>knee</strong>" : "")</td></tr>\n"
        }
        h += "</tbody>\n</table>\n</section>\n<section id=\"curves\">\n<h2>Curves</h2>\n"
        h += LineChart(id: "sweep-p99", title: "End-to-end p99", caption: "Whole-run end-to-end p99 of each point (log scale); the dashed line marks the knee.",
                       yLabel: "ms (log scale)", series: series { $0.p99 }, emptyMessage: "No records were stored.", logarithmic: true, xAxis: .values(label: varied),
                       markers: true, verticals: knees).render()
        h += LineChart(id: "sweep-depth", title: "Peak queue depth", caption: "The most messages visible at any interval's end.",
                       yLabel: "messages", series: series { Double($0.peakVisible) },
                       emptyMessage: "The queue never held a message at an interval's end, at any setting.", xAxis: .values(label: varied),
                       markers: true, verticals: knees).render()
        h += LineChart(id: "sweep-cost", title: "Cost: consumer-seconds", caption: "Seconds consumers spent in invocations, summed (what Lambda bills).",
                       yLabel: "consumer-seconds", series: series { $0.consumerSeconds },
                       emptyMessage: "No consumer ran.", xAxis: .values(label: varied), markers: true, verticals: knees).render()
        h += "</section>\n<footer>Generated by SpikeLab \(spikelabVersion). Each point's own report is in its folder.</footer>\n</body>\n</html>\n"
        return h
    }
}
