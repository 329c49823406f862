import Foundation

/// The latency distribution of each stage on a percentile axis, HdrHistogram
/// style: x is 1/(1-p) on a log scale (so 90%, 99%, 99.9% … are evenly spaced),
/// y is the latency. One small chart per stage, each with its own y scale; every
/// point carries its exact value in a title.
struct PercentileChart {
    var id: String
    var distributions: [(stage: String, points: [HgrmFiles.Point])]

    func render() -> String {
        var out = "<figure class=\"chart\" id=\"\(id)\">\n<h3>Latency distribution by stage</h3>\n"
        let drawable = distributions.filter { !$0.points.isEmpty }
        if drawable.isEmpty {
            out += "<p class=\"empty\">No latencies were recorded.</p>\n"
        } else {
            out += "<div class=\"multiples\">\n"
            for d in drawable { out += small(d.stage, d.points) }
            out += "</div>\n"
        }
        out += "<figcaption>Each point is a percentile of the stage's whole-run histogram; hover for its exact value. The x axis spreads the tail: 90%, 99%, 99.9% are equally far apart.</figcaption>\n</figure>\n"
        return out
    }

    private func small(_ stage: String, _ points: [HgrmFiles.Point]) -> String {
        let width = 360.0, height = 230.0
        let left = 58.0, right = 28.0, top = 28.0, bottom = 40.0
        let finite = points.filter { $0.percentile < 1 }
        let maxInverse = min(1e5, max(10, finite.map { 1 / (1 - $0.percentile) }.max() ?? 10))
        let decades = Int(Foundation.ceil(Foundation.log10(maxInverse)))
        let xTop = Foundation.pow(10, Double(decades))
        let x = SVGScale(lower: 1, upper: xTop, from: left, to: width - right, logarithmic: true)
        let (yTicks, yTop) = SVGScale.ticks(upTo: max(points.map(\.value).max() ?? 1, 1e-6), count: 4)
        let y = SVGScale(lower: 0, upper: yTop, from: height - bottom, to: top)
        func px(_ p: HgrmFiles.Point) -> Double { p.percentile >= 1 ? x.position(xTop) : x.position(min(xTop, 1 / (1 - p.percentile))) }
        var s = "<svg class=\"small\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(stage) latency distribution\">\n"
        s += "<text class=\"small-title\" x=\"\(HTMLText.px(left))\" y=\"16\">\(HTMLText.escape(stage))</text>\n"
        for t in yTicks {
            let py = y.position(t)
            s += "<line class=\"grid\" x1=\"\(HTMLText.px(left))\" x2=\"\(HTMLText.px(width - right))\" y1=\"\(HTMLText.px(py))\" y2=\"\(HTMLText.px(py))\"/>"
            s += "<text class=\"tick\" x=\"\(HTMLText.px(left - 5))\" y=\"\(HTMLText.px(py + 4))\" text-anchor=\"end\">\(SVGScale.label(t))</text>\n"
        }
        let labels = ["0", "90", "99", "99.9", "99.99", "99.999"]
        for d in 0...decades where d < labels.count {
            let px = x.position(Foundation.pow(10, Double(d)))
            s += "<line class=\"axis\" x1=\"\(HTMLText.px(px))\" x2=\"\(HTMLText.px(px))\" y1=\"\(HTMLText.px(height - bottom))\" y2=\"\(HTMLText.px(height - bottom + 4))\"/>"
            s += "<text class=\"tick\" x=\"\(HTMLText.px(px))\" y=\"\(HTMLText.px(height - bottom + 16))\" text-anchor=\"middle\">\(labels[d])</text>\n"
        }
        s += "<line class=\"axis\" x1=\"\(HTMLText.px(left))\" x2=\"\(HTMLText.px(width - right))\" y1=\"\(HTMLText.px(height - bottom))\" y2=\"\(HTMLText.px(height - bottom))\"/>\n"
        s += "<text class=\"axis-title\" x=\"\(HTMLText.px((left + width - right) / 2))\" y=\"\(HTMLText.px(height - 6))\" text-anchor=\"middle\">percentile (%)</text>\n"
        s += "<text class=\"axis-title\" transform=\"translate(13 \(HTMLText.px((top + height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">ms</text>\n"
        let path = points.map { "\(HTMLText.px(px($0))),\(HTMLText.px(y.position($0.value)))" }.joined(separator: " ")
        s += "<polyline class=\"line\" fill=\"none\" stroke=\"#1f6fb2\" points=\"\(path)\"/>\n"
        for p in points {
            let label = p.percentile >= 1 ? "max" : "p\(SVGScale.trim(((p.percentile * 100) * 10_000).rounded() / 10_000))"
            s += "<circle class=\"pt\" cx=\"\(HTMLText.px(px(p)))\" cy=\"\(HTMLText.px(y.position(p.value)))\" r=\"1.8\"><title>\(label): \(String(format: "%.3f", p.value)) ms (\(p.totalCount) values at or below)</title></circle>\n"
        }
        s += "</svg>\n"
        return s
    }
}
